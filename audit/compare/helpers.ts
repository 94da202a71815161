/**
 * Small helpers the comparison shares: resource keys, finding order, Pulumi's permission numbers
 * and Go durations.
 */
import { ENV_RANK } from "../../model/access";
import { EnvironmentPermission, severityRank } from "../../model/config";
import { AuditFinding } from "./types";

export const stackKey = (project: string, stack: string) => `${project}/${stack}`;

export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      cmp(a.code, b.code) ||
      cmp(a.subject, b.subject) ||
      cmp(a.message, b.message),
  );
}

/** Pulumi's numeric stack permissions (model/cloud/stackPermissions.ts). */
export { STACK_PERMISSION_NUMBER, stackPermissionName } from "../../model/cloud/stackPermissions";

export function envPermission(p: string): EnvironmentPermission {
  return (p in ENV_RANK ? p : "admin") as EnvironmentPermission;
}

/** Seconds of a Go duration ("1h0m0s", "15m", "90s", "1.5h"); undefined when unreadable. */
export function durationSeconds(d: string | undefined): number | undefined {
  if (d === undefined || d.trim() === "") return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6 };
  let total = 0;
  let rest = d.trim();
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (unit[m[2]] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** A Go-style duration ("1h0m0s") from config durations ("1h", "15m", "1h30m"). */
export function goDuration(d: string): string {
  const s = durationSeconds(d) ?? 0;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

/**
 * Insights account permissions by the API's number (`InsightsAccountPermission`: "None", "Read",
 * "Write", "Admin", enum 0 to 3 in the OpenAPI spec).
 */
export const ACCOUNT_PERMISSIONS = ["none", "read", "write", "admin"] as const;
export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];

/** The permission's name; a number outside the enum counts as admin (fail closed). */
export function accountPermissionName(n: unknown): AccountPermission {
  return (Number.isInteger(n) && ACCOUNT_PERMISSIONS[n as number]) || "admin";
}

/**
 * What an Insights account permission held beyond the declared one weighs. Write
 * (`insights_account:update`) changes the account's credentials environment (`environment`,
 * "Reference to an ESC environment containing provider credentials") and the agent pool its scans
 * run on (`UpdateInsightsAccountRequest`); no source says the service checks that the editor may
 * open that environment, so a scan could open a protected tier's credentials on the editor's own
 * agents: high (fail closed). Read shows the scanned cloud resources, not credentials: medium.
 */
export function accountPermissionSeverity(p: AccountPermission): "high" | "medium" {
  return p === "write" || p === "admin" ? "high" : "medium";
}
