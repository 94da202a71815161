/**
 * What the audit does with each managed type (issue 25, coverage by construction): every
 * `ManagedType` declares it, so a type without it does not compile, and audit/coverage.ts derives
 * the coverage table (and docs/audit.md's copy) from the registry. test/audit/coverage.spec.ts
 * checks each audited type's reads are GETs of the OpenAPI spec, its codes are the audit's, and
 * its area names an audit section the audit reads.
 */

export type TypeCoverage =
  | {
      readonly status: "audited";
      /** `GET /api/...` path templates of the OpenAPI spec the audit reads it with. */
      readonly reads: readonly string[];
      /** The audit's finding codes (audit/compare/codes.ts `AUDIT_CODES`) that compare it. */
      readonly codes: readonly string[];
      readonly severity: string;
    }
  | {
      /** The API (or the audit's token) cannot return it: why. */
      readonly status: "not-covered";
      readonly reason: string;
    }
  | {
      /** The API returns it, the audit does not compare it yet: listed, not hidden. */
      readonly status: "gap";
      readonly reason: string;
    };

export const GITHUB_NOT_AUDITED =
  "GitHub resource: the audit reads Pulumi Cloud only (no GitHub token)";
