/**
 * What the plan can tell is still missing for a real `pulumi up` of the bootstrap stack (see
 * docs/first-deployment.md): the GitHub App's id, the ESC environment with its credentials,
 * declared admins, approvers GitHub can ask, and the editions the config relies on. Short on
 * purpose: one line per gap, each saying what to do. Pure: the validated config and the stack
 * file's `environment:` list in, lines out.
 */
import { OrgConfig } from "../model/config";

/** The ESC environment docs/first-deployment.md has the bootstrap read its GitHub App keys from. */
export const bootstrapEnvironment = (stack: string) => `secure-org/${stack}`;
export const GITHUB_APP_KEYS = [
  "GITHUB_APP_ID",
  "GITHUB_APP_INSTALLATION_ID",
  "GITHUB_APP_PEM_FILE",
] as const;

export function readinessChecklist(
  config: OrgConfig,
  stack: string,
  stackEnvironments: readonly string[],
): string[] {
  const out: string[] = [];
  if (config.github.bootstrapAppId === undefined)
    out.push(
      "github.bootstrapAppId: the id of the GitHub App the bootstrap runs as. Without it the " +
        "rulesets have no bypass, so the App cannot update generated files on protected branches",
    );
  if (stackEnvironments.length === 0)
    out.push(
      `environment: create the ESC environment ${bootstrapEnvironment(stack)} with ` +
        `${GITHUB_APP_KEYS.join(", ")} (the key as a secret) and import it in this stack file ` +
        `(environment: [${bootstrapEnvironment(stack)}])`,
    );
  if (config.admins.length === 0)
    out.push(
      "admins: list the organization admins, the identity of the first pulumi up among them",
    );
  const teams = new Map(config.teams.map((t) => [t.name, t]));
  const silent = new Set<string>();
  for (const tier of config.tiers)
    for (const a of tier.deploy.approvers)
      if ((teams.get(a)?.githubMembers ?? []).length === 0) silent.add(a);
  for (const name of silent)
    out.push(
      `teams: "${name}" approves deployments but has no githubMembers, so nobody can approve them on GitHub`,
    );
  out.push(
    "editions: Pulumi Cloud Enterprise (teams, team permissions, team OIDC tokens)" +
      (config.defaults.customRoles ? " with the Custom Roles feature" : "") +
      "; on private repositories, GitHub Team for rulesets and GitHub Enterprise for environment " +
      "reviewers (README, What you need)",
  );
  return out;
}

/** The checklist as the text or Markdown report's last section. */
export function renderChecklist(lines: readonly string[], format: "text" | "markdown"): string {
  if (lines.length === 0) return "";
  return format === "markdown"
    ? `### Before a real run\n\n${lines.map((l) => `- [ ] ${l}`).join("\n")}\n`
    : `== Before a real run (docs/first-deployment.md)\n${lines.map((l) => `  - ${l}`).join("\n")}\n`;
}
