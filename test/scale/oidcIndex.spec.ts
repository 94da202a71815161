/**
 * The OIDC simulation at scale (issue 20): the indexed evaluation (model/oidc/policyIndex.ts) and
 * the indexed overlap search give exactly the answers of the plain ones, hostile policies
 * included, and the context table grows linearly with the pipelines.
 */
import assert from "node:assert/strict";
import { syntheticConfig } from "../../bench/synthetic";
import { AccessModel, buildAccessModel, MachineIdentity } from "../../model/access";
import { validateConfig } from "../../model/config";
import {
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  OidcPolicy,
  overlapWarnings,
  requestFor,
  simulatePipelines,
  tokenLabel,
  TokenRequest,
  tokensFor,
} from "../../model/oidc";
import { PolicyIndex } from "../../model/oidc/policyIndex";
import { ids as prodIds, model as prodModel } from "../oidc/support";

function syntheticModel(projects: number): { model: AccessModel; ids: GithubIds } {
  const v = validateConfig(syntheticConfig(projects));
  if (!v.ok) throw new Error("synthetic config invalid");
  const model = buildAccessModel(v.config, v.warnings);
  const repositoryIds: Record<string, number> = Object.create(null);
  model.repositories.forEach((r, i) => (repositoryIds[r.name] = 500_000 + i));
  return { model, ids: { ownerId: 4242, repositoryIds } };
}

const candidatesOf = (model: AccessModel): TokenRequest[] => [
  ...model.identities
    .filter((i) => i.tokenType === "team")
    .map((i) => ({ tokenType: "team" as const, team: i.team })),
  { tokenType: "organization", permission: "admin" },
];

