/**
 * The audit: reads the live organization (Pulumi Cloud REST API through cloud/client.ts, ESC
 * through `@pulumi/esc-sdk`), compares it with the access model (audit/compare/) and
 * renders the report. `scripts/audit.ts` is its command line. The reading is in audit/read.ts,
 * the report and its renderings in audit/report.ts; this module runs both and re-exports them.
 *
 * What it reads, and what each read needs (⚠️ Pulumi documents few of these permissions):
 * - org settings `GET /api/orgs/{org}/metadata`, teams `GET /api/orgs/{org}/teams` and each
 *   team's members and permissions: organization member rights. A team token carries the org's
 *   default member rights, so the auditor team's token reads these;
 * - stacks `GET /api/user/stacks?organization=`: only stacks visible to the token (a team token:
 *   only its team's stacks, so undeclared stacks are found with an admin or member token only);
 * - ESC environments (list) and the definition of every tier's environment (dev and test too), of
 *   every login environment (`<env>-cloud`) and of every live environment named like a tier:
 *   environment `read` on those (the auditor team holds it on every tier; definitions keep secrets
 *   encrypted; each read is an `environment-read` audit event);
 * - OIDC issuers (with `maxExpiration`) and their policies (with `roleID`): organization admin,
 *   or `oidc_issuers:read`;
 * - members, `GET /api/orgs/{org}/members` (paginated, `continuationToken`; the role from `role`,
 *   else `fgaRole`): `org_member:read` (organization admin by default);
 * - custom roles, `GET /api/orgs/{org}/roles?uxPurpose=role`, and each team's,
 *   `GET /api/orgs/{org}/teams/{team}/roles` (merged with `Team.roleIds`): ⚠️ which scope reads
 *   them is not documented; organization admins can. Not read when the organization's features say
 *   custom roles are off (there are none);
 * - `membersCanInviteCollaborators` is not returned by any read: always reported as not covered
 *   (section `collaboratorInvites`, info);
 * - the audit log (V2, `startTime` lower bound, paginated): `audit_logs:read`, admin by default,
 *   Enterprise/Business Critical only;
 * - the guardrails' policy groups, `GET /api/orgs/{org}/policygroups` and each declared group
 *   (`/policygroups/{name}`): its mode, stacks and applied packs with their config (⚠️ which
 *   permission reads them is not documented; organization admins can). Not read when the config
 *   turns guardrails off.
 * - each declared stack's Deployments settings, `GET /api/stacks/{org}/{project}/{stack}/deployments/settings`
 *   (404: none), and schedules, `.../deployments/schedules`: stack read (two reads per declared stack);
 * - webhooks of the organization (`GET /api/orgs/{org}/hooks`), of each declared stack
 *   (`.../hooks`) and environment (`/api/esc/environments/{org}/{project}/{env}/hooks`), each
 *   declared stack's direct collaborators (`.../collaborators`) and tags (`GET /api/stacks/{org}/
 *   {project}/{stack}`): ⚠️ the spec does not say which permission reads them (not tried against
 *   the live service; a 403 is reported as the section not covered with --allow-partial);
 * With `defaults.customRoles`, the auditor team holds the custom role "secure-org auditor":
 * `audit_logs:read`, `oidc_issuers:read`, `org_member:read`, `team:list`, `team:read` and
 * `policy_groups:read` (model/access/roles.ts), so its token reads the issuers, the members, the
 * teams, the policy groups and the audit log too (⚠️ not tried against the live service).
 * A 403 fails the audit (exit 3) naming the permission, unless `allowPartial` is set: then the
 * section is skipped and reported as a medium `not-covered` finding. 401, network errors and
 * rate limiting that outlasts the client's bounded retries always fail.
 *
 * The JSON report (`--json`) is a stable interface, format version 1:
 *
 *   {
 *     formatVersion: 1,
 *     organization: string, stack: string,
 *     generatedAt: ISO string,
 *     window: { days: number, from: ISO string, to: ISO string },   // the audit log reviewed
 *     deployer: { login: string | null, source: "option" | "inferred" | "none" },
 *     githubIds: { source: "config" | "live" | "config+live" | "unknown",
 *                  ownerId: number | null, repositoryIds: { [repository]: number } },
 *     summary: { high: n, medium: n, low: n, info: n, exitCode: 0 | 1 },
 *     coverage: [{ section: "defaults"|"teams"|"stacks"|"environments"|"definitions"|"oidc"|"auditLog"|
 *                  "policyGroups"|"members"|"roles"|"deployments"|"webhooks"|"collaborators"|"stackTags"|
 *                  "collaboratorInvites" (never covered),
 *                  covered: boolean, message?: string }],
 *     findings: [{ severity: "high"|"medium"|"low"|"info", code: string (AUDIT_CODES),
 *                  subject: string, message: string, declared?: any, live?: any }],
 *                // sorted by severity, code, subject
 *     requests: n,   // HTTP requests of this run the service answered (REST and ESC, 429/5xx retries included)
 *     activity: [{ kind: "environment-open" | "stack-update", target: "project/name",
 *                  actor: string, actorKind: "human"|"team-token"|"organization-token"|
 *                  "deployments"|"unknown", count: n, first: ISO, last: ISO,
 *                  verdict: "pipeline" | "break-glass" | "violation" }]
 *   }
 *
 * New fields may be added; existing ones keep their meaning within a format version.
 */
import { AccessModel } from "../model/access";
import { PulumiCloudClient } from "../cloud/client";
import { EscReader, readLiveSnapshot } from "./read";
import { AuditOptions, AuditReport, buildReport } from "./report";

export {
  environmentTargets,
  EscReader,
  protectedEnvironmentTargets,
  readLiveSnapshot,
} from "./read";
export type { EscReaderOptions, ReadOptions } from "./read";
export {
  AUDIT_FORMAT_VERSION,
  buildReport,
  renderJson,
  renderMarkdown,
  renderText,
  SECTIONS,
} from "./report";
export type { AuditOptions, AuditReport } from "./report";

/** Reads the live organization and compares it with the model. */
export async function auditOrganization(
  model: AccessModel,
  cloud: PulumiCloudClient,
  esc: EscReader,
  opts: AuditOptions,
): Promise<AuditReport> {
  // Requests the service answered: a try lost on the network (a kept-alive connection the server
  // had closed) is not a request the service saw, and is not counted.
  const before = cloud.requestsAnswered + esc.requestsAnswered;
  const live = await readLiveSnapshot(cloud, esc, model, opts);
  const requests = cloud.requestsAnswered + esc.requestsAnswered - before;
  return buildReport(model, live, { ...opts, requests });
}
