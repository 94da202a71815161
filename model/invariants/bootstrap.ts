/**
 * The bootstrap's stack and environment hold the keys to the whole organization (issue 24, 6):
 * its state and its ESC environment (imported by its stack file) hold the GitHub App key the
 * program deploys with. So every route to them is named and bounded:
 * - no human grant reaches the bootstrap project through `access: { "*": ... }`: a team that holds
 *   anything there names the project (`checkBootstrapStar`);
 * - no org default reaches them (`defaults.stackPermission`/`environmentPermission` `read` would
 *   give every member read there), and no custom role pins the bootstrap's environment or grants
 *   stack or environment scopes organization-wide (`checkBootstrapDefaults`);
 * - environment `open`, `write` or `admin` there (which decrypt or replace the key) follows the
 *   rule of stack read below.
 *
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
  checkBootstrapStar(config, model, errors);
  checkBootstrapDefaults(config, model, errors);
  checkBootstrapEnvironmentOpeners(config, model, errors, warnings);
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

/** A team reaching the bootstrap project through `"*"` must name it instead. */
function checkBootstrapStar(config: OrgConfig, model: AccessModel, errors: ConfigIssue[]): void {
  const boot = config.projects.find((p) => p.bootstrap);
  if (!boot) return;
  const seen = new Set<string>();
  for (const g of model.grants) {
    if (g.identity !== "human" || g.project !== boot.name) continue;
    const ti = config.teams.findIndex((t) => t.name === g.team);
    const team = config.teams[ti];
    if (!team || team.access[boot.name] !== undefined || seen.has(g.team)) continue;
    seen.add(g.team);
    errors.push({
      path: `teams[${ti}].access`,
      message:
        `"*": ${g.role} reaches the bootstrap project ${boot.name}: stack ${g.stackPermission} on ` +
        `${g.project}/${g.stack} and environment ${g.environmentPermission} on ` +
        `${g.environment.project}/${g.environment.name}, whose state and environment hold the ` +
        "GitHub App key the program deploys with. A route to the bootstrap is named, never " +
        `reached through "*": add "${boot.name}": <role> to this access (a role with stack and ` +
        "environment none on that tier keeps the team out)",
    });
  }
}

/** Org defaults and custom roles reach every stack and environment, the bootstrap's among them. */
function checkBootstrapDefaults(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
): void {
  const boot = model.stacks.find(
    (s) => s.project === config.projects.find((p) => p.bootstrap)?.name,
  );
  if (!boot) return;
  const where = `the bootstrap's stack ${boot.project}/${boot.stack} and environment ${boot.environment.project}/${boot.environment.name}`;
  for (const [key, what] of [
    ["stackPermission", "stack read (which decrypts its state, the GitHub App key among it)"],
    ["environmentPermission", "environment read"],
  ] as const)
    if (config.defaults[key] !== "none")
      errors.push({
        path: `defaults.${key}`,
        message:
          `"${config.defaults[key]}" gives every organization member ${what} on ${where}: a route ` +
          'to the bootstrap is named, never reached by everyone. Set it to "none" and grant teams ' +
          "what they need",
      });
  for (const role of model.roles) {
    const opened = role.environments.some(
      (e) => e.project === boot.environment.project && e.name === boot.environment.name,
    );
    const wide = role.globalScopes.filter(
      (s) => /^(stack|environment)[a-z_]*:/.test(s) && !s.endsWith(":create"),
    );
    if (opened || wide.length)
      errors.push({
        path: "defaults.customRoles",
        message:
          `custom role "${role.name}" ${opened ? "pins the bootstrap's environment" : `grants ${wide.join(", ")} organization-wide`}, ` +
          `a route to ${where} that no team names`,
      });
  }
}

/**
 * Environment open, write or admin on the bootstrap's environment decrypts or replaces the GitHub
 * App key: the rule of stack read (every member an admin, or break-glass reported high).
 */
function checkBootstrapEnvironmentOpeners(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
  warnings: Finding[],
): void {
  const boot = config.projects.find((p) => p.bootstrap);
  if (!boot) return;
  const admins = new Set(config.admins);
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const seen = new Set<string>();
  for (const g of model.grants) {
    if (g.identity !== "human" || g.project !== boot.name) continue;
    if (!["open", "write", "admin"].includes(g.environmentPermission) || g.role === undefined)
      continue;
    const others = (config.teams.find((t) => t.name === g.team)?.members ?? []).filter(
      (m) => !admins.has(m),
    );
    const path = `tiers[${tierIndex.get(g.tier) ?? 0}].roles.${g.role}.environment`;
    if (others.length === 0 || seen.has(`${path} ${g.team}`)) continue;
    seen.add(`${path} ${g.team}`);
    const what =
      `role "${g.role}" gives team ${g.team} environment ${g.environmentPermission} on the ` +
      `bootstrap's environment ${g.environment.project}/${g.environment.name}, and ` +
      `${others.join(", ")} ${others.length > 1 ? "are" : "is"} no organization admin` +
      `${admins.size === 0 ? " declared" : ""}: it holds the GitHub App key the program deploys with`;
    const breakGlass = config.tiers[tierIndex.get(g.tier) ?? 0]?.roles[g.role]?.breakGlass;
    if (admins.size === 0 || breakGlass)
      warnings.push({
        severity: "high",
        code: "bootstrap-environment-open",
        path,
        message: breakGlass ? `break-glass: ${what}` : `${what}; declare secure-org:admins`,
      });
    else
      errors.push({
        path,
        message:
          `${what}. Give team ${g.team} a role with environment "none" or "read" on project ` +
          `${boot.name} (teams[].access: { "${boot.name}": <role> }), keep it to organization ` +
          "admins, or declare the tier role's breakGlass with a justification",
      });
  }
}
