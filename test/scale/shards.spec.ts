/**
 * Sharding (`secure-org:shards`, issue 20): validation refuses overlapping shards and anything a
 * shard would deploy that reaches another stack's projects; the model splits into stacks that
 * partition it; a shard's pipeline identity obtains only its own token (OIDC claim simulator) and
 * that token writes only its own stack.
 */
import assert from "node:assert/strict";
import { syntheticConfig } from "../../bench/synthetic";
import { AccessModel, buildAccessModel } from "../../model/access";
import { Sharding } from "../../model/access/shards";
import { allScopes, assertPartition, scopeModel } from "../../model/access/scope";
import { ConfigIssue, validateConfig } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import {
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  simulatePipelines,
  tokenLabel,
  tokensFor,
  TokenRequest,
} from "../../model/oidc";
import { stackProgram, SHARD_OF_KEY } from "../../components/stackProgram";
import { shardFromEntries } from "../../components/program";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";

/** The prod example split into a payments and a web shard (custom roles off: see the policy). */
function shardedDoc(edit?: (doc: StackDoc) => void): StackDoc {
  const doc = exampleDoc("prod");
  doc.config["secure-org:defaults"].customRoles = false;
  doc.config["secure-org:shards"] = [
    { name: "payments", projects: ["payments"] },
    { name: "web", teams: ["web"] },
  ];
  edit?.(doc);
  return doc;
}

function errorsOf(edit: (doc: StackDoc) => void): ConfigIssue[] {
  const r = loadOrgConfig(entriesOf(shardedDoc(edit)));
  assert.equal(r.ok, false, "the config should have been refused");
  return r.ok ? [] : r.errors;
}

function assertRefused(edit: (doc: StackDoc) => void, path: string, message: RegExp): void {
  const errors = errorsOf(edit);
  assert.ok(
    errors.some((e) => e.path === path && message.test(e.message)),
    `expected an error at ${path} matching ${message}; got ${JSON.stringify(errors, null, 1)}`,
  );
}

function shardedModel(edit?: (doc: StackDoc) => void): AccessModel {
  const r = loadOrgConfig(entriesOf(shardedDoc(edit)));
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return buildAccessModel(r.config, r.warnings);
}

const shards = (doc: StackDoc) => doc.config["secure-org:shards"];

