/**
 * Coverage by construction (issue 25): every resource type the bootstrap registers (kinds/) has a
 * row in audit/coverage.ts: audited (a reader on a GET of the OpenAPI spec and comparison codes
 * the audit knows), not covered (with the reason the API or the audit's token cannot return it),
 * or a listed gap. docs/audit.md prints the same table. Each check is shown to fail on a planted
 * defect.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { AREAS, MANAGED_TYPES } from "../../kinds";
import { AUDIT_CODES } from "../../audit/compare";
import { AUDIT_COVERAGE, Coverage, renderCoverageTable } from "../../audit/coverage";

const ROOT = path.resolve(__dirname, "../..");
const SPEC_DIR = path.join(ROOT, "test", "fixtures", "openapi");

/** `GET /path` of every operation the vendored spec slices hold. */
function specGets(): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(SPEC_DIR).filter((x) => x.endsWith(".json"))) {
    const spec = JSON.parse(readFileSync(path.join(SPEC_DIR, f), "utf8")) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [p, ops] of Object.entries(spec.paths)) if (ops.get) out.add(`GET ${p}`);
  }
  return out;
}

/** Every problem of a coverage table against the registry and the spec. */
function problems(
  table: Readonly<Record<string, Coverage>>,
  types: readonly { token: string; area: string }[] = MANAGED_TYPES,
): string[] {
  const gets = specGets();
  const out: string[] = [];
  const tokens = new Set(types.map((t) => t.token));
  for (const t of types) {
    const c = Object.prototype.hasOwnProperty.call(table, t.token) ? table[t.token] : undefined;
    if (!c) {
      out.push(`${t.token} (area ${t.area}) has no row: no reader and no comparison`);
      continue;
    }
    const area = AREAS.find((a) => a.name === t.area);
    if (c.status === "audited") {
      if (!area || area.audit.length === 0)
        out.push(`${t.token} is marked audited but its area ${t.area} has no audit section`);
      if (c.endpoints.length === 0) out.push(`${t.token}: no endpoint`);
      for (const e of c.endpoints)
        if (!e.startsWith("GET ") || !gets.has(e))
          out.push(`${t.token}: ${e} is not a GET of the spec`);
      if (c.codes.length === 0) out.push(`${t.token}: no comparison code`);
      for (const code of c.codes)
        if (!Object.prototype.hasOwnProperty.call(AUDIT_CODES, code))
          out.push(`${t.token}: unknown code ${code}`);
      if (!c.severity.trim()) out.push(`${t.token}: no severity`);
    } else if (c.reason.trim().length < 10) out.push(`${t.token}: ${c.status} without a reason`);
  }
  for (const token of Object.keys(table))
    if (!tokens.has(token)) out.push(`${token} has a row but is not a managed type`);
  return out;
}

/** The types the API returns that the audit does not compare yet: this list may only shrink. */
const GAPS = [
  "pulumiservice:index:ApprovalRule",
  "pulumiservice:index:StackTags",
  "pulumiservice:index:Webhook",
];

describe("audit coverage by construction", () => {
  it("every registered type has a reader and a comparison, or says why not", () => {
    assert.deepEqual(problems(AUDIT_COVERAGE), []);
  });

  it("fails on a new managed type without a row, a fake endpoint, an unknown code", () => {
    const planted = [...MANAGED_TYPES, { token: "pulumiservice:index:NewThing", area: "x" }];
    assert.match(problems(AUDIT_COVERAGE, planted).join("\n"), /NewThing \(area x\) has no row/);
    const bad: Record<string, Coverage> = {
      ...AUDIT_COVERAGE,
      "pulumiservice:index:Stack": {
        status: "audited",
        endpoints: ["GET /api/stacks/{orgName}/everything"],
        codes: ["no-such-code" as never],
        severity: "high",
      },
      "pulumiservice:index:Webhook": { status: "not-covered", reason: "" },
    };
    const p = problems(bad).join("\n");
    assert.match(p, /everything is not a GET of the spec/);
    assert.match(p, /unknown code no-such-code/);
    assert.match(p, /Webhook: not-covered without a reason/);
    // An area with no audit section cannot claim a type audited.
    const claim: Record<string, Coverage> = {
      ...AUDIT_COVERAGE,
      "github:index/team:Team": {
        status: "audited",
        endpoints: ["GET /api/orgs/{orgName}/teams"],
        codes: ["team-missing"],
        severity: "high",
      },
    };
    assert.match(problems(claim).join("\n"), /github:index\/team:Team is marked audited/);
  });

  it("the gaps are exactly the listed ones (new types cannot join them silently)", () => {
    const gaps = Object.entries(AUDIT_COVERAGE)
      .filter(([, c]) => c.status === "gap")
      .map(([t]) => t)
      .sort();
    assert.deepEqual(gaps, [...GAPS].sort());
  });

  it("docs/audit.md prints the table generated from the registry", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "audit.md"), "utf8");
    const m = /<!-- coverage:start -->\n([\s\S]*?)\n<!-- coverage:end -->/.exec(doc);
    assert.ok(m, "docs/audit.md has no <!-- coverage:start --> ... <!-- coverage:end --> block");
    assert.equal(
      m[1],
      renderCoverageTable(),
      "docs/audit.md's coverage table is stale; replace it with renderCoverageTable()'s output",
    );
  });
});