/** The overlap search as it was: every pair of allow policies. */
function overlapReference(policies: readonly OidcPolicy[]): string[] {
  const out: string[] = [];
  const label = (p: OidcPolicy) =>
    p.tokenType === "team" ? `team:${p.teamName}` : `${p.tokenType}:${p.authorizedPermissions}`;
  const covers = (wide: OidcPolicy, narrow: OidcPolicy) =>
    Object.entries(wide.rules).every(([k, v]) => narrow.rules[k] === v);
  policies.forEach((a, i) => {
    if (a.decision !== "allow") return;
    policies.forEach((b, j) => {
      if (j <= i || b.decision !== "allow" || label(a) === label(b)) return;
      const ab = covers(a, b);
      const ba = covers(b, a);
      if (ab && ba)
        out.push(
          `policies ${i} (${label(a)}) and ${j} (${label(b)}) have identical rules: a job that can get either token can get both`,
        );
      else if (ab)
        out.push(
          `policy ${i} (${label(a)}) is wider than policy ${j} (${label(b)}): any job that can get ${label(b)} can also get ${label(a)}`,
        );
      else if (ba)
        out.push(
          `policy ${j} (${label(b)}) is wider than policy ${i} (${label(a)}): any job that can get ${label(a)} can also get ${label(b)}`,
        );
    });
  });
  return out;
}

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("OIDC at scale (issue 20)", function () {
  this.timeout(120_000);

  it("the context table's tokens and expectations equal the plain simulator's, row by row", () => {
    for (const { model, ids } of [{ model: prodModel, ids: prodIds }, syntheticModel(40)]) {
      const policies = buildOidcPolicies(model, ids);
      const candidates = candidatesOf(model);
      const rows = simulatePipelines(model, ids, policies);
      assert.ok(rows.length > 0);
      for (const row of rows) {
        assert.deepEqual(row.tokens, tokensFor(policies, row.claims, candidates).map(tokenLabel));
        // Every expected token is one the row's own identities (or the audit's) are meant for.
        for (const t of row.expected)
          assert.ok(
            model.identities.some(
              (i: MachineIdentity) =>
                tokenLabel(requestFor(i)) === t &&
                String(row.claims.repository).endsWith(`/${i.repository}`),
            ),
            `${row.pipeline} ${row.context}: ${t}`,
          );
      }
      // The generated table has no surprises: each row obtains what it should.
      assert.deepEqual(
        rows.filter((r) => r.tokens.join() !== r.expected.join()),
        [],
      );
    }
  });

  it("answers like tokensFor for hostile policies: wildcards, missing ids, team-less and permission-less denies, duplicates", () => {
    const random = rng(20);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const repoValues = ["2001", "2002", "20.1", "*", "?", "200?", "2001*", ""];
    const teams = ["a", "b", "c"];
    const policies: OidcPolicy[] = Array.from({ length: 60 }, (_, i) => {
      const rules: Record<string, string> = {};
      if (random() < 0.8) rules.repository_id = pick(repoValues);
      if (random() < 0.5) rules.event_name = pick(["push", "pull_request", "p*"]);
      if (random() < 0.3) rules.environment = pick(["prod", "staging", "pro."]);
      const decision = random() < 0.3 ? "deny" : "allow";
      const org = random() < 0.25;
      return {
        decision,
        tokenType: org ? "organization" : "team",
        teamName: org || random() < 0.15 ? undefined : pick(teams),
        authorizedPermissions:
          org && random() < 0.7 ? [pick(["admin", "standard"] as const)] : undefined,
        rules,
        description: `p${i}`,
      } as OidcPolicy;
    });
    const candidates: TokenRequest[] = [
      { tokenType: "team", team: "b" },
      { tokenType: "organization", permission: "admin" },
      { tokenType: "team", team: "a" },
      { tokenType: "team", team: "c" },
      { tokenType: "team", team: "a" },
      { tokenType: "organization", permission: "standard" },
      { tokenType: "organization" },
      { tokenType: "team" },
    ];
    const index = new PolicyIndex(policies, candidates);
    let nonEmpty = 0;
    for (let n = 0; n < 2000; n++) {
      const claims: Record<string, unknown> = {};
      if (random() < 0.9) claims.repository_id = pick(["2001", "2002", "20x1", "2003", 2001, ""]);
      if (random() < 0.9) claims.event_name = pick(["push", "pull_request", "pr"]);
      if (random() < 0.7) claims.environment = pick(["prod", "staging", "proX"]);
      const want = tokensFor(policies, claims, candidates);
      assert.deepEqual(index.tokensFor(claims), want, JSON.stringify(claims));
      if (want.length) nonEmpty++;
    }
    assert.ok(nonEmpty > 100, `the generated cases grant something often enough (${nonEmpty})`);
  });

  it("finds exactly the overlaps the pairwise search finds, in the same order", () => {
    const { model, ids } = syntheticModel(40);
    const synthetic = buildOidcPolicies(model, ids);
    const base = synthetic.slice(0, 12);
    const hostile: OidcPolicy[] = [
      ...base,
      { ...base[0], teamName: "twin", description: "identical rules, another team" },
      { ...base[1], teamName: "wide", rules: { aud: base[1].rules.aud }, description: "wider" },
      { decision: "allow", tokenType: "team", teamName: "all", rules: {}, description: "no rules" },
      { ...base[2], decision: "deny", teamName: "denier", description: "a deny never overlaps" },
      {
        decision: "allow",
        tokenType: "organization",
        authorizedPermissions: ["admin"],
        rules: { ...base[3].rules, extra: "x" },
        description: "narrower organization policy",
      },
    ];
    for (const policies of [buildOidcPolicies(prodModel, prodIds), synthetic, hostile])
      assert.deepEqual(overlapWarnings(policies), overlapReference(policies));
    assert.equal(overlapReference(hostile).length, 4);
  });

  it("grows linearly: four times the pipelines take about four times the CPU, not sixteen", () => {
    const cpu = (projects: number) => {
      const { model, ids } = syntheticModel(projects);
      const policies = buildOidcPolicies(model, ids);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = process.cpuUsage();
        simulatePipelines(model, ids, policies);
        overlapWarnings(policies);
        const d = process.cpuUsage(t0);
        best = Math.min(best, d.user + d.system);
      }
      return best;
    };
    cpu(20); // warm up
    const small = cpu(40);
    const large = cpu(160);
    assert.ok(large / small < 8, `x4 projects took x${(large / small).toFixed(1)} CPU`);
  });

  it("a claim set from the synthetic org obtains its own deploy token only", () => {
    const { model, ids } = syntheticModel(40);
    const policies = buildOidcPolicies(model, ids);
    const index = new PolicyIndex(policies, candidatesOf(model));
    const deploy = model.identities.find((i) => i.purpose === "deploy" && i.tokenType === "team");
    assert.ok(deploy && deploy.githubEnvironment && deploy.workflowPath);
    const claims = claimsFor({
      organization: model.organization,
      owner: model.github.owner,
      ownerId: ids.ownerId,
      repository: deploy.repository,
      repositoryId: ids.repositoryIds[deploy.repository],
      event: "push",
      branch: deploy.branch,
      environment: deploy.githubEnvironment,
      workflowPath: deploy.workflowPath,
    });
    assert.deepEqual(index.tokensFor(claims).map(tokenLabel), [`team:${deploy.team}`]);
  });
});
