/**
 * The bootstrap project from its own OIDC policy (adopt/bootstrap.ts): an organization token
 * pinned to the workflow the program generates for `<project>/<tier>` in the platform repository.
 * Hostile look-alikes (another owner, a deny, a team token, a path the program never generates, a
 * case-folded ref that names no live pair, two policies that disagree, another issuer) find none.
 */
import assert from "node:assert/strict";
import { findBootstrap } from "../../adopt/bootstrap";
import { layoutOf } from "../../adopt/layout";
import type { LiveOrg, LivePolicy } from "../../adopt/live";
import { GITHUB_ISSUER_URL } from "../../model/oidc";

const REF = "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main";
const boot = (over: Partial<LivePolicy> = {}, ref = REF): LivePolicy => ({
  decision: "allow",
  tokenType: "organization",
  authorizedPermissions: ["admin"],
  rules: { aud: "urn:pulumi:org:acme", job_workflow_ref: ref },
  ...over,
});

function org(policies: LivePolicy[], url = GITHUB_ISSUER_URL): LiveOrg {
  return {
    organization: "acme",
    readAt: "2026-11-25T12:00:00.000Z",
    members: [],
    teams: [
      {
        name: "platform",
        kind: "pulumi",
        displayName: "platform",
        description: "",
        members: ["alice"],
        stacks: [],
        environments: [{ project: "secure-org", name: "prod", permission: "read" }],
      },
    ],
    stacks: [{ project: "web", stack: "prod", tags: {} }],
    environments: [],
    oidcIssuers: [
      { id: "iss", name: "github", url, maxExpiration: 3600, thumbprints: [], policies },
    ] as unknown as LiveOrg["oidcIssuers"],
    webhooks: [],
    deploymentSettings: [],
    driftSchedules: [],
    approvalRules: [],
    policyGroups: [],
  };
}

describe("adopt: the bootstrap project from its own OIDC policy (hostile)", () => {
  it("finds the bootstrap's project, tier and repository from the workflow the program generates", () => {
    assert.deepEqual(findBootstrap(org([boot()]), "acme"), {
      project: "secure-org",
      tier: "prod",
      repository: "platform",
    });
    const layout = layoutOf(org([boot()]), "ACME");
    assert.equal(layout.bootstrap?.project, "secure-org");
    assert.equal(layout.projects.get("secure-org")?.repository, "platform");
    assert.equal(layout.tiers.get("prod")?.protected, true);
    // The bootstrap's environment grant is declared, not left unmanaged.
    assert.equal(layout.envTier.get("secure-org/prod"), "prod");
  });

  const none: [string, LiveOrg][] = [
    ["a deny policy", org([boot({ decision: "deny" })])],
    ["a team token", org([boot({ tokenType: "team", teamName: "platform" })])],
    ["another owner", org([boot({}, REF.replace("acme/", "evil/"))])],
    ["a workflow the program never generates", org([boot({}, REF.replace("pulumi-", "x-"))])],
    ["a pair no live object shows", org([boot({}, REF.replace("secure-org-prod", "ghost-prod"))])],
    ["a tag ref", org([boot({}, REF.replace("refs/heads/main", "refs/tags/v1"))])],
    [
      "two policies that disagree",
      org([boot(), boot({}, REF.replace("secure-org-prod", "web-prod"))]),
    ],
    ["another issuer", org([boot()], "https://gitlab.example.com")],
    ["a __proto__ project", org([boot({}, REF.replace("secure-org-prod", "__proto__-prod"))])],
  ];
  for (const [what, live] of none)
    it(`finds no bootstrap from ${what}`, () => {
      assert.equal(findBootstrap(live, "acme"), undefined);
      assert.equal(layoutOf(live, "acme").bootstrap, undefined);
    });
});
