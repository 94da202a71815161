/**
 * Webhooks, stack collaborators, stack tags and the guardrails pack's version (issue 25): each
 * drift, made in the API's own terms on the spec-driven fake (test/support/specFake.ts), is
 * reported once by the command with its severity and exit code, with every request checked
 * against the OpenAPI spec; the clean organization gives nothing above info. Then the boundaries
 * and directions of each comparison, on the pure comparison.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { compareAccess, LiveSnapshot } from "../../audit/compare";
import { eventSelection } from "../../audit/compare/webhooks";
import { registeredEnvironments } from "../../model/access";
import { SpecFake, Wire } from "../support/specFake";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  cloud,
  DEPLOYER,
  expectDrift,
  model,
  notInfo,
  Org,
  PACK_VERSION,
  runAudit,
  startFake,
  useCloud,
} from "./harness";

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

const SECURITY = "secure-org security";
const FAILURES = "secure-org prod-failures web/production";
const ESC_HOOK = "secure-org prod-environments payments/prod";
const orgHook = (o: Org) => o.hooks.org.find((h) => h.displayName === SECURITY) as Wire;
const stackHook = (o: Org) =>
  (o.hooks.stacks.get("web/production") ?? []).find((h) => h.displayName === FAILURES) as Wire;
const envHook = (o: Org) =>
  (o.hooks.environments.get("payments/prod") ?? []).find((h) => h.displayName === ESC_HOOK) as Wire;
const collaborator = (login: string, permission: number) => ({
  user: { name: login, githubLogin: login, avatarUrl: "" },
  permission,
});

interface Case {
  what: string;
  mutate: (o: Org) => void;
  expect: string[];
}

const W_ORG = `webhook:org ${SECURITY}`;
const W_STACK = `webhook:stack:web/production ${FAILURES}`;
const W_ENV = `webhook:environment:payments/prod ${ESC_HOOK}`;

const CASES: Case[] = [
  {
    what: "the organization webhook deleted",
    mutate: (o) => (o.hooks.org = []),
    expect: [`medium webhook-missing ${W_ORG}`],
  },
  {
    what: "the organization webhook disabled (changes go unnoticed)",
    mutate: (o) => (orgHook(o).active = false),
    expect: [`medium webhook-changed ${W_ORG} active`],
  },
  {
    what: "the organization webhook pointed elsewhere",
    mutate: (o) => (orgHook(o).payloadUrl = "https://attacker.example/collect"),
    expect: [`medium webhook-changed ${W_ORG} payloadUrl`],
  },
  {
    what: "the organization webhook reduced to one event group",
    mutate: (o) => (orgHook(o).groups = ["stacks"]),
    expect: [`medium webhook-changed ${W_ORG} events`],
  },
  {
    what: "the organization webhook's format changed",
    mutate: (o) => (orgHook(o).format = "raw"),
    expect: [`medium webhook-changed ${W_ORG} format`],
  },
  {
    what: "the organization webhook's secret removed",
    mutate: (o) => {
      orgHook(o).hasSecret = false;
      orgHook(o).secretCiphertext = "";
    },
    expect: [`medium webhook-changed ${W_ORG} secret`],
  },
  {
    what: "a prod stack's deploy-failure webhook disabled",
    mutate: (o) => (stackHook(o).active = false),
    expect: [`medium webhook-changed ${W_STACK} active`],
  },
  {
    what: "a prod stack's webhook no longer sends drift events",
    mutate: (o) => (stackHook(o).filters = ["update_failed", "deployment_failed"]),
    expect: [`medium webhook-changed ${W_STACK} events`],
  },
  {
    what: "a prod stack's webhook deleted",
    mutate: (o) => o.hooks.stacks.set("web/production", []),
    expect: [`medium webhook-missing ${W_STACK}`],
  },
  {
    what: "a prod environment's webhook pointed elsewhere",
    mutate: (o) => (envHook(o).payloadUrl = "https://siem.example.com/pulumi/other"),
    expect: [`medium webhook-changed ${W_ENV} payloadUrl`],
  },
  {
    what: "a prod environment's webhook deleted",
    mutate: (o) => o.hooks.environments.set("payments/prod", []),
    expect: [`medium webhook-missing ${W_ENV}`],
  },
  {
    what: "an undeclared webhook on a prod stack",
    mutate: (o) =>
      o.hooks.stacks.set("payments/prod", [
        ...(o.hooks.stacks.get("payments/prod") ?? []),
        { ...stackHook(o), name: "x1", displayName: "exfil", payloadUrl: "https://x.example" },
      ]),
    expect: ["low webhook-undeclared webhook:stack:payments/prod exfil"],
  },
  {
    what: "an undeclared webhook on the prod break-glass environment (issue 25: every registered environment is read)",
    mutate: (o) =>
      o.hooks.environments.set("payments/prod-breakglass", [
        { ...envHook(o), name: "x2", displayName: "exfil", payloadUrl: "https://x.example" },
      ]),
    expect: ["low webhook-undeclared webhook:environment:payments/prod-breakglass exfil"],
  },
  {
    what: "an undeclared webhook on a prod login environment",
    mutate: (o) =>
      o.hooks.environments.set("web/prod-cloud", [
        { ...envHook(o), name: "x3", displayName: "exfil", payloadUrl: "https://x.example" },
      ]),
    expect: ["low webhook-undeclared webhook:environment:web/prod-cloud exfil"],
  },
  {
    what: "a person with read on a prod stack (read decrypts its secrets)",
    mutate: (o) => o.collaborators.set("payments/prod", { users: [collaborator("mallory", 101)] }),
    expect: ["high stack-collaborator stack:payments/prod user:mallory"],
  },
  {
    what: "a person with admin on the bootstrap's own stack",
    mutate: (o) => o.collaborators.set("secure-org/prod", { users: [collaborator("eve", 103)] }),
    expect: ["high stack-collaborator stack:secure-org/prod user:eve"],
  },
  {
    what: "a stack creator other than the bootstrap identity, kept as creator",
    mutate: (o) =>
      o.collaborators.set("web/production", { users: [], stackCreatorUserName: "carol" }),
    expect: ["high stack-collaborator stack:web/production user:carol"],
  },
  {
    what: "a person with write on a dev stack: medium",
    mutate: (o) => o.collaborators.set("payments/dev", { users: [collaborator("dave", 102)] }),
    expect: ["medium stack-collaborator stack:payments/dev user:dave"],
  },
  {
    what: "a prod stack's protection tag changed",
    mutate: (o) => ((o.stackTags.get("web/production") ?? {})["secure-org:protected"] = "false"),
    expect: ["medium stack-tag-changed stack:web/production tag:secure-org:protected"],
  },
  {
    what: "a stack's owner tag removed: low",
    mutate: (o) => delete (o.stackTags.get("payments/dev") ?? {})["secure-org:owner"],
    expect: ["low stack-tag-changed stack:payments/dev tag:secure-org:owner"],
  },
  {
    what: "the mandatory group applies another version of the pack",
    mutate: (o) => {
      const g = o.policyGroups.find((x) => x.name === "secure-org-guardrails-mandatory");
      ((g?.appliedPolicyPacks as Wire[])[0] as Wire).versionTag = "0.9.0-sha-aaaaaaaaaaaaaaaa";
    },
    expect: ["high guardrail-pack-version policygroup:secure-org-guardrails-mandatory"],
  },
  {
    what: "the advisory group applies another version of the pack: medium",
    mutate: (o) => {
      const g = o.policyGroups.find((x) => x.name === "secure-org-guardrails-advisory");
      ((g?.appliedPolicyPacks as Wire[])[0] as Wire).versionTag = "0.9.0-sha-aaaaaaaaaaaaaaaa";
    },
    expect: ["medium guardrail-pack-version policygroup:secure-org-guardrails-advisory"],
  },
];

describe("audit: webhooks, stack collaborators, stack tags and the pack version", () => {
  useCloud();

  it("a clean organization: nothing above info, exit 0, every read on the spec", async () => {
    const fake = start();
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(run.report as AuditReport), []);
    assert.deepEqual(fake.violations, []);
    for (const op of [
      "ListOrganizationWebhooks",
      "ListStackWebhooks",
      "ListWebhooks_esc_environments",
      "ListStackPermissions",
      "GetStack",
    ])
      assert.ok(fake.operations.includes(op), `${op} not read`);
    // The webhooks of every environment the bootstrap registers: tier, login and break-glass.
    const hooksRead = new Set(
      cloud.requests
        .map((r) => /^\/api\/esc\/environments\/acme\/([^/]+)\/([^/]+)\/hooks$/.exec(r.path))
        .flatMap((m) => (m ? [`${m[1]}/${m[2]}`] : [])),
    );
    for (const e of registeredEnvironments(model))
      assert.ok(
        hooksRead.has(`${e.project}/${e.name}`),
        `webhooks of ${e.project}/${e.name} not read`,
      );
    for (const e of ["payments/prod-breakglass", "web/prod-cloud", "payments/prod"])
      assert.ok(hooksRead.has(e), `webhooks of ${e} not read`);
  });

  const INFERRED = ["--stack", "prod", "--json"];
  /**
   * Who deployed: given with --deployer, DEPLOYER; inferred, the organization's own identity (the
   * bootstrap pipeline's organization token), the kind of login inference vouches for.
   */
  const deployerFor = (args: readonly string[]) =>
    args.includes("--deployer") ? DEPLOYER : "acme";
  /** The bootstrap identity holds admin on payments/prod, which carol created: high. */
  async function deployerBeyondCreator(args: readonly string[]) {
    const login = deployerFor(args);
    const fake = startFake(
      (o) =>
        o.collaborators.set("payments/prod", {
          users: [collaborator(login, 103)],
          stackCreatorUserName: "carol",
        }),
      cleanOrg(undefined, login),
    );
    const run = await runAudit([...args]);
    const r = run.report as AuditReport;
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(r).sort(), [
      `high stack-collaborator stack:payments/prod user:${login}`,
      "high stack-collaborator stack:payments/prod user:carol",
    ]);
    assert.match(
      r.findings.find((f) => f.subject.endsWith(`user:${login}`))?.message ?? "",
      /bootstrap identity, but it did not create this stack/,
    );
    assert.deepEqual(fake.violations, []);
  }
  /** The bootstrap identity as the creator of web/production: info only. */
  async function deployerAsCreator(args: readonly string[]) {
    const login = deployerFor(args);
    startFake(
      (o) =>
        o.collaborators.set("web/production", {
          users: [collaborator(login, 104)],
          stackCreatorUserName: login,
        }),
      cleanOrg(undefined, login),
    );
    const run = await runAudit([...args]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(run.report as AuditReport), []);
  }

  it("the bootstrap identity (given with --deployer) holding admin on a protected stack it did not create: high", () =>
    deployerBeyondCreator(AUDIT_ARGS));
  it("the bootstrap identity (inferred, no --deployer) holding admin on a protected stack it did not create: high", () =>
    deployerBeyondCreator(INFERRED));
  it("the bootstrap identity (given with --deployer) as the creator of a protected stack: info only", () =>
    deployerAsCreator(AUDIT_ARGS));
  it("the bootstrap identity (inferred, no --deployer) as the creator of a protected stack: info only", () =>
    deployerAsCreator(INFERRED));

  it("the bootstrap identity holding an unknown permission on a stack it created: high (fail closed)", async () => {
    const live = clone(cleanOrg());
    const prod = live.collaborators.find(
      (c: { project: string; stack: string }) => c.project === "payments" && c.stack === "prod",
    );
    prod.users = [{ login: DEPLOYER, permission: 999 }];
    prod.creator = DEPLOYER;
    const found = compareAccess(model, live, { deployer: DEPLOYER, packVersionTag: PACK_VERSION })
      .findings.filter((f) => f.code.startsWith("stack-collaborator"))
      .map((f) => `${f.severity} ${f.code} ${f.subject}`);
    assert.ok(
      found.includes(`high stack-collaborator stack:payments/prod user:${DEPLOYER}`),
      found.join(),
    );
  });

  it("the bootstrap identity as a stack's creator is info, in any letter case", async () => {
    start((o) =>
      o.collaborators.set("payments/prod", {
        users: [collaborator(DEPLOYER.toUpperCase(), 104)],
        stackCreatorUserName: DEPLOYER.toUpperCase(),
      }),
    );
    const run = await runAudit(AUDIT_ARGS);
    const r = run.report as AuditReport;
    assert.deepEqual(notInfo(r), []);
    assert.equal(
      r.findings.filter((f) => f.code === "stack-collaborator-deployer").length,
      1,
      "the creator listed among the users is reported once",
    );
  });

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ")}`, async () => {
      const fake = start(c.mutate);
      await expectDrift(fake, c.expect);
    });

  it("a token that may not list collaborators: not covered with --allow-partial, exit 3 without", async () => {
    start((o) => o.forbidden.add("ListStackPermissions"));
    const partial = await runAudit([...AUDIT_ARGS, "--allow-partial"]);
    assert.deepEqual(notInfo(partial.report as AuditReport), [
      "medium not-covered section:collaborators",
    ]);
    start((o) => o.forbidden.add("ListStackPermissions"));
    assert.equal((await runAudit(AUDIT_ARGS)).code, 3);
  });
});

