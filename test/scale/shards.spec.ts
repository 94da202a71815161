/**
 * Sharding (`secure-org:shards`, issue 20): validation refuses overlapping shards and anything a
 * shard would deploy that reaches another stack's projects; the model splits into stacks that
 * partition it; a shard's pipeline identity obtains only its own token (OIDC claim simulator) and
 * that token writes only its own stack.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import { ConfigIssue } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { stackProgram, SHARD_OF_KEY } from "../../components/stackProgram";
import { shardFromEntries } from "../../components/program";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";
import { shardedDoc, shardedModel } from "../support/shards";

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
