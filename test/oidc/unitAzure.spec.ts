/**
 * The OIDC part of the Azure DevOps unit (model/oidc/azure-devops/), at unit level, against
 * expectations written here by hand (issue 33): an identity bound to the values of
 * that CI's documented example token (test/fixtures/oidc-claims/*.json, each with its source; see
 * docs/assumptions.md "CI tokens"),
 *
 * - the exact policies (every rule, description and fixed part, allows then denies);
 * - the documented token (with the identity's values laid over it) obtains exactly the token, and
 *   each pin of the allow policy, dropped alone, admits a token that differs only in that claim;
 * - the oracle (`intended`): true for the intended context, false when any one field differs;
 * - the scenarios: their labels in order, and each grants exactly what the oracle says.
 *
 * Nothing is built while mocha loads the spec (test/support/stryker.ts): fixtures are read and
 * identities made inside the tests.
 */
import assert from "node:assert/strict";
import type { CiBinding } from "../../model/access";
import {
  AZURE_DEVOPS_AUDIENCE,
  azureClaims,
  azureDevops,
  AzureShape,
  azureSubject,
} from "../../model/oidc/azure-devops";
import {
  AUD,
  documented,
  identity,
  assertEachPinMatters,
  assertScenariosAgree,
} from "./unitPinsSupport";

// ---------------------------------------------------------------------------------------------
// Azure DevOps: the azure-oidc README (sub sc://<org>/<project>/<service connection name>)
// ---------------------------------------------------------------------------------------------

type AzureBinding = Extract<CiBinding, { system: "azure-devops" }>;
// The documented token: iss https://vstoken.dev.azure.com/6f1c2d3e-..., sub
// sc://contoso/infra/prod-connection, aud api://AzureADTokenExchange.
const ADO_ORG_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const AZURE: AzureBinding = {
  system: "azure-devops",
  issuer: `https://vstoken.dev.azure.com/${ADO_ORG_ID}`,
  issuerKind: "azure-devops",
  subject: "sc://contoso/infra/prod-connection",
  organizationId: ADO_ORG_ID,
  organization: "contoso",
  project: "infra",
  serviceConnection: { name: "prod-connection", id: "2e8c0d3a-0000-4000-8000-000000000001" },
};
// The documented Entra token (its subject a placeholder given verbatim, docs/assumptions.md).
const ENTRA: AzureBinding = {
  ...AZURE,
  issuer: "https://login.microsoftonline.com/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f/v2.0",
  issuerKind: "entra",
  subject: "/eid1/c/pub/t/AbCdEf_gh-12/a/ZyXw_v-98/sc/6f1c2d3e/2e8c0d3a",
};

