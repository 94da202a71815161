/**
 * The scheduled audit (issue 30, the round trip): an organization secure-org built with
 * `audit.schedule` holds the auditor team (`secure-org-auditor`), an OIDC allow policy that hands
 * that team's token to the program's audit workflow (`job_workflow_ref` built with the program's
 * own `jobWorkflowRef` and `AUDIT_WORKFLOW_PATH`, in the bootstrap's repository, on the bootstrap
 * tier's branch), and that workflow in the platform repository. The schedule's cron and days live
 * only in the workflow (model/ci/github/workflow.ts renderAuditWorkflow: `on.schedule[0].cron`
 * and `npm run audit -- ... --days N`), so adopt reads that file before proposing and declares
 * `audit.schedule` only when all three agree; the auditor team's grants (environment read on every
 * stack) are then the program's own (model/access/audit.ts) and import. Anything else (no
 * bootstrap, no GitHub token, no such policy, a missing or edited workflow) declares nothing and
 * says why, so the auditor team and its grants stay as they are.
 */
import { parse } from "yaml";
import { orgConfigSchema } from "../model/config";
import { AUDIT_WORKFLOW_PATH, AUDITOR_TEAM, githubNameKey } from "../model/names";
import { GITHUB_ISSUER_URL, issuerUrlKey, jobWorkflowRef } from "../model/oidc";
import type { LiveOrg } from "./live";
import type { AdoptFinding } from "./types";

export interface AuditSchedule {
  readonly cron: string;
  readonly days: number;
}

/** Where the audit workflow is read: the bootstrap's repository, on the bootstrap's branch. */
export interface AuditSite {
  readonly repository: string;
  readonly branch: string;
}

/** `on.schedule[0].cron` and the `--days` of the audit step, when the text is the program's. */
export function scheduleOfWorkflow(text: string): AuditSchedule | string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return "it is not YAML";
  }
  const on = (doc as { on?: { schedule?: { cron?: unknown }[] } } | null)?.on;
  const crons = Array.isArray(on?.schedule) ? on.schedule : [];
  if (crons.length !== 1 || typeof crons[0]?.cron !== "string")
    return "it does not hold exactly one on.schedule cron";
  const jobs = (doc as { jobs?: { audit?: { steps?: { run?: unknown }[] } } }).jobs;
  const runs = (jobs?.audit?.steps ?? [])
    .map((s) => s?.run)
    .filter((r): r is string => typeof r === "string" && /\bnpm run audit\b/.test(r));
  const days = runs.length === 1 ? /\s--days (\d{1,3})\s/.exec(runs[0]) : null;
  if (!days) return "its audit job does not run `npm run audit` once with --days";
  const schedule = { cron: crons[0].cron, days: Number(days[1]) };
  const checked = orgConfigSchema.shape.audit.safeParse({ schedule });
  if (!checked.success)
    return `its schedule ${JSON.stringify(schedule)} is not one the config takes`;
  return schedule;
}

/**
 * A `job_workflow_ref` as GitHub names it: owner and repository fold case (docs/assumptions.md),
 * the workflow path and the branch do not (a `Main` branch is another branch, outside the
 * bootstrap's ruleset), so only the first two segments are folded.
 */
function workflowRefKey(ref: string): string {
  const [owner = "", repository = "", ...rest] = ref.split("/");
  return [githubNameKey(owner), githubNameKey(repository), ...rest].join("/");
}

/** The auditor team's allow policy for the audit workflow of that repository and branch. */
function hasAuditPolicy(live: LiveOrg, owner: string, site: AuditSite): boolean {
  const ref = jobWorkflowRef(owner, site.repository, AUDIT_WORKFLOW_PATH, site.branch);
  return live.oidcIssuers
    .filter((i) => issuerUrlKey(i.url) === issuerUrlKey(GITHUB_ISSUER_URL))
    .some((i) =>
      i.policies.some(
        (p) =>
          p.decision === "allow" &&
          p.tokenType === "team" &&
          p.teamName === AUDITOR_TEAM &&
          typeof p.rules?.job_workflow_ref === "string" &&
          workflowRefKey(p.rules.job_workflow_ref) === workflowRefKey(ref),
      ),
    );
}

/**
 * `audit.schedule` when the live organization shows the program's scheduled audit: the auditor
 * team, its policy for the audit workflow, and that workflow's text (undefined: not read).
 */
export function proposeAuditSchedule(
  live: LiveOrg,
  owner: string,
  site: AuditSite | undefined,
  findings: AdoptFinding[],
): AuditSchedule | undefined {
  if (!live.teams.some((t) => t.name === AUDITOR_TEAM)) return undefined;
  const not = (why: string) => {
    findings.push({
      severity: "info",
      code: "audit-schedule-not-adopted",
      subject: `team:${AUDITOR_TEAM}`,
      message: `team ${AUDITOR_TEAM} looks like the program's scheduled audit, but ${why}: the proposal declares no audit.schedule, so the team and its grants stay as they are`,
    });
    return undefined;
  };
  if (!site)
    return not("the proposal declares no bootstrap project (the audit runs in its repository)");
  if (!hasAuditPolicy(live, owner, site))
    return not(
      `no OIDC allow policy hands its token to ${owner}/${site.repository}/${AUDIT_WORKFLOW_PATH} on branch ${site.branch}`,
    );
  const text = live.github?.auditWorkflow;
  if (text === undefined)
    return not(
      `${AUDIT_WORKFLOW_PATH} of ${owner}/${site.repository} was not read (no GitHub token, or the file does not exist), and only it holds the cron and days`,
    );
  const schedule = scheduleOfWorkflow(text);
  if (typeof schedule === "string")
    return not(
      `${AUDIT_WORKFLOW_PATH} of ${owner}/${site.repository} is not the program's: ${schedule}`,
    );
  return schedule;
}
