/**
 * What adoption left unmanaged (`secure-org:adopt.unmanaged`): the config says it exists and
 * stays as it is, so its "undeclared" findings are not drift. They become info findings
 * (`adopt-unmanaged`) that say so; every other finding about it (a human's elevated access to a
 * protected resource, a wildcard OIDC policy) stays as it is.
 */
import type { AdoptUnmanaged } from "../../model/adopt";
import { AuditFinding } from "./types";

/** Finding codes that only say "exists, not declared". */
const UNDECLARED = new Set([
  "team-undeclared",
  "grant-undeclared",
  "stack-undeclared",
  "environment-undeclared",
]);

/** The audit subject of an unmanaged entry (`team:x`, `team:x stack:p/s`, `stack:p/s`, ...). */
function subjectOf(u: AdoptUnmanaged): string | undefined {
  switch (u.kind) {
    case "team":
      return `team:${u.name}`;
    case "stack":
      return `stack:${u.name}`;
    case "environment":
      return `environment:${u.name}`;
    case "grant":
      return u.name;
    default:
      return undefined;
  }
}

export function acknowledgeUnmanaged(
  findings: readonly AuditFinding[],
  unmanaged: readonly AdoptUnmanaged[] | undefined,
): AuditFinding[] {
  if (!unmanaged?.length) return [...findings];
  const known = new Map<string, AdoptUnmanaged>();
  for (const u of unmanaged) {
    const s = subjectOf(u);
    if (s) known.set(s, u);
  }
  // An unmanaged team's grants stay with it.
  const ofTeam = (subject: string) =>
    subject.startsWith("team:") && subject.includes(" ")
      ? known.get(subject.slice(0, subject.indexOf(" ")))
      : undefined;
  return findings.map((f) => {
    const u = UNDECLARED.has(f.code) ? (known.get(f.subject) ?? ofTeam(f.subject)) : undefined;
    if (!u) return f;
    return {
      severity: "info",
      code: "adopt-unmanaged",
      subject: f.subject,
      message: `left unmanaged when the organization was adopted (${u.reason}): ${f.message}`,
      ...(f.live !== undefined ? { live: f.live } : {}),
    };
  });
}
