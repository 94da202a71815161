/**
 * Issue 30 item 2, through `npm run adopt` with no GitHub token: a tier whose name says nothing
 * (`blue`) but which holds the organization's deploy identity (team web-blue-deploy writes
 * web/blue and the GitHub Actions issuer hands it a team token) is production-like. A human team's
 * admin there is then a high finding that `--tighten` drops, as on `production`. Controls: the
 * same tier without the OIDC policy, with only a deny policy, or with a human-named team holding
 * the token, is an ordinary tier (so the check can fail).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { LivePolicy, LiveTeamFull } from "../../adopt/live";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

const DEPLOY: LiveTeamFull = {
  name: "web-blue-deploy",
  kind: "pulumi",
  displayName: "web-blue-deploy",
  description: "CI for web blue",
  members: [],
  stacks: [{ project: "web", stack: "blue", permission: 102 }],
  environments: [{ project: "web", name: "blue", permission: "open" }],
};
const OPS: LiveTeamFull = {
  name: "blue-ops",
  kind: "pulumi",
  displayName: "Blue ops",
  description: "Runs blue by hand",
  members: ["olivia"],
  stacks: [{ project: "web", stack: "blue", permission: 103 }],
  environments: [{ project: "web", name: "blue", permission: "admin" }],
};
const policy = (teamName: string, decision = "allow"): LivePolicy => ({
  decision,
  tokenType: "team",
  teamName,
  rules: {
    aud: `urn:pulumi:org:${ORG}`,
    repository_owner_id: "1001",
    repository_id: "2002",
    ref: "refs/heads/main",
    environment: "blue",
  },
});

describe("adopt: a tier holding deploy identities is production-like (issue 30 item 2)", function () {
  this.timeout(300_000);
  const h = new Harness();
  const saved = h.world;
  before(() => h.start());
  after(() => h.stop());

  async function adopt(extra: { teams: LiveTeamFull[]; policies: LivePolicy[] }, tighten = false) {
    h.world = {
      ...saved,
      members: [...saved.members, { login: "olivia", role: "member" }],
      teams: [...saved.teams, ...extra.teams],
      stacks: [...saved.stacks, { project: "web", stack: "blue", tags: {} }],
      environments: [...saved.environments, { project: "web", name: "blue" }],
      oidcIssuers: saved.oidcIssuers.map((i, n) =>
        n === 0 ? { ...i, policies: [...i.policies, ...extra.policies] } : i,
      ),
    };
    try {
      const file = h.file(tighten ? "Pulumi.blue-tight.yaml" : "Pulumi.blue.yaml");
      const r = await h.adopt(
        ["--org", ORG, "--out", file, ...(tighten ? ["--tighten"] : [])],
        h.env({ GITHUB_TOKEN: undefined }),
      );
      assert.ok(r.files.has(file), r.stderr);
      return { r, text: readFileSync(file, "utf8"), config: h.configOf(file) };
    } finally {
      h.world = saved;
    }
  }
  const blueRole = (config: Record<string, unknown>, team: string) => {
    const teams = config["secure-org:teams"] as { name: string; access: Record<string, string> }[];
    const role = teams.find((t) => t.name === team)?.access.web;
    const tiers = config["secure-org:tiers"] as {
      name: string;
      roles: Record<string, { stack: string; environment: string }>;
    }[];
    return role === undefined ? undefined : tiers.find((t) => t.name === "blue")?.roles[role];
  };

  it("reports the human admin on the deploy identity's tier as high; --tighten drops it", async () => {
    const loose = await adopt({ teams: [DEPLOY, OPS], policies: [policy("web-blue-deploy")] });
    assert.match(
      loose.text,
      /\[info\] tier-deploy-identity tier:blue: tier blue holds a deploy identity \(team "web-blue-deploy" writes stack web\/blue/,
    );
    assert.match(loose.text, /\[high\] tier-not-protected tier:blue: /);
    assert.match(
      loose.text,
      /\[high\] unprotected-tier-human-access team:blue-ops project:web tier:blue: /,
    );
    assert.equal(loose.r.code, 1);
    const tight = await adopt(
      { teams: [DEPLOY, OPS], policies: [policy("web-blue-deploy")] },
      true,
    );
    const grant = blueRole(tight.config, "blue-ops");
    assert.ok(
      !grant ||
        (!["write", "admin"].includes(grant.stack) &&
          !["open", "write", "admin"].includes(grant.environment)),
      JSON.stringify(grant),
    );
  });

  it("a case variant of the deploy team's name still counts (it only protects more)", async () => {
    const team = { ...DEPLOY, name: "Web-Blue-Deploy" };
    const r = await adopt({ teams: [team, OPS], policies: [policy("Web-Blue-Deploy")] });
    assert.match(r.text, /\[info\] tier-deploy-identity tier:blue: /);
  });

  const controls: [string, { teams: LiveTeamFull[]; policies: LivePolicy[] }][] = [
    ["no OIDC policy for the team", { teams: [DEPLOY, OPS], policies: [] }],
    ["only a deny policy", { teams: [DEPLOY, OPS], policies: [policy("web-blue-deploy", "deny")] }],
    [
      "a token for a team not named as a deploy identity",
      { teams: [{ ...DEPLOY, name: "web-blue-ci" }, OPS], policies: [policy("web-blue-ci")] },
    ],
    [
      "a deploy-named team of another project",
      {
        teams: [{ ...DEPLOY, name: "api-blue-deploy" }, OPS],
        policies: [policy("api-blue-deploy")],
      },
    ],
    [
      "a deploy team that only reads",
      {
        teams: [{ ...DEPLOY, stacks: [{ project: "web", stack: "blue", permission: 101 }] }, OPS],
        policies: [policy("web-blue-deploy")],
      },
    ],
  ];
  for (const [what, extra] of controls)
    it(`control: ${what} leaves blue an ordinary tier`, async () => {
      const r = await adopt(extra);
      assert.doesNotMatch(r.text, /tier-deploy-identity tier:blue/);
      assert.doesNotMatch(r.text, /unprotected-tier-human-access team:blue-ops/);
    });
});