describe("sharding: validation", () => {
  it("accepts the prod example split into two shards, and the unsharded example has no sharding", () => {
    const m = shardedModel();
    assert.deepEqual(
      m.sharding?.shards.map((s) => [s.name, s.stack, s.projects]),
      [
        ["payments", "prod-payments", ["payments"]],
        ["web", "prod-web", ["web"]],
      ],
    );
    assert.equal(m.sharding?.coreStack, "prod");
    const plain = loadOrgConfig(entriesOf(exampleDoc("prod")));
    assert.ok(plain.ok);
    assert.equal(plain.ok && buildAccessModel(plain.config, []).sharding, undefined);
  });

  it("reports each shard's organization-wide create scopes as an accepted risk, and nothing unsharded", () => {
    const m = shardedModel();
    assert.deepEqual(
      m.findings
        .filter((f) => f.code === "shard-create-scope")
        .map((f) => `${f.severity} ${f.path}`),
      ["medium shards[0]", "medium shards[1]"],
    );
    assert.match(
      m.findings.find((f) => f.path === "shards[1]")?.message ?? "",
      /^shard web's identity \(team [^)]+\) holds stack:create and environment:create, which Pulumi Cloud grants organization-wide/,
    );
    const plain = loadOrgConfig(entriesOf(exampleDoc("prod")));
    assert.ok(plain.ok);
    const unsharded = buildAccessModel(plain.config, []);
    assert.deepEqual(
      unsharded.findings.filter((f) => f.code === "shard-create-scope"),
      [],
    );
  });

  it("refuses a project listed by two shards", () => {
    assertRefused(
      (d) => (shards(d)[1].projects = ["payments"]),
      "shards[1].projects[0]",
      /"payments" is claimed by shards "payments", "web"/,
    );
  });

  it("refuses a project one shard lists and another reaches through a team", () => {
    assertRefused(
      (d) => (shards(d)[1].teams = ["sre"]),
      "shards[1].teams[0]",
      /"payments" is claimed by shards .*through team "sre"/,
    );
  });

  it("refuses two shards reaching the same project through two teams", () => {
    assertRefused(
      (d) => {
        shards(d)[0] = { name: "payments", teams: ["payments"] };
        shards(d)[1] = { name: "web", teams: ["sre"] };
      },
      "shards[1].teams[0]",
      /"payments" is claimed by shards/,
    );
  });

  it("refuses a team whose access names no project (only '*'), which would claim everything", () => {
    assertRefused(
      (d) => {
        d.config["secure-org:teams"][0].access = { "*": "maintainer" };
        shards(d).push({ name: "everything", teams: ["platform"] });
      },
      "shards[2].teams[0]",
      /names no project/,
    );
  });

  it("refuses the bootstrap project in a shard (it deploys the core stack)", () => {
    assertRefused(
      (d) => shards(d).push({ name: "boot", projects: ["secure-org"] }),
      "shards[2].projects[0]",
      /bootstrap project/,
    );
  });

  it("refuses a repository split between two shards (its ruleset and team permissions would reach the other shard)", () => {
    assertRefused(
      (d) => (d.config["secure-org:projects"][1].repository = "payments-infra"),
      "projects[1].repository",
      /would be split between payments .* and web/,
    );
  });

  it("refuses a shard project in the platform repository (the core's ruleset and workflows)", () => {
    assertRefused(
      (d) => (d.config["secure-org:projects"][0].repository = "platform"),
      "projects[2].repository",
      /would be split between payments .* and the core/,
    );
  });

  it("refuses a shard project in the platform repository spelled in another case (GitHub names are case-insensitive)", () => {
    assertRefused(
      (d) => (d.config["secure-org:projects"][0].repository = "Platform"),
      "projects[2].repository",
      /repository "platform" would be split between payments .* and the core/,
    );
    assertRefused(
      (d) => (d.config["secure-org:projects"][0].repository = "Web-App"),
      "projects[1].repository",
      /would be split between payments .* and web/,
    );
  });

  it("refuses a shard whose stack is the core stack, and two shards deploying one stack", () => {
    assertRefused((d) => (shards(d)[0].stack = "prod"), "shards[0].stack", /is the core stack/);
    assertRefused(
      (d) => (shards(d)[1].stack = "PROD-payments"),
      "shards[1].stack",
      /also shards\[0\]'s/,
    );
  });

  it("refuses a shard stack whose deploy team name would pass the team name rules' length", () => {
    // "secure-org-" + stack + "-deploy": 60 characters at most.
    const ok = "s".repeat(60 - "secure-org--deploy".length);
    assert.doesNotThrow(() => shardedModel((d) => (shards(d)[0].stack = ok)));
    assertRefused(
      (d) => (shards(d)[0].stack = `${ok}x`),
      "shards[0].stack",
      /the shard's deploy team "secure-org-s+x-deploy" \(from its stack "s+x"\) is not a valid team name: .* is longer than 60 characters; set a shorter shards\[\]\.stack/,
    );
  });

  it("refuses a shard stack that differs from the core stack only in case", () => {
    assertRefused((d) => (shards(d)[0].stack = "PROD"), "shards[0].stack", /is the core stack/);
  });

  it("refuses a shard stack named like the core's GitHub environment and workflow (the organization token)", () => {
    // The core deploys stack "core" from GitHub environment "prod"; a shard stack "prod" would run
    // the same workflow file in the same environment, so its job would obtain the org token.
    const edit = (d: StackDoc) => {
      d.config["secure-org:projects"][2].tiers.prod = { stack: "core" };
      shards(d)[0].stack = "prod";
    };
    assertRefused(
      edit,
      "shards[0].stack",
      /GitHub environment "prod" .* projects\[2\]\.tiers\.prod/,
    );
    assertRefused(
      edit,
      "shards[0].stack",
      /workflow file "\.github\/workflows\/pulumi-secure-org-prod\.yml"/,
    );
    assertRefused(edit, "shards[0].stack", /deploy team "secure-org-prod-deploy"/);
  });

  it("refuses a shard stack named like the audit's GitHub environment (its reviewers would be dropped)", () => {
    assertRefused(
      (d) => (shards(d)[0].stack = "audit"),
      "shards[0].stack",
      /GitHub environment "audit" .* the scheduled audit's/,
    );
  });

  it("refuses a shard stack named like a tier (an opted-out tier's name would take it out of the mandatory guardrails)", () => {
    assertRefused(
      (d) => {
        shards(d)[0].stack = "Staging";
        d.config["secure-org:tiers"][1].protected = true;
        d.config["secure-org:guardrails"] = {
          optOut: {
            staging: {
              reason:
                "staging runs experiments that the mandatory pack would block; reviewed quarterly by security",
            },
          },
        };
      },
      "shards[0].stack",
      /is named like tier "staging"/,
    );
  });

  it("refuses two shards whose names differ only in '_' and '-' (one machine team, each writing the other's stack)", () => {
    assertRefused(
      (d) => {
        shards(d)[0].name = "pay_web";
        shards(d)[1].name = "pay-web";
      },
      "shards[1].name",
      /deploy team "secure-org-prod-pay-web-deploy" .* shards\[0\]'s/,
    );
  });

  it("refuses a shard whose machine team is a declared team's or another project's pipeline team", () => {
    assertRefused(
      (d) => d.config["secure-org:teams"].push({ name: "secure-org-prod-web-deploy", access: {} }),
      "shards[1].name",
      /deploy team "secure-org-prod-web-deploy" .* teams\[5\]'s/,
    );
    assertRefused(
      (d) => {
        d.config["secure-org:projects"][0].name = "secure-org-payments";
        shards(d)[0].projects = ["secure-org-payments"];
        shards(d)[0].stack = "payments-prod";
      },
      "shards[0].stack",
      /deploy team "secure-org-payments-prod-deploy" .* projects\[0\]\.tiers\.prod's/,
    );
  });

  it("refuses duplicate shard names, unknown projects and teams, and a shard that owns nothing", () => {
    const errors = errorsOf((d) => {
      shards(d).push({ name: "web", projects: ["nope"], teams: ["ghosts"] });
      shards(d).push({ name: "empty", projects: [] });
    });
    const has = (path: string, re: RegExp) =>
      assert.ok(
        errors.some((e) => e.path === path && re.test(e.message)),
        `${path} ${re}: ${JSON.stringify(errors)}`,
      );
    has("shards[2].name", /duplicate shard "web"/);
    has("shards[2].projects[0]", /unknown project "nope"/);
    has("shards[2].teams[0]", /unknown team "ghosts"/);
    has("shards[3]", /owns no project/);
  });

  it("refuses custom roles with shards, and shards without a one-tier bootstrap project", () => {
    assertRefused(
      (d) => (d.config["secure-org:defaults"].customRoles = true),
      "defaults.customRoles",
      /turn customRoles off to shard/,
    );
    assertRefused(
      (d) => (d.config["secure-org:projects"][2].tiers = { prod: {}, staging: {} }),
      "shards",
      /exactly one core stack/,
    );
  });

  it("refuses shards when the bootstrap's repository is not on GitHub (the shards' pipelines run there)", () => {
    assertRefused(
      (d) => (d.config["secure-org:projects"][2].repositoryHost = "gitlab"),
      "shards",
      /keep that repository on GitHub to shard/,
    );
  });

  it("a shard's stack file holds only secure-org:shardOf; organization config there is refused", () => {
    const own = { [SHARD_OF_KEY]: { value: "prod", secret: false } };
    const p = stackProgram(own, process.cwd());
    assert.equal(p.kind, "shard");
    assert.ok(p.kind === "shard" && p.entries["secure-org:organization"]);
    assert.throws(
      () =>
        stackProgram(
          { ...own, "secure-org:shards": { value: "[]", secret: false } },
          process.cwd(),
        ),
      /remove secure-org:shards from this stack's config/,
    );
    assert.throws(
      () => stackProgram({ [SHARD_OF_KEY]: { value: "../x", secret: false } }, process.cwd()),
      /must name the core stack/,
    );
    assert.equal(stackProgram({}, process.cwd()).kind, "org");
  });

  it("a shard's own stack holds its webhooks' secrets (secret only), never the core's read", () => {
    const own = {
      [SHARD_OF_KEY]: { value: "prod", secret: false },
      "secure-org:siemWebhookSecret": { value: "s3cr3t", secret: true },
    };
    const p = stackProgram(own, process.cwd());
    assert.deepEqual(p.kind === "shard" && p.ownSecrets, ["siemWebhookSecret"]);
    // The same key in plain text is organization config in the wrong place: refused.
    assert.throws(
      () =>
        stackProgram(
          { ...own, "secure-org:siemWebhookSecret": { value: "s3cr3t", secret: false } },
          process.cwd(),
        ),
      /remove secure-org:siemWebhookSecret from this stack's config \(only the secrets of its webhooks belong here, set with --secret\)/,
    );
    // A secret no shard's webhook signs with is refused by name, with the keys that belong there.
    const entries = entriesOf(shardedDoc());
    assert.throws(
      () =>
        shardFromEntries(entries, "prod-payments", {}, undefined, "prod", [
          "siemWebhookSecret",
          "githubAppPem",
        ]),
      /stack prod-payments's config holds secure-org:githubAppPem, which no webhook a shard creates signs with; remove it \(a shard's stack holds only its webhooks' secrets: secure-org:siemWebhookSecret\)/,
    );
  });
});

describe("sharding: a shard's stack file names its core", () => {
  it("refuses a shardOf whose file is another core's config (the shard would deploy a config its core does not)", () => {
    // Pulumi.prod.yaml here is the config of core stack "core": a shard stack file saying
    // `shardOf: prod` would read it while its core is another stack.
    const entries = entriesOf(
      shardedDoc((d) => (d.config["secure-org:projects"][2].tiers.prod = { stack: "core" })),
    );
    assert.throws(
      () => shardFromEntries(entries, "core-payments", {}, undefined, "prod"),
      /secure-org:shardOf names stack prod, but Pulumi\.prod\.yaml is the config of core stack core/,
    );
  });
});

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
