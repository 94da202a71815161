/**
 * Issue 24, item 2: Azure DevOps jobs obtain their service connection's id token through a task
 * that references the connection (AzureCLI@2, addSpnToEnvironment), and the Microsoft Entra issuer
 * is followed by the policies, the issuer registration and the simulator.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { CiBinding, MachineIdentity } from "../../../model/access";
import { renderCiFiles } from "../../../model/ci/files";
import { buildIssuers, CI_UNITS } from "../../../model/oidc/ciIssuers";
import { orgCandidates, tokensAcross } from "../../../model/oidc/issuers";
import { tokenLabel } from "../../../model/oidc/policies";
import { key } from "../../hardening/support";
import { MULTI_CI_IDS, multiCi, multiCiModel, PROJECT } from "../../support/multiCi";

const ENTRA = JSON.parse(
  readFileSync(
    path.join(__dirname, "..", "..", "fixtures", "oidc-claims", "azure-devops-entra.json"),
    "utf8",
  ),
) as { claims: Record<string, unknown> };
const TENANT = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Step = Record<string, any>;

function azureSteps(content: string): Step[][] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc = parse(content) as any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return doc.stages.map((s: any) => {
    const job = s.jobs[0];
    return job.steps ?? job.strategy.runOnce.deploy.steps;
  });
}

describe("Azure DevOps: the id token of the declared service connection (issue 24, item 2)", () => {
  it("every job gets its token from AzureCLI@2 with its own connection and addSpnToEnvironment", () => {
    const { files, model } = multiCi();
    const f = files.find((x) => x.path === "azure-pipelines.yml");
    assert.ok(f);
    assert.doesNotMatch(f.content, /OIDCREQUESTURI|OidcRequestUri|System\.AccessToken|curl /i);
    const ledger = model.pipelines.filter((p) => p.ci === "azure-devops");
    const expected = ledger.flatMap((p) =>
      [p.preview, p.deploy]
        .filter((i): i is MachineIdentity => i !== undefined)
        .map(
          (i) =>
            (i.binding as Extract<CiBinding, { system: "azure-devops" }>).serviceConnection.name,
        ),
    );
    const seen: string[] = [];
    for (const steps of azureSteps(f.content)) {
      const tasks = steps.filter((s) => s.task !== undefined);
      assert.equal(tasks.length, 1, JSON.stringify(steps));
      const [t] = tasks;
      assert.equal(t.task, "AzureCLI@2");
      assert.equal(t.inputs.addSpnToEnvironment, true);
      assert.equal(t.inputs.scriptType, "bash");
      assert.match(t.inputs.inlineScript, /\$idToken/);
      assert.match(t.inputs.inlineScript, /issecret=true/);
      seen.push(t.inputs.azureSubscription);
      const run = steps[steps.indexOf(t) + 1];
      assert.equal(run.target, "pulumi");
      assert.equal(run.env.PULUMI_OIDC_ID_TOKEN, "$(PULUMI_OIDC_ID_TOKEN)");
      assert.match(run.bash, /pulumi login .*--oidc-token "file:\/\/\$PULUMI_OIDC_TOKEN_FILE"/);
      for (const s of steps) if (s.bash) assert.doesNotMatch(s.bash, /curl|OIDCREQUEST/i);
    }
    assert.deepEqual([...seen].sort(), [...expected].sort());
    assert.ok(
      seen.includes("pulumi-ledger-prod") && seen.includes("pulumi-ledger-staging-preview"),
    );
  });

  it("an Entra connection: its issuer is registered, its documented-shape token obtains exactly its token, attacks none", () => {
    const model = multiCiModel((d) => {
      Object.assign(
        d.config[key.projects][PROJECT.ledger].tiers.prod.azureDevops.serviceConnection,
        {
          issuer: "entra",
          tenantId: TENANT,
          subject: ENTRA.claims.sub,
        },
      );
    });
    const issuers = buildIssuers(model, MULTI_CI_IDS);
    const entraUrl = `https://login.microsoftonline.com/${TENANT}/v2.0`;
    const entra = issuers.find((i) => i.url === entraUrl);
    assert.ok(entra, "Entra issuer registered");
    assert.equal(ENTRA.claims.iss, entraUrl);
    assert.deepEqual(
      entra.policies.map((p) => p.rules),
      [{ aud: "api://AzureADTokenExchange", sub: ENTRA.claims.sub }],
    );
    const candidates = orgCandidates(model);
    const prod = model.identities.find(
      (i) => i.binding?.system === "azure-devops" && i.tier === "prod",
    ) as MachineIdentity & { binding: CiBinding };
    assert.deepEqual(tokensAcross(issuers, ENTRA.claims, candidates).map(tokenLabel), [
      `team:${prod.team}`,
    ]);
    // The Azure DevOps issuer's token for the same connection no longer obtains it.
    const ado = {
      ...ENTRA.claims,
      iss: "https://vstoken.dev.azure.com/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
      sub: "sc://acme/ledger/pulumi-ledger-prod",
    };
    assert.deepEqual(tokensAcross(issuers, ado, candidates), []);
    let attacks = 0;
    for (const s of CI_UNITS["azure-devops"].scenarios(prod, prod.binding, model.organization)) {
      const got = tokensAcross(issuers, { ...ENTRA.claims, ...s.claims }, candidates).map(
        tokenLabel,
      );
      if (s.label === "intended") assert.deepEqual(got, [`team:${prod.team}`]);
      else {
        attacks++;
        assert.deepEqual(got, [], s.label);
      }
    }
    assert.ok(attacks >= 4, `${attacks}`);
    const file = renderCiFiles(model).find((x) => x.path === "azure-pipelines.yml");
    assert.ok(file?.content.includes("azureSubscription: pulumi-ledger-prod"));
  });
});
