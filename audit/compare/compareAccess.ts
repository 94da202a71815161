/**
 * The comparison's entry: a live snapshot against the access model, each area in its own module
 * (teams and grants, members, resources, org defaults, OIDC issuers and policies, custom roles, ESC
 * definitions, the audit log).
 */
import { AccessModel } from "../../model/access";
import { acknowledgeUnmanaged } from "./adopted";
import { reviewAuditLog } from "./auditLog";
import { compareApprovals } from "./approvals";
import { compareBreakGlass } from "./breakGlass";
import { compareDefaults } from "./defaults";
import { compareDefinitions } from "./definitions";
import { compareCollaborators } from "./collaborators";
import { compareDeployments } from "./deployments";
import { compareDeploymentRoleConditions } from "./deploymentRole";
import { compareEscDefinitions, envClassifier } from "./escDefinitions";
import { compareGuardrails } from "./guardrails";
import { compareMembers } from "./members";
import { compareRoles } from "./roles";
import { sortFindings } from "./helpers";
import { compareOidc } from "./oidc";
import { compareResources, resourcesOf } from "./resources";
import { compareStackTags } from "./stackTags";
import { compareTeams, resolveDeployer } from "./teams";
import { AuditFinding, CompareOptions, CompareResult, LiveSnapshot } from "./types";
import { compareWebhooks } from "./webhooks";

/**
 * Compares a live snapshot with the access model. Findings are sorted (severity, code, subject);
 * see AUDIT_CODES.
 */
export function compareAccess(
  model: AccessModel,
  live: LiveSnapshot,
  options: CompareOptions = {},
): CompareResult {
  const findings: AuditFinding[] = [];
  const add = (f: AuditFinding) => findings.push(f);
  const res = resourcesOf(model);

  for (const n of live.notCovered)
    add({
      severity: n.severity ?? "medium",
      code: "not-covered",
      subject: `section:${n.section}`,
      message: `not audited: ${n.message}`,
    });

  const deployer = resolveDeployer(model, live, options.deployer);
  if (deployer.login)
    add({
      severity: "info",
      code: "deployer",
      subject: `member:${deployer.login}`,
      message:
        `${deployer.login} is ignored as a team member: Pulumi Cloud adds the identity that ` +
        `creates a team to it (${deployer.source === "option" ? "given with --deployer" : `inferred: on every declared team and ${deployer.login === model.organization ? "the organization's own identity (its organization token, the bootstrap pipeline's)" : "a declared admin"}; pass --deployer to pin it`})`,
    });
  for (const login of deployer.unconfirmed ?? [])
    add({
      severity: "high",
      code: "deployer-unconfirmed",
      subject: `member:${login}`,
      message:
        `${login} is on every declared team, machine teams included, but is neither a declared ` +
        `admin nor the organization's own identity (${model.organization}), so it is not taken ` +
        "for the bootstrap identity and its memberships are reported. If it is the identity that " +
        `runs the bootstrap, declare it: pass --deployer ${login} (or add it to admins: the ` +
        "deploying identity must be an organization admin); otherwise remove it from the teams",
    });

  if (live.teams) compareTeams(model, live.teams, deployer.login, res, add);
  if (live.members) compareMembers(model, live.members, deployer.login, add);
  compareResources(live, res, add);
  if (live.defaults) compareDefaults(model, live.defaults, add);
  const githubIds = live.oidcIssuers
    ? compareOidc(model, live.oidcIssuers, options.pinnedIds, add)
    : { source: "unknown" as const };
  if (live.definitions) {
    compareDefinitions(live.definitions, envClassifier(model, res), add);
    compareEscDefinitions(model, live.definitions, res, add);
  }
  if (live.policyGroups) compareGuardrails(model, live.policyGroups, add, options.packVersionTag);
  if (live.deployments) compareDeployments(model, live.deployments, add);
  if (live.webhooks) compareWebhooks(model, live.webhooks, add);
  if (live.collaborators) compareCollaborators(model, live.collaborators, deployer.login, add);
  if (live.stackTags) compareStackTags(model, live.stackTags, add);
  compareRoles(model, live, add);
  compareDeploymentRoleConditions(model, live, res, add);
  const activity = live.auditLog ? reviewAuditLog(model, live, res, add) : [];
  if (live.approvals) compareApprovals(model, live.approvals, add);
  if (live.breakGlass)
    compareBreakGlass(model, live.breakGlass, live.auditLog, add, live.definitions);

  const known = acknowledgeUnmanaged(findings, options.unmanaged);
  return { findings: sortFindings(known), deployer, githubIds, activity };
}
