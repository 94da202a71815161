/**
 * Policy: the team names derived for pipeline identities (one deploy and one preview team per
 * project and pipeline tier, plus the auditor team of the scheduled audit) are unique, fit the team
 * name length, and do not collide with declared teams.
 */
import { AUDITOR_TEAM, githubNameKey, machineTeamName, NAME_RULES } from "../../names";
import { isPipeline, PolicyContext } from "./shared";

/** Machine team names must not collide with declared teams. */
export function checkMachineTeamNames({ v, err, tierByName }: PolicyContext): void {
  const machineNames = new Map<string, string>();
  v.projects.forEach((p, pi) => {
    for (const tierName of Object.keys(p.tiers)) {
      const t = tierByName.get(tierName);
      if (!t || !p.name || !isPipeline(t.deploy.mode)) continue;
      const where = `projects[${pi}].tiers.${tierName}`;
      for (const purpose of ["deploy", "preview", "drift"] as const) {
        const n = machineTeamName(p.name, tierName, purpose);
        const other = machineNames.get(githubNameKey(n));
        if (other && purpose === "deploy")
          err(
            where,
            `the pipeline team name "${n}" is also derived for ${other}; rename the project or tier so they differ`,
          );
        if (n.length > NAME_RULES.team.max)
          err(
            where,
            `the pipeline team name "${n}" is longer than ${NAME_RULES.team.max} characters; shorten the project or tier name`,
          );
        machineNames.set(githubNameKey(n), where);
      }
    }
  });
  if (v.auditSchedule) machineNames.set(AUDITOR_TEAM, "audit.schedule");
  v.teams.forEach((t, ti) => {
    // Team slugs are compared by the one GitHub name key, whatever the case rules let through.
    const taken = t.name ? machineNames.get(githubNameKey(t.name)) : undefined;
    if (taken)
      err(
        `teams[${ti}].name`,
        `"${t.name}" is reserved for the pipeline identity of ${taken}; rename the team`,
      );
  });
}
