/**
 * Coverage by construction (issue 25): every resource type the bootstrap registers (kinds/)
 * declares its coverage in its area (a type without one does not compile), and audit/coverage.ts
 * derives the table from the registry: audited (a reader on a GET of the OpenAPI spec and comparison codes
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
import { SECTIONS } from "../../audit/report";

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

type Typed = { token: string; area: string; coverage?: Coverage };

/** Every problem of the registry's coverage against itself, the audit and the spec. */
function problems(
  types: readonly Typed[] = MANAGED_TYPES,
  areas: readonly { name: string; audit: readonly string[] }[] = AREAS,
): string[] {
  const gets = specGets();
  const out: string[] = [];
  const read = new Set<string>(SECTIONS);
  for (const a of areas)
    for (const section of a.audit)
      if (!read.has(section)) out.push(`area ${a.name}: the audit has no section ${section}`);
  for (const t of types) {
    const c = t.coverage;
    if (!c) {
      out.push(`${t.token} (area ${t.area}) has no coverage: no reader and no comparison`);
      continue;
    }
    const area = areas.find((a) => a.name === t.area);
    if (c.status === "audited") {
      if (!area || area.audit.length === 0)
        out.push(`${t.token} is marked audited but its area ${t.area} has no audit section`);
      if (c.reads.length === 0) out.push(`${t.token}: no read`);
      for (const e of c.reads)
        if (!e.startsWith("GET ") || !gets.has(e))
          out.push(`${t.token}: ${e} is not a GET of the spec`);
      if (c.codes.length === 0) out.push(`${t.token}: no comparison code`);
      for (const code of c.codes)
        if (!Object.prototype.hasOwnProperty.call(AUDIT_CODES, code))
          out.push(`${t.token}: unknown code ${code}`);
      if (!c.severity.trim()) out.push(`${t.token}: no severity`);
    } else if (c.reason.trim().length < 10) out.push(`${t.token}: ${c.status} without a reason`);
  }
  return out;
}

/** The types the API returns that the audit does not compare yet: this list may only shrink. */
const GAPS: string[] = [];

const audited = (reads: string[], codes: string[]): Coverage => ({
  status: "audited",
  reads,
  codes,
  severity: "high",
});

describe("audit coverage by construction", () => {
  it("every registered type has a reader and a comparison, or says why not", () => {
    assert.deepEqual(problems(), []);
  });

  it("the coverage table is the registry's, type for type", () => {
    assert.deepEqual(Object.keys(AUDIT_COVERAGE).sort(), MANAGED_TYPES.map((t) => t.token).sort());
    for (const t of MANAGED_TYPES) assert.equal(AUDIT_COVERAGE[t.token], t.coverage);
    assert.equal(Object.getPrototypeOf(AUDIT_COVERAGE), null);
  });

  it("fails on a new managed type without coverage, a fake read, an unknown code, an unread section", () => {
    const planted: Typed[] = [
      ...MANAGED_TYPES,
      { token: "pulumiservice:index:NewThing", area: "x" },
    ];
    assert.match(problems(planted).join("\n"), /NewThing \(area x\) has no coverage/);
    const bad: Typed[] = MANAGED_TYPES.map((t) =>
      t.token === "pulumiservice:index:Stack"
        ? { ...t, coverage: audited(["GET /api/stacks/{orgName}/everything"], ["no-such-code"]) }
        : t.token === "pulumiservice:index:Webhook"
          ? { ...t, coverage: { status: "not-covered", reason: "" } }
          : t,
    );
    const p = problems(bad).join("\n");
    assert.match(p, /everything is not a GET of the spec/);
    assert.match(p, /unknown code no-such-code/);
    assert.match(p, /Webhook: not-covered without a reason/);
    // A write is not a read, even on a path the spec has.
    const post = MANAGED_TYPES.map((t) =>
      t.token === "pulumiservice:index:Team"
        ? { ...t, coverage: audited(["POST /api/orgs/{orgName}/teams"], ["team-missing"]) }
        : t,
    );
    assert.match(problems(post).join("\n"), /POST \/api\/orgs\/\{orgName\}\/teams is not a GET/);
    // An area with no audit section cannot claim a type audited.
    const claim = MANAGED_TYPES.map((t) =>
      t.token === "github:index/team:Team"
        ? { ...t, coverage: audited(["GET /api/orgs/{orgName}/teams"], ["team-missing"]) }
        : t,
    );
    assert.match(problems(claim).join("\n"), /github:index\/team:Team is marked audited/);
    // An area naming a section the audit does not read.
    const areas = [...AREAS, { name: "x", audit: ["everything"] }];
    assert.match(
      problems(MANAGED_TYPES, areas).join("\n"),
      /area x: the audit has no section everything/,
    );
  });

  it("the gaps are exactly the listed ones (new types cannot join them silently)", () => {
    const gaps = MANAGED_TYPES.filter((t) => t.coverage.status === "gap")
      .map((t) => t.token)
      .sort();
    assert.deepEqual(gaps, [...GAPS].sort());
  });

  it("docs/development.md's table of areas names each area's audit sections as the registry does", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "development.md"), "utf8");
    for (const a of AREAS) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${a.name}\``));
      assert.ok(row, `docs/development.md has no row for area ${a.name}`);
      const cells = row.split("|").map((x) => x.trim());
      const want = a.audit.length === 0 ? "not audited" : a.audit.join(", ");
      assert.equal(cells[3], want, `docs/development.md: area ${a.name}'s audit sections`);
    }
  });

  for (const file of ["docs/audit.md", "README.md"]) {
    it(`${file} prints the table generated from the registry`, () => {
      const doc = readFileSync(path.join(ROOT, ...file.split("/")), "utf8");
      const m = /<!-- coverage:start -->\n([\s\S]*?)\n<!-- coverage:end -->/.exec(doc);
      assert.ok(m, `${file} has no <!-- coverage:start --> ... <!-- coverage:end --> block`);
      assert.equal(
        m[1],
        renderCoverageTable(),
        `${file}'s coverage table is stale; replace it with renderCoverageTable()'s output`,
      );
    });
  }
});