describe("audit comparisons: boundaries and directions", () => {
  const only = (live: LiveSnapshot, codes: RegExp) =>
    compareAccess(model, live, { deployer: DEPLOYER, packVersionTag: PACK_VERSION })
      .findings.filter((f) => codes.test(f.code))
      .map((f) => `${f.severity} ${f.code} ${f.subject}`);

  it("the implied organization gives none of these findings", () => {
    assert.deepEqual(only(cleanOrg(), /^(webhook|stack-|guardrail-pack)/), []);
  });

  it("event selection: same, wider (all events, more filters), narrower (fewer, or groups for filters)", () => {
    const live = (filters: string[], groups: string[] = []) => ({ filters, groups });
    assert.equal(eventSelection({ filters: ["a", "b"] }, live(["b", "a"])), "same");
    assert.equal(eventSelection({ filters: ["a", "b"] }, live([])), "wider");
    assert.equal(eventSelection({ filters: ["a"] }, live(["a", "b"])), "wider");
    assert.equal(eventSelection({ filters: ["a", "b"] }, live(["a"])), "narrower");
    assert.equal(eventSelection({ filters: ["a"] }, live([], ["stacks"])), "narrower");
    assert.equal(eventSelection({ groups: ["stacks"] }, live(["a"])), "narrower");
    assert.equal(eventSelection({ groups: ["stacks"] }, live([], ["stacks", "x"])), "wider");
    assert.equal(eventSelection({ groups: ["stacks", "x"] }, live([], ["stacks"])), "narrower");
  });

  it("a webhook enabled though declared off, or given more events, is low, never medium", () => {
    const w = clone(cleanOrg());
    const hook = w.webhooks.find((h: { displayName: string }) => h.displayName === FAILURES);
    hook.filters = [];
    assert.deepEqual(only(w, /^webhook/), [`low webhook-changed ${W_STACK} events`]);
  });

  it("two live webhooks with the declared name: the one with the declared URL is compared, the other is undeclared", () => {
    const w = clone(cleanOrg());
    const hook = w.webhooks.find((h: { displayName: string }) => h.displayName === SECURITY);
    w.webhooks.unshift({
      ...hook,
      name: "dup",
      payloadUrl: "https://attacker.example",
      active: false,
    });
    assert.deepEqual(only(w, /^webhook/), [`low webhook-undeclared ${W_ORG}`]);
  });

  it("a webhook moved to another stack is missing there and undeclared where it is", () => {
    const w = clone(cleanOrg());
    const hook = w.webhooks.find((h: { displayName: string }) => h.displayName === FAILURES);
    hook.scope = { kind: "stack", project: "web", stack: "staging" };
    assert.deepEqual(only(w, /^webhook/).sort(), [
      `low webhook-undeclared webhook:stack:web/staging ${FAILURES}`,
      `medium webhook-missing ${W_STACK}`,
    ]);
  });

  it("collaborators: permission 0 is none; an unknown permission value is reported (fail closed); stacks not declared are not read", () => {
    const w = clone(cleanOrg());
    const c = w.collaborators.find(
      (x: { project: string; stack: string }) => x.stack === "prod" && x.project === "payments",
    );
    c.users = [
      { login: "zero", permission: 0 },
      { login: "odd", permission: 105 },
    ];
    w.collaborators.push({
      project: "other",
      stack: "prod",
      users: [{ login: "x", permission: 103 }],
    });
    assert.deepEqual(only(w, /^stack-collaborator/), [
      "high stack-collaborator stack:payments/prod user:odd",
    ]);
  });

  it("tags: a tag named __proto__ or constructor is data; undeclared tags are left alone", () => {
    const w = clone(cleanOrg());
    const t = w.stackTags.find(
      (x: { project: string; stack: string }) => x.project === "web" && x.stack === "dev",
    );
    const tags = Object.assign(Object.create(null) as Record<string, string>, t.tags);
    Object.defineProperty(tags, "__proto__", { value: "x", enumerable: true });
    tags.constructor = "y";
    tags["team:web"] = "z";
    t.tags = tags;
    assert.deepEqual(only(w, /^stack-tag/), []);
    delete t.tags["secure-org:tier"];
    assert.deepEqual(only(w, /^stack-tag/), [
      "low stack-tag-changed stack:web/dev tag:secure-org:tier",
    ]);
  });

  it("the pack version is compared only when the audit knows the checkout's version", () => {
    const w = clone(cleanOrg());
    for (const g of w.policyGroups) g.packs[0].versionTag = "other";
    const codes = (opts: { packVersionTag?: string }) =>
      compareAccess(model, w, { deployer: DEPLOYER, ...opts }).findings.filter(
        (f) => f.code === "guardrail-pack-version",
      ).length;
    assert.equal(codes({}), 0);
    assert.equal(codes({ packVersionTag: PACK_VERSION }), 2);
  });
});
