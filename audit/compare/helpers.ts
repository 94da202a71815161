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
