/** How a live OIDC policy is described in findings. */
import { LivePolicy } from "./types";

export function describePolicy(p: LivePolicy): string {
  const who =
    p.tokenType === "team"
      ? `team ${p.teamName ?? "(no team)"}`
      : p.tokenType === "organization"
        ? `organization token [${(p.authorizedPermissions ?? []).join(", ")}]`
        : `${p.tokenType} token ${p.userLogin ?? p.runnerID ?? ""}`.trim();
  const role = p.roleID ? ` with custom role ${p.roleID}` : "";
  return `${p.decision} ${who}${role} when ${JSON.stringify(p.rules ?? {})}`;
}