describe("oidc units: Azure DevOps policies, pins and oracle (issue 33)", () => {
  it("a deploy: Azure's fixed audience and the connection's subject", () =>
    assert.deepEqual(azureDevops.policies(identity(AZURE), AZURE, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "billing-prod-deploy",
        rules: { aud: "api://AzureADTokenExchange", sub: "sc://contoso/infra/prod-connection" },
        description:
          "billing/prod deploy: the token of team billing-prod-deploy for a job that Azure DevOps organization " +
          `${ADO_ORG_ID} let use service connection prod-connection (2e8c0d3a-0000-4000-8000-000000000001) of project infra` +
          " (its approvals and branch control check gate the job)",
      },
    ]));

  it("an Entra preview: the verbatim subject, the Entra issuer named, no approval text", () => {
    const [p] = azureDevops.policies(identity(ENTRA, { purpose: "preview" }), ENTRA, "acme");
    assert.deepEqual(p.rules, { aud: AZURE_DEVOPS_AUDIENCE, sub: ENTRA.subject });
    assert.ok(
      p.description.endsWith(` of project infra (Microsoft Entra issuer ${ENTRA.issuer})`),
      p.description,
    );
  });

  it("the subject is the documented sc://<org>/<project>/<service connection name>", () =>
    assert.equal(
      azureSubject({
        organization: "contoso",
        project: "infra",
        serviceConnection: "prod-connection",
      }),
      documented("azure-devops").sub,
    ));

  it("each pin, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = azureDevops.policies(identity(AZURE), AZURE, "acme");
    assertEachPinMatters(allow, documented("azure-devops"), {
      aud: AUD,
      sub: "sc://contoso/infra/prod-connection-other",
    });
    const [entra] = azureDevops.policies(identity(ENTRA), ENTRA, "acme");
    assertEachPinMatters(entra, documented("azure-devops-entra"), {
      aud: AUD,
      sub: `${ENTRA.subject}/x`,
    });
  });

  it("the oracle: exactly this connection, from its issuer, for Azure's audience", () => {
    const shape: AzureShape = {
      issuer: AZURE.issuer,
      subject: AZURE.subject,
      audience: AZURE_DEVOPS_AUDIENCE,
      job: "a job",
    };
    const who = identity(AZURE);
    assert.equal(azureDevops.intended(who, AZURE, shape, "acme"), true);
    for (const [k, v] of Object.entries({
      issuer: ENTRA.issuer,
      subject: "sc://contoso/infra/other",
      audience: AUD,
    }))
      assert.equal(azureDevops.intended(who, AZURE, { ...shape, [k]: v }, "acme"), false, k);
  });

  it("the scenarios of each issuer, in order, each granted exactly as the oracle says", () => {
    assert.deepEqual(assertScenariosAgree(azureDevops, identity(AZURE), AZURE), [
      "intended",
      "another service connection of the project",
      "a service connection of the same name in another project",
      "another organization with the same names",
      "a Microsoft Entra token with the same subject",
      "another audience",
    ]);
    const s = azureDevops.scenarios(identity(AZURE), AZURE, "acme");
    assert.deepEqual(
      s.map((x) => [x.shape.issuer, x.shape.subject]),
      [
        [AZURE.issuer, AZURE.subject],
        [AZURE.issuer, "sc://contoso/infra/prod-connection-other"],
        [AZURE.issuer, "sc://contoso/infra-other/prod-connection"],
        ["https://vstoken.dev.azure.com/00000000-0000-4000-8000-000000000000", AZURE.subject],
        [
          "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0",
          AZURE.subject,
        ],
        [AZURE.issuer, AZURE.subject],
      ],
    );
    assert.equal(s[0].context, "job using service connection prod-connection of contoso/infra");
    assert.deepEqual(assertScenariosAgree(azureDevops, identity(ENTRA), ENTRA), [
      "intended",
      "another service connection of the tenant",
      "a subject that extends the declared one",
      "another tenant with the same subject",
      "the same connection's token from the Azure DevOps issuer",
      "another audience",
    ]);
    assert.equal(s[5].shape.audience, "urn:pulumi:org:someone-else");
    const e = azureDevops.scenarios(identity(ENTRA), ENTRA, "acme");
    assert.deepEqual(
      e.map((x) => [x.shape.issuer, x.shape.subject, x.shape.audience]),
      [
        [ENTRA.issuer, ENTRA.subject, AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, `${ENTRA.subject}-other`, AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, `${ENTRA.subject}/x`, AZURE_DEVOPS_AUDIENCE],
        [
          "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0",
          ENTRA.subject,
          AZURE_DEVOPS_AUDIENCE,
        ],
        [AZURE.issuer, "sc://contoso/infra/prod-connection", AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, ENTRA.subject, "urn:pulumi:org:someone-else"],
      ],
    );
    assert.deepEqual(e[4].shape, {
      ...e[0].shape,
      issuer: AZURE.issuer,
      subject: "sc://contoso/infra/prod-connection",
    });
  });

  it("the claims: exactly the documented token's iss, sub and aud", () => {
    const doc = documented("azure-devops");
    assert.deepEqual(
      azureClaims({
        issuer: AZURE.issuer,
        subject: AZURE.subject,
        audience: AZURE_DEVOPS_AUDIENCE,
        job: "j",
      }),
      { iss: doc.iss, sub: doc.sub, aud: doc.aud },
    );
  });
});
