/**
 * The OIDC part of the CircleCI unit (model/oidc/circleci/), at unit level, against
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
import { circleci, circleClaims, CircleShape } from "../../model/oidc/circleci";
import {
  AUD,
  documented,
  identity,
  assertEachPinMatters,
  assertOracleDirections,
  assertScenariosAgree,
} from "./unitPinsSupport";

// ---------------------------------------------------------------------------------------------
// CircleCI: circleci.com/docs/openid-connect-tokens (the claims table and example)
// ---------------------------------------------------------------------------------------------

type CircleBinding = Extract<CiBinding, { system: "circleci" }>;
const CIRCLE_ORG = "01234567-89ab-4cde-8f01-23456789abcd";
const CIRCLE_PROJECT = "fedcba98-7654-4321-8fed-cba987654321";
const CIRCLE_CONTEXT = "a74579f1-2e7d-451e-b009-5c082ad2729e";
const CIRCLE: CircleBinding = {
  system: "circleci",
  issuer: `https://oidc.circleci.com/org/${CIRCLE_ORG}`,
  organizationId: CIRCLE_ORG,
  projectId: CIRCLE_PROJECT,
  vcsOrigin: "github.com/circleci/example",
  contextId: CIRCLE_CONTEXT,
  contextName: "prod-deploy",
};
const K = {
  projectId: '"oidc.circleci.com/project-id"',
  vcsOrigin: '"oidc.circleci.com/vcs-origin"',
  vcsRef: '"oidc.circleci.com/vcs-ref"',
  contextIds: '"oidc.circleci.com/context-ids"',
  sshRerun: '"oidc.circleci.com/ssh-rerun"',
};
const CIRCLE_WHERE = `CircleCI project ${CIRCLE_PROJECT} (github.com/circleci/example)`;

describe("oidc units: CircleCI policies, pins and oracle (issue 33)", () => {
  it("a deploy: project, origin, branch, restricted context and no SSH rerun; a deny for SSH reruns", () => {
    const team = "billing-prod-deploy";
    assert.deepEqual(circleci.policies(identity(CIRCLE), CIRCLE, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: team,
        rules: {
          aud: AUD,
          [K.projectId]: CIRCLE_PROJECT,
          [K.vcsOrigin]: "github.com/circleci/example",
          [K.vcsRef]: "refs/heads/main",
          [K.contextIds]: CIRCLE_CONTEXT,
          [K.sshRerun]: "false",
        },
        description:
          `billing/prod deploy: the token of team ${team} for a job on branch main of ${CIRCLE_WHERE} ` +
          `in restricted context ${CIRCLE_CONTEXT} (its security group approves the job)`,
        fixedParts: { [K.vcsOrigin]: ["github.com"] },
      },
      {
        decision: "deny",
        tokenType: "team",
        teamName: team,
        rules: { aud: AUD, [K.projectId]: CIRCLE_PROJECT, [K.sshRerun]: "true" },
        description: `never the token of team ${team} to an SSH rerun of a job of ${CIRCLE_WHERE}`,
      },
    ]);
  });

  it("a preview: no branch pin", () => {
    const who = identity(CIRCLE, { team: "billing-dev-preview", purpose: "preview", tier: "dev" });
    const [allow, deny] = circleci.policies(who, CIRCLE, "acme");
    assert.deepEqual(Object.keys(allow.rules), [
      "aud",
      K.projectId,
      K.vcsOrigin,
      K.contextIds,
      K.sshRerun,
    ]);
    assert.equal(
      allow.description,
      `billing/dev preview: the token of team billing-dev-preview for a job of ${CIRCLE_WHERE} in context ${CIRCLE_CONTEXT}`,
    );
    assert.equal(deny.decision, "deny");
  });

  it("each pin of the deploy policy, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = circleci.policies(identity(CIRCLE), CIRCLE, "acme");
    // The documented token carries two contexts; a list claim is unsettled (may match), so the
    // documented job with the restricted context among its contexts may obtain the token.
    const claims = { ...documented("circleci"), aud: AUD };
    assertEachPinMatters(allow, claims, {
      aud: CIRCLE_ORG,
      [K.projectId]: "fedcba98-7654-4321-8fed-cba987654322",
      [K.vcsOrigin]: "github.com/someone-else/example",
      [K.vcsRef]: "refs/heads/feature",
      [K.contextIds]: ["cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      [K.sshRerun]: true,
    });
  });

  it("the oracle: the intended deploy context only; a preview any branch", () => {
    const shape: CircleShape = {
      issuer: CIRCLE.issuer,
      audience: AUD,
      organizationId: CIRCLE_ORG,
      projectId: CIRCLE_PROJECT,
      vcsOrigin: "github.com/circleci/example",
      vcsRef: "refs/heads/main",
      contextIds: [CIRCLE_CONTEXT, "cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      sshRerun: false,
    };
    assertOracleDirections(circleci, identity(CIRCLE), CIRCLE, shape, {
      issuer: "https://oidc.circleci.com/org/11111111-89ab-4cde-8f01-23456789abcd",
      audience: CIRCLE_ORG,
      projectId: "fedcba98-7654-4321-8fed-cba987654322",
      vcsOrigin: "github.com/someone-else/example",
      vcsRef: "refs/heads/feature",
      contextIds: ["cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      sshRerun: true,
    });
    const preview = identity(CIRCLE, { purpose: "preview" });
    assert.equal(
      circleci.intended(preview, CIRCLE, { ...shape, vcsRef: "refs/heads/x" }, "acme"),
      true,
    );
    assert.equal(circleci.intended(preview, CIRCLE, { ...shape, sshRerun: true }, "acme"), false);
  });

  it("the scenarios, in order, each granted exactly as the oracle says; the fork names another owner", () => {
    const labels = [
      "intended",
      "another branch",
      "a fork's build of its own main",
      "without the context",
      "in another context",
      "an SSH rerun",
      "another project",
      "another CircleCI organization",
      "the default audience (the organization id)",
    ];
    assert.deepEqual(assertScenariosAgree(circleci, identity(CIRCLE), CIRCLE), labels);
    const preview = identity(CIRCLE, { purpose: "preview" });
    assert.deepEqual(
      assertScenariosAgree(circleci, preview, CIRCLE),
      labels.filter((l) => l !== "another branch"),
    );
    const s = circleci.scenarios(identity(CIRCLE), CIRCLE, "acme");
    assert.equal(s[2].shape.vcsOrigin, "github.com/someone-else/example");
    assert.deepEqual(
      s.slice(1).map((x) => x.shape),
      [
        { ...s[0].shape, vcsRef: "refs/heads/feature/other" },
        { ...s[0].shape, vcsOrigin: "github.com/someone-else/example", vcsRef: "refs/heads/main" },
        { ...s[0].shape, contextIds: [] },
        { ...s[0].shape, contextIds: ["00000000-0000-4000-8000-00000000c0de"] },
        { ...s[0].shape, sshRerun: true },
        { ...s[0].shape, projectId: "00000000-0000-4000-8000-0000000000aa" },
        {
          ...s[0].shape,
          issuer: "https://oidc.circleci.com/org/00000000-0000-4000-8000-0000000000bb",
        },
        { ...s[0].shape, audience: CIRCLE_ORG },
      ],
    );
    assert.equal(
      circleci.scenarios(preview, CIRCLE, "acme")[1].shape.vcsRef,
      "refs/heads/main",
      "a fork's build of its own main",
    );

    assert.equal(
      s[0].context,
      `job on refs/heads/main of github.com/circleci/example in context ${CIRCLE_CONTEXT}`,
    );
    assert.equal(
      s[3].context,
      "job on refs/heads/main of github.com/circleci/example without a context",
    );
    assert.ok(s[5].context.endsWith(" (SSH rerun)"), s[5].context);
    assert.equal(
      circleci.scenarios(preview, CIRCLE, "acme")[0].shape.vcsRef,
      "refs/heads/feature/change",
    );
  });

  it("the claims of a job: the documented token's names and JSON types, its sub in the documented form", () => {
    const doc = documented("circleci");
    const claims = circleClaims({
      issuer: doc.iss as string,
      audience: AUD,
      organizationId: CIRCLE_ORG,
      projectId: CIRCLE_PROJECT,
      vcsOrigin: "github.com/circleci/example",
      vcsRef: "refs/heads/main",
      contextIds: [CIRCLE_CONTEXT],
      sshRerun: false,
    });
    const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
    assert.deepEqual(
      Object.keys(claims).filter((k) => !(k in doc)),
      [],
    );
    for (const [k, v] of Object.entries(claims)) assert.equal(kind(v), kind(doc[k]), k);
    assert.equal(
      claims.sub,
      `org/${CIRCLE_ORG}/project/${CIRCLE_PROJECT}/user/7f3c8a2e-1111-4222-8333-944455556666/vcs-origin/github.com/circleci/example/vcs-ref/refs/heads/main`,
    );
    assert.deepEqual(claims["oidc.circleci.com/context-ids"], [CIRCLE_CONTEXT]);
    assert.equal(claims["oidc.circleci.com/ssh-rerun"], false);
  });
});
