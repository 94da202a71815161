/**
 * Policy: the names the program derives are reserved (issue 27, class 2).
 *
 * Every pipeline gets GitHub environments, teams and workflow files named after its project and
 * tier (`<project>-<tier>-preview`, `<project>-<tier>-drift`, `<project>-<tier>-deploy`,
 * `pulumi-<project>-<tier>.yml`, ...), and the scheduled audit its own. A name the user gives that
 * equals one of them, in any case (GitHub compares these names case-insensitively), would merge
 * two things into one: a protected tier named like a drift environment deploys in an environment
 * with no reviewers, a tier named like a reviewed-preview environment shares its approvers. So the
 * derived names are computed here with the same functions that name the resources (`names.ts`),
 * and any user-given name, or another derived name, that equals one is refused with its path.
 */
import {
  AUDIT_GITHUB_ENVIRONMENT,
  AUDIT_WORKFLOW_PATH,
  AUDITOR_TEAM,
  driftEnvironmentName,
  driftWorkflowPath,
  githubNameKey,
  machineTeamName,
  previewEnvironmentName,
  workflowPath,
} from "../../names";
import { str } from "../view";
import { isPipeline, PolicyContext } from "./shared";

/** What a derived name names. */
export type DerivedKind = "GitHub environment" | "team" | "workflow file";

/** One name the program derives: what it names, in which repository, and where it comes from. */
export interface DerivedName {
  readonly kind: DerivedKind;
  readonly name: string;
  /** The repository it lives in (GitHub environments and workflow files); teams are org-wide. */
  readonly repository?: string;
  /** The config path it is derived from. */
  readonly where: string;
  /** What derives it, in words. */
  readonly what: string;
}

/** Every name the program derives for the config's pipelines and the scheduled audit. */
export function derivedNames({ v, tierByName }: PolicyContext): DerivedName[] {
  const out: DerivedName[] = [];
  v.projects.forEach((p, pi) => {
    if (!p.name) return;
    for (const tier of Object.keys(p.tiers)) {
      const t = tierByName.get(tier);
      if (!t || !isPipeline(t.deploy.mode)) continue;
      const where = `projects[${pi}].tiers.${tier}`;
      const of = `${p.name}/${tier}`;
      for (const purpose of ["deploy", "preview", "drift"] as const)
        out.push({
          kind: "team",
          name: machineTeamName(p.name, tier, purpose),
          where,
          what: `the ${purpose} identity of ${of}`,
        });
      const repository = p.repository;
      out.push(
        {
          kind: "GitHub environment",
          name: previewEnvironmentName(p.name, tier),
          repository,
          where,
          what: `the reviewed previews of ${of}`,
        },
        {
          kind: "GitHub environment",
          name: driftEnvironmentName(p.name, tier),
          repository,
          where,
          what: `the drift check of ${of}`,
        },
        {
          kind: "workflow file",
          name: workflowPath(p.name, tier),
          repository,
          where,
          what: `the pipeline of ${of}`,
        },
        {
          kind: "workflow file",
          name: driftWorkflowPath(p.name, tier),
          repository,
          where,
          what: `the drift check of ${of}`,
        },
      );
    }
  });
  if (v.auditSchedule) {
    const repository = v.github.platformRepository;
    const what = "the scheduled audit";
    const where = "audit.schedule";
    out.push(
      { kind: "team", name: AUDITOR_TEAM, where, what },
      { kind: "GitHub environment", name: AUDIT_GITHUB_ENVIRONMENT, repository, where, what },
      { kind: "workflow file", name: AUDIT_WORKFLOW_PATH, repository, where, what },
    );
  }
  return out;
}

/** The key a derived name is reserved under: its kind and its GitHub name key. */
const reservedKey = (kind: DerivedKind, name: string) => `${kind}\u0000${githubNameKey(name)}`;

/**
 * Refuses a tier named like a derived GitHub environment (a tier's github-actions pipelines deploy
 * in the GitHub environment named after the tier), a workflow file derived twice in one
 * repository, and an org-wide webhook display name that another webhook derives. Declared teams
 * named like a derived team are refused by ./machineTeams.ts, and the scheduled audit's
 * environment by ./platform.ts (it is reserved only in the platform repository).
 */
export function checkDerivedNames(ctx: PolicyContext): void {
  const { v, err } = ctx;
  const environments = new Map<string, DerivedName>();
  const workflows = new Map<string, DerivedName>();
  for (const d of derivedNames(ctx)) {
    if (d.kind === "GitHub environment" && d.name !== AUDIT_GITHUB_ENVIRONMENT) {
      const k = reservedKey(d.kind, d.name);
      if (!environments.has(k)) environments.set(k, d);
    }
    if (d.kind !== "workflow file") continue;
    // One path in one repository is one file: the second derivation would overwrite the first.
    const k = `${reservedKey(d.kind, d.name)}\u0000${githubNameKey(d.repository ?? "")}`;
    const first = workflows.get(k);
    if (!first) workflows.set(k, d);
    else
      err(
        d.where,
        `the workflow file ${d.name} of ${d.what} is also the one secure-org derives for ` +
          `${first.what} (${first.where}) in repository ${d.repository}: one would overwrite the ` +
          "other, and its OIDC policies would hand the other's token to it. Rename the project or " +
          "the tier so they differ",
      );
  }
  v.tiers.forEach((t, ti) => {
    if (!t.name) return;
    const taken = environments.get(reservedKey("GitHub environment", t.name));
    if (taken)
      err(
        `tiers[${ti}].name`,
        `"${t.name}" is the GitHub environment secure-org derives for ${taken.what} (${taken.where}), ` +
          "whatever its case: a tier's pipelines deploy in the GitHub environment named after the " +
          "tier, so the two would merge into one environment with one set of reviewers and branch " +
          "rules. Rename the tier",
      );
  });
  checkWebhookDisplayNamesReserved(ctx);
}

/** An org-wide webhook's display name that another webhook derives (`secure-org <name>`). */
function checkWebhookDisplayNamesReserved({ v, err }: PolicyContext): void {
  const derived = new Map<string, number>();
  v.webhooks.forEach((w, wi) => {
    if (w.name && !w.scope && w.displayName === undefined)
      derived.set(githubNameKey(`secure-org ${w.name}`), wi);
  });
  v.webhooks.forEach((w, wi) => {
    const shown = str(w.displayName);
    if (shown === undefined) return;
    const other = derived.get(githubNameKey(shown.trim()));
    if (other !== undefined && other !== wi)
      err(
        `audit.webhooks[${wi}].displayName`,
        `"${shown}" is the name secure-org gives audit.webhooks[${other}] ("secure-org ` +
          `${v.webhooks[other].name}"), whatever its case: the audit and adoption would take one ` +
          "webhook for the other. Choose another display name",
      );
  });
}
