/**
 * The audit of the guardrails (issue 18) against a drifted live organization: the real command
 * against the local server, which answers the policy group endpoints in the OpenAPI spec's
 * shapes (checked here against the trimmed spec). Each drift of the policy groups is reported
 * exactly once with its severity; a protected stack taken out of the mandatory group is high.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AuditReport } from "../../audit/audit";
import { OPENAPI_FIXTURE_DIR, trimmedOpenApi } from "../../scripts/openapiTrim";
import { fullSchemaDir } from "../support/fullSchemas";
import { loadOpenApiFixture, responseSchema, validate } from "../support/openapi";
import { snapshotResponder } from "../support/auditServer";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  cloud,
  Mutable,
  notInfo,
  runAudit,
  serve,
  TOKEN,
  useCloud,
} from "./harness";

const MANDATORY = "secure-org-guardrails-mandatory";
const ADVISORY = "secure-org-guardrails-advisory";
const group = (w: Mutable, name: string): Mutable => {
  const g = w.policyGroups.find((x: Mutable) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
};

interface Drift {
  what: string;
  mutate: (w: Mutable) => void;
  expect: string[];
}

const DRIFT: Drift[] = [
  {
    what: "a protected stack removed from the mandatory group",
    mutate: (w) => {
      const g = group(w, MANDATORY);
      g.stacks = g.stacks.filter((s: Mutable) => !(s.project === "payments" && s.stack === "prod"));
    },
    expect: [`high guardrail-stack-outside policygroup:${MANDATORY} stack:payments/prod`],
  },
  {
    what: "the mandatory group deleted",
    mutate: (w) => (w.policyGroups = w.policyGroups.filter((g: Mutable) => g.name !== MANDATORY)),
    expect: [`high guardrail-group-missing policygroup:${MANDATORY}`],
  },
  {
    what: "the mandatory group recreated in audit mode",
    mutate: (w) => (group(w, MANDATORY).mode = "audit"),
    expect: [`high guardrail-mode-changed policygroup:${MANDATORY}`],
  },
  {
    what: "the pack detached from the mandatory group",
    mutate: (w) => (group(w, MANDATORY).packs = []),
    expect: [`high guardrail-pack-missing policygroup:${MANDATORY}`],
  },
  {
    what: "a policy downgraded to advisory in the mandatory group",
    mutate: (w) =>
      (group(w, MANDATORY).packs[0].config["no-pulumi-tokens"].enforcementLevel = "advisory"),
    expect: [`high guardrail-level-weakened policygroup:${MANDATORY} policy:no-pulumi-tokens`],
  },
  {
    what: "every policy disabled through the group-wide `all` entry",
    mutate: (w) => {
      const config = group(w, MANDATORY).packs[0].config;
      for (const p of Object.keys(config)) delete config[p].enforcementLevel;
      config.all = { enforcementLevel: "disabled" };
    },
    expect: [
      "no-plaintext-secrets",
      "no-pulumi-access-management",
      "no-pulumi-tokens",
      "protect-stateful-resources",
    ].map((p) => `high guardrail-level-weakened policygroup:${MANDATORY} policy:${p}`),
  },
  {
    what: "an application stack added to the platform stacks (exempt from the token policy)",
    mutate: (w) =>
      group(w, MANDATORY).packs[0].config["no-pulumi-tokens"].platformStacks.push("payments/prod"),
    expect: [`high guardrail-settings-changed policygroup:${MANDATORY} policy:no-pulumi-tokens`],
  },
  {
    what: "an unprotected stack removed from the advisory group",
    mutate: (w) => {
      const g = group(w, ADVISORY);
      g.stacks = g.stacks.filter((s: Mutable) => !(s.project === "web" && s.stack === "dev"));
    },
    expect: [`low guardrail-stack-outside policygroup:${ADVISORY} stack:web/dev`],
  },
  {
    what: "an undeclared stack added to the mandatory group",
    mutate: (w) => group(w, MANDATORY).stacks.push({ project: "web", stack: "dev" }),
    expect: [`low guardrail-stack-undeclared policygroup:${MANDATORY} stack:web/dev`],
  },
];

describe("audit: guardrails' policy groups", () => {
  useCloud();

  it("a clean organization: both groups read, nothing reported, the section covered", async () => {
    serve(cleanOrg());
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    const r = run.report as AuditReport;
    assert.deepEqual(
      r.findings.filter((f) => f.code.startsWith("guardrail")),
      [],
    );
    assert.deepEqual(
      r.coverage.find((c) => c.section === "policyGroups"),
      { section: "policyGroups", covered: true },
    );
    const calls = cloud.calls();
    for (const c of [
      "GET /api/orgs/acme/policygroups",
      `GET /api/orgs/acme/policygroups/${MANDATORY}`,
      `GET /api/orgs/acme/policygroups/${ADVISORY}`,
    ])
      assert.ok(calls.includes(c), `${c} in ${calls.join(", ")}`);
    assert.ok(!calls.includes("GET /api/orgs/acme/policygroups/default-policy-group"));
  });

  for (const d of DRIFT)
    it(`reports ${d.what}, exactly once`, async () => {
      const w = clone(cleanOrg());
      d.mutate(w);
      serve(w);
      const run = await runAudit(AUDIT_ARGS);
      const r = run.report as AuditReport;
      assert.deepEqual(notInfo(r), d.expect);
      assert.equal(run.code, d.expect.some((e) => e.startsWith("high")) ? 1 : 0, run.stderr);
    });

  it("names the stack and the consequence when a protected stack is outside its group", async () => {
    const w = clone(cleanOrg());
    const g = group(w, MANDATORY);
    g.stacks = g.stacks.filter((s: Mutable) => s.project !== "web");
    serve(w);
    const run = await runAudit(AUDIT_ARGS);
    const f = (run.report as AuditReport).findings.find(
      (x) => x.code === "guardrail-stack-outside",
    );
    assert.equal(
      f?.message,
      "stack web/production of protected tier prod is not in the mandatory policy group: its " +
        "deploys run without the mandatory guardrails",
    );
  });

  it("a token that may not read policy groups: not covered with --allow-partial, exit 3 without", async () => {
    const forbidden = { status: 403, body: { code: 403, message: "Forbidden" } };
    const override = (r: { path: string }) =>
      r.path.includes("/policygroups") ? forbidden : undefined;
    serve(cleanOrg(), { override });
    const partial = await runAudit([...AUDIT_ARGS, "--allow-partial"]);
    assert.equal(partial.code, 0, partial.stderr);
    assert.deepEqual(notInfo(partial.report as AuditReport), [
      "medium not-covered section:policyGroups",
    ]);
    serve(cleanOrg(), { override });
    const strict = await runAudit(AUDIT_ARGS);
    assert.equal(strict.code, 3);
    assert.match(strict.stderr, /list policy groups/);
  });

  it("reads nothing of policy groups when guardrails are off", async () => {
    // The same live org, audited against a config with guardrails off (and a reason).
    serve(cleanOrg());
    const dir = mkdtempSync(path.join(tmpdir(), "guardrails-off-"));
    const file = path.join(dir, "Pulumi.prod.yaml"); // the prod organization's config
    writeFileSync(
      file,
      readFileSync(path.join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8") +
        "  secure-org:guardrails:\n    enabled: false\n" +
        "    reason: the org is on an edition without policy groups (FIN-12)\n",
    );
    const run = await runAudit(["--config", file, "--json", "--deployer", "bootstrap-admin"]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      (run.report as AuditReport).coverage.find((c) => c.section === "policyGroups")?.covered,
      true,
    );
    assert.ok(!cloud.calls().some((c) => c.includes("/policygroups")));
  });
});

describe("audit: the test server answers policy groups as the OpenAPI spec says", () => {
  const spec = loadOpenApiFixture("policygroups.json");
  const respond = snapshotResponder(cleanOrg(), { token: TOKEN });
  const get = (p: string) =>
    respond({
      method: "GET",
      path: p,
      query: {},
      headers: { authorization: `token ${TOKEN}` },
      body: undefined,
    });

  it("the list and every group, defaults included, validate against the spec's schemas", () => {
    const list = get("/api/orgs/acme/policygroups") as { status: number; body: Mutable };
    assert.equal(list.status, 200);
    assert.deepEqual(
      validate(
        spec,
        responseSchema(spec, "GET", "/api/orgs/{orgName}/policygroups", 200),
        list.body,
      ),
      [],
    );
    const names: string[] = list.body.policyGroups.map((g: Mutable) => g.name);
    assert.deepEqual(names, [
      "default-policy-group",
      "default-accounts-policy-group",
      MANDATORY,
      ADVISORY,
    ]);
    for (const n of names) {
      const one = get(`/api/orgs/acme/policygroups/${n}`) as { status: number; body: unknown };
      assert.equal(one.status, 200);
      assert.deepEqual(
        validate(
          spec,
          responseSchema(spec, "GET", "/api/orgs/{orgName}/policygroups/{policyGroup}", 200),
          one.body,
        ),
        [],
        n,
      );
    }
  });

  it("the check can fail: a misspelled or missing field is caught", () => {
    const schema = responseSchema(
      spec,
      "GET",
      "/api/orgs/{orgName}/policygroups/{policyGroup}",
      200,
    );
    const one = (get(`/api/orgs/acme/policygroups/${MANDATORY}`) as { body: Mutable }).body;
    const broken = { ...one, stack: one.stacks };
    delete broken.stacks;
    assert.deepEqual(validate(spec, schema, broken), [
      "$: missing required stacks",
      "$: stack is not in the spec",
    ]);
    assert.deepEqual(validate(spec, schema, { ...one, mode: "blocking" }), [
      '$.mode: "blocking" is not one of ["audit","preventative"]',
    ]);
  });

  it("the trimmed spec is fresh (the full spec is vendored in test/fixtures/full)", () => {
    for (const [file, text] of trimmedOpenApi(fullSchemaDir()))
      assert.equal(readFileSync(path.join(OPENAPI_FIXTURE_DIR, file), "utf8"), text, file);
  });
});
