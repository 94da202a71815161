/**
 * The second validation pass: references, duplicates and the least-privilege invariants, one file
 * per area. The checks run in the order of `POLICY_CHECKS`, which is the order of the reported
 * errors and warnings (the tests and the plan outputs compare them): add a new area as its own
 * file and append it here.
 */
import { ConfigIssue, Finding } from "../messages";
import { View } from "../view";
import { checkAdoptedPolicies, checkWebhookDisplayNames } from "./adoption";
import { checkDerivedNames } from "./derived";
import { checkDuplicateNames } from "./duplicates";
import { checkCi } from "./ci";
import { CI_POLICY_UNITS } from "../../ci/policies";
import { checkCiGates } from "./ciGates";
import { checkCloud } from "./cloud";
import { checkGuardrails } from "./guardrails";
import { checkMachineTeamNames } from "./machineTeams";
import { checkMembers } from "./members";
import { checkAuditSchedule, checkPlatformTeam } from "./platform";
import { checkProjects } from "./projects";
import { checkRepositories } from "./repositories";
import { checkBootstrapStack } from "./bootstrapStack";
import { ConfigOwner, PolicyCheck, policyContext } from "./shared";
import { checkSchedules } from "./schedules";
import { checkShards } from "./shards";
import { checkRoles, checkTeams, checkTeamsOnGithub } from "./teams";
import { checkTiers } from "./tiers";
import { checkBreakGlass } from "./breakGlass";
import { checkWebhooks } from "./webhooks";

/** Every policy check, in reporting order. */
export const POLICY_CHECKS: readonly PolicyCheck[] = [
  checkDuplicateNames,
  checkTeams,
  checkRoles,
  checkMachineTeamNames,
  checkDerivedNames,
  checkTiers,
  checkBreakGlass,
  checkProjects,
  checkBootstrapStack,
  checkRepositories,
  checkPlatformTeam,
  checkAuditSchedule,
  checkSchedules,
  checkWebhooks,
  checkWebhookDisplayNames,
  checkAdoptedPolicies,
  checkMembers,
  checkGuardrails,
  checkShards,
  checkCi,
  checkCiGates,
  (ctx) => {
    for (const { policy } of CI_POLICY_UNITS) policy.checkConfig?.(ctx);
  },
  checkTeamsOnGithub,
  checkCloud,
];

/** Runs every policy check on the view, appending to `errors` and `warnings`. */
export function policyChecks(
  v: View,
  errors: ConfigIssue[],
  warnings: Finding[],
  owner: ConfigOwner = {},
): void {
  const ctx = policyContext(v, errors, warnings, owner);
  for (const check of POLICY_CHECKS) check(ctx);
}
