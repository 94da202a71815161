/**
 * Sharding (issue 20), the model side: the synthetic 1,000-project org partitioned into stacks, and
 * a shard's pipeline identity under the OIDC claim simulator. Split from test/scale/shards.spec.ts
 * (validation) so that the validation spec computes nothing while mocha loads it: the policy
 * mutation group runs that spec, and code run at load time makes every mutant reload everything.
 */
import assert from "node:assert/strict";
import { syntheticConfig } from "../../bench/synthetic";
import { AccessModel, buildAccessModel } from "../../model/access";
import { Sharding } from "../../model/access/shards";
import { allScopes, assertPartition, scopeModel } from "../../model/access/scope";
import { validateConfig } from "../../model/config";
import {
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  simulatePipelines,
  tokenLabel,
  tokensFor,
  TokenRequest,
} from "../../model/oidc";
import { shardedModel } from "../support/shards";

describe("sharding: the synthetic 1,000-project org in 10 shards", () => {
  const raw = syntheticConfig(1000, { shards: 10 });
  const v = validateConfig(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 5)));
  const model = buildAccessModel(v.config, v.warnings);

  it("validates, and every application project is in exactly one of the 10 shards", () => {
    const s = model.sharding;
    assert.ok(s);
    assert.equal(s.shards.length, 10);
    const owned = s.shards.flatMap((x) => x.projects);
    assert.equal(owned.length, 1000);
    assert.equal(new Set(owned).size, 1000);
    for (const x of s.shards) assert.equal(x.projects.length, 100);
  });

  it("the stacks partition the model: every stack, grant, pipeline, repository and team permission in one stack", () => {
    assertPartition(model);
    const sizes = allScopes(model).map((sc) => scopeModel(model, sc).stacks.length);
    // The core: the bootstrap's stack and the 10 shard stacks; each shard: 100 projects x 3 tiers.
    assert.deepEqual(sizes, [11, ...Array(10).fill(300)]);
  });

  it("the partition check fails when an item belongs to no stack (it is not a tautology)", () => {
    const team = model.teams.find((t) => t.github);
    assert.ok(team?.github);
    const tampered: AccessModel = {
      ...model,
      teams: model.teams.map((t) =>
        t === team && t.github
          ? {
              ...t,
              github: {
                ...t.github,
                repositories: [
                  ...t.github.repositories,
                  { repository: "nobodys-repo", permission: "push", reason: "tampered" },
                ],
              },
            }
          : t,
      ),
    };
    assert.throws(() => assertPartition(tampered), /team permission .*nobodys-repo.* in 0 stacks/);
  });
});

describe("sharding: a shard's pipeline identity (OIDC claim simulator)", () => {
  const model = shardedModel();
  const s = model.sharding as Sharding;
  assert.ok(s, "not sharded");
  const ids: GithubIds = {
    ownerId: 1001,
    repositoryIds: { "payments-infra": 2001, "web-app": 2002, platform: 2003 },
  };
  const core = scopeModel(model, { kind: "core" });
  const policies = buildOidcPolicies(core, ids);
  const candidates: TokenRequest[] = [
    ...model.teams
      .filter((t) => t.kind === "machine")
      .map((t): TokenRequest => ({ tokenType: "team", team: t.name })),
    { tokenType: "organization", permission: "admin" },
  ];
  const [payments, web] = s.shards;
  const pushOf = (shard: typeof payments, edit: Record<string, unknown> = {}) =>
    claimsFor({
      organization: "acme",
      owner: "acme",
      ownerId: 1001,
      repository: "platform",
      repositoryId: 2003,
      event: "push",
      branch: shard.identity.branch,
      environment: shard.identity.githubEnvironment,
      workflowPath: shard.identity.workflowPath,
      subjectFormat: "immutable",
      ...edit,
    });
  const granted = (claims: Record<string, unknown>) =>
    tokensFor(policies, claims, candidates).map(tokenLabel);

  it("each shard's deploy job obtains exactly its own team's token", () => {
    assert.ok(candidates.length > 5);
    for (const shard of s.shards)
      assert.deepEqual(granted(pushOf(shard)), [`team:${shard.identity.team}`]);
    assert.notEqual(payments.identity.team, web.identity.team);
  });

  it("a shard's job cannot obtain another shard's token, the core's organization token, nor a project's", () => {
    const hostile: [string, Record<string, unknown>][] = [
      ["in the other shard's GitHub environment", { environment: web.identity.githubEnvironment }],
      ["running the other shard's workflow", { workflowPath: web.identity.workflowPath }],
      ["in the core's environment", { environment: "prod" }],
      ["from a pull request", { event: "pull_request", branch: undefined, baseBranch: "main" }],
      ["from another branch", { branch: "feature/x" }],
    ];
    for (const [what, edit] of hostile) {
      const tokens = granted(pushOf(payments, edit));
      assert.deepEqual(tokens, [], what);
    }
    // Running the other shard's workflow in the other shard's environment *is* that shard's job.
    assert.deepEqual(
      granted(
        pushOf(payments, {
          environment: web.identity.githubEnvironment,
          workflowPath: web.identity.workflowPath,
        }),
      ),
      [`team:${web.identity.team}`],
    );
  });

  it("the token a shard obtains writes only its own stack: nothing on the core stack (read would decrypt its secrets), nothing on another shard's", () => {
    for (const shard of s.shards) {
      const tokens = granted(pushOf(shard)).map((t) => t.slice("team:".length));
      const grants = model.grants.filter((g) => tokens.includes(g.team));
      const writes = grants
        .filter((g) => g.stackPermission === "write" || g.stackPermission === "admin")
        .map((g) => `${g.project}/${g.stack}`);
      assert.deepEqual(writes, [`secure-org/${shard.stack}`]);
      // Any grant at all on the core stack or its environment (read decrypts its secrets).
      const onCore = grants.filter(
        (g) =>
          g.project === "secure-org" &&
          (g.stack === s.coreStack || g.environment.name === s.coreStack),
      );
      assert.deepEqual(onCore, []);
      // Nor on any other stack than its own: every grant the token carries is on its own stack.
      assert.deepEqual(
        grants.map((g) => `${g.project}/${g.stack}`),
        [`secure-org/${shard.stack}`],
      );
      const roles = model.roles.filter((r) => tokens.includes(r.team ?? ""));
      assert.deepEqual(
        roles.map((r) => r.globalScopes),
        [["stack:create", "environment:create"]],
      );
    }
  });

  it("the core's context table shows each shard's pipeline with exactly its expected token", () => {
    const rows = simulatePipelines(core, ids, policies);
    for (const shard of s.shards) {
      const mine = rows.filter((r) => r.pipeline === `secure-org/${shard.stack}`);
      assert.ok(mine.length > 2, `no rows for ${shard.stack}`);
      for (const r of mine) assert.deepEqual(r.tokens, r.expected, `${r.pipeline}: ${r.context}`);
    }
  });

  it("a shard's part of the model has no team, member, role or organization-wide resource", () => {
    const part = scopeModel(model, { kind: "shard", name: "payments" });
    assert.deepEqual(part.members, []);
    assert.deepEqual(part.roles, []);
    assert.equal(part.audit, undefined);
    assert.ok(part.stacks.every((x) => x.project === "payments"));
    assert.ok(part.grants.every((g) => g.project === "payments"));
    assert.deepEqual(
      part.repositories.map((r) => r.name),
      ["payments-infra"],
    );
  });
});
