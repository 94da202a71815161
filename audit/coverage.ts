/**
 * What the audit reads back of each resource type the bootstrap registers (kinds/): the spec's
 * GET it reads, the comparison (finding codes) and their severity; or why it is not covered. The
 * table is derived from the registry (each `ManagedType.coverage`), so a new managed type without
 * one does not compile. test/audit/coverage.spec.ts checks it (an audited type's area has an audit
 * section the audit reads, its reads are GETs of the OpenAPI spec and its codes are AUDIT_CODES)
 * and the copy printed in docs/audit.md, so neither goes stale.
 *
 * `gap` rows are types the API can return but the audit does not compare yet: listed, not hidden.
 * The spec pins the exact set, so a new managed type cannot join them silently.
 */
import { MANAGED_TYPES } from "../kinds";
import type { TypeCoverage } from "../kinds";

export type Coverage = TypeCoverage;

/**
 * Resource type token -> what the audit does with it, derived from the registry: each managed
 * type declares its `coverage` in its area (kinds/<area>.ts). A null-prototype object: tokens are
 * data.
 */
export const AUDIT_COVERAGE: Readonly<Record<string, Coverage>> = Object.assign(
  Object.create(null) as Record<string, Coverage>,
  Object.fromEntries(MANAGED_TYPES.map((t) => [t.token, t.coverage])),
);

export const coverageOf = (token: string): Coverage | undefined =>
  Object.prototype.hasOwnProperty.call(AUDIT_COVERAGE, token) ? AUDIT_COVERAGE[token] : undefined;

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The table docs/audit.md prints: type | endpoint | comparison | severity, in registry order. */
export function renderCoverageTable(): string {
  const rows = MANAGED_TYPES.map((t) => {
    const c = coverageOf(t.token);
    if (!c) return `| \`${t.token}\` | ${t.area} | — | **no row** | — |`;
    if (c.status === "audited")
      return `| \`${t.token}\` | ${t.area} | ${c.reads.map((e) => `\`${e}\``).join("<br>")} | ${c.codes.map((x) => `\`${x}\``).join(", ")} | ${cell(c.severity)} |`;
    return `| \`${t.token}\` | ${t.area} | — | ${c.status === "gap" ? "not audited yet" : "not covered"}: ${cell(c.reason)} | — |`;
  });
  return [
    "| Type | Area | Read (the spec's GET) | Comparison (codes) | Severity |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
