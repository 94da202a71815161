/**
 * The bootstrap's stack is the one stack whose state holds the keys to the whole organization:
 * the GitHub App key the program deploys with (organization-wide GitHub administration) and every
 * webhook secret. Stack `read` decrypts a stack's secrets, so a human team with any stack
 * permission there holds more than its role says, unless every member is an organization admin
 * (who holds everything anyway). Refused, or reported when the role declares break-glass. Without
 * declared admins (`admins` absent: membership not managed) nobody can tell, so it is reported.
 */
import type { AccessModel } from "../access";
import { ConfigIssue, Finding, OrgConfig } from "../config";

export function checkBootstrapStackReaders(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
  warnings: Finding[],
): void {
  const boot = config.projects.find((p) => p.bootstrap);
  if (!boot) return;
  const admins = new Set(config.admins);
  const teams = new Map(config.teams.map((t) => [t.name, t]));
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const seen = new Set<string>();
  for (const g of model.grants) {
    if (g.identity !== "human" || g.project !== boot.name || g.stackPermission === "none") continue;
    const team = teams.get(g.team);
    const others = (team?.members ?? []).filter((m) => !admins.has(m));
    if (!team || others.length === 0 || g.role === undefined) continue;
    const path = `tiers[${tierIndex.get(g.tier) ?? 0}].roles.${g.role}.stack`;
    if (seen.has(`${path} ${g.team}`)) continue;
    seen.add(`${path} ${g.team}`);
    const what =
      `role "${g.role}" gives team ${g.team} stack ${g.stackPermission} on the bootstrap's stack ` +
      `${g.project}/${g.stack}, and ${others.join(", ")} ${others.length > 1 ? "are" : "is"} no ` +
      `organization admin${admins.size === 0 ? " declared" : ""}: stack read decrypts that ` +
      "stack's state, which holds the GitHub App key " +
      "the program deploys with (organization-wide GitHub administration) and every webhook secret";
    if (admins.size === 0)
      warnings.push({
        severity: "high",
        code: "bootstrap-stack-read",
        path,
        message:
          `${what}, unless they are organization admins, which this config cannot tell: declare ` +
          "secure-org:admins",
      });
    else if (config.roles[g.role]?.breakGlass)
      warnings.push({
        severity: "high",
        code: "bootstrap-stack-read",
        path,
        message: `break-glass: ${what}`,
      });
    else
      errors.push({
        path,
        message:
          `${what}. Give team ${g.team} a role with stack "none" on project ${boot.name} ` +
          `(teams[].access: { "${boot.name}": <role> }), keep it to organization admins, or declare ` +
          `roles.${g.role}.breakGlass with a justification`,
      });
  }
}
