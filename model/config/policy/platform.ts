/**
 * Policy for the platform repository: its team (CODEOWNERS of `.github/workflows/`) whenever a
 * workflow is generated, and the scheduled audit that runs there with the bootstrap stack's config.
 */
import { AUDIT_GITHUB_ENVIRONMENT, sameGithubName } from "../../names";
import { obj, str } from "../view";
import { effectiveModes, list, PolicyContext } from "./shared";

/** Platform team: needed for CODEOWNERS whenever a GitHub Actions pipeline exists. */
export function checkPlatformTeam({ v, err, teamNames }: PolicyContext): void {
  const anyActions = v.tiers.some((t) => effectiveModes(v, t).has("github-actions"));
  const pt = v.github.platformTeam;
  if (pt !== undefined) {
    const team = v.teams.find((t) => t.name === pt);
    if (!team)
      err("github.platformTeam", `unknown team "${pt}"; declared teams: ${list(teamNames)}`);
    else if (!team.githubMembers)
      err(
        "github.platformTeam",
        `team "${pt}" has no githubMembers; CODEOWNERS needs a GitHub team`,
      );
  } else if (anyActions) {
    err(
      "github.platformTeam",
      "is required when a tier deploys with github-actions: name the team that owns .github/workflows/ (CODEOWNERS)",
    );
  } else if (v.auditSchedule) {
    err(
      "github.platformTeam",
      "is required by audit.schedule: name the team that owns .github/workflows/ (CODEOWNERS) of the platform repository",
    );
  }
}

/** The scheduled audit runs in the platform repository with the bootstrap stack's config. */
export function checkAuditSchedule({ v, err, tierByName }: PolicyContext): void {
  if (!v.auditSchedule) return;
  const boot = v.projects.filter((p) => p.bootstrap);
  if (boot.length === 0)
    err(
      "audit.schedule",
      "the scheduled audit reads the bootstrap stack's config in the platform repository: " +
        "declare the bootstrap project (projects[].bootstrap: true)",
    );
  else if (Object.keys(boot[0].tiers).length !== 1)
    err(
      "audit.schedule",
      "the scheduled audit needs the bootstrap project to deploy exactly one stack (the one whose " +
        "Pulumi.<stack>.yaml it audits)",
    );
  v.projects.forEach((p, pi) => {
    if (
      !v.github.platformRepository ||
      !sameGithubName(p.repository ?? "", v.github.platformRepository)
    )
      return;
    const t = tierByName.get(AUDIT_GITHUB_ENVIRONMENT);
    if (!t || !(AUDIT_GITHUB_ENVIRONMENT in p.tiers)) return;
    const mode = str(obj(p.tiers[AUDIT_GITHUB_ENVIRONMENT]).mode) ?? t.deploy.mode;
    if (mode === "github-actions")
      err(
        `projects[${pi}].tiers.${AUDIT_GITHUB_ENVIRONMENT}`,
        `the GitHub environment "${AUDIT_GITHUB_ENVIRONMENT}" of the platform repository is ` +
          "reserved for the scheduled audit (audit.schedule); rename the tier",
      );
  });
}
