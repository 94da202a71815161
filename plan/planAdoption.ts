/**
 * What the plan adds for adopting an organization and reviewing access changes: the declared
 * memberships and defaults (so a later plan can be compared with this one), the adoption section
 * (with an adopt record), the access changes against a baseline plan, and the mass-removal guard.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { previousAccess } from "../components/adoption";
import { AccessModel } from "../model/access";
import { checkRemovals, snapshotOfModel, snapshotOfPlanJson } from "../model/adopt";
import { ConfigIssue, OrgConfig } from "../model/config";
import { accessDiff, DiffablePlan, parseBaseline } from "./accessDiff";
import { adoptionReport } from "./adoption";
import { RecordedResource } from "./mockRun";
import type { PlanGuard, PlanMember, PlanReport } from "./report";

export interface PlanOptions {
  /** `--baseline`: an earlier plan JSON, to diff against and guard with. */
  readonly baseline?: { readonly plan: DiffablePlan; readonly file: string };
  /** `--acknowledge-removals`: overrides `guard.acknowledgeRemovals`. */
  readonly acknowledgeRemovals?: number;
  /** The directory `guard.baseline` is relative to (the stack file's). */
  readonly configDir?: string;
  /** Reads `guard.baseline`; default the file system. */
  readonly readFile?: (file: string) => string;
  /** The Pulumi project of this program (Pulumi.yaml `name`): the bootstrap project's name. */
  readonly project?: string;
}

type Parts = Pick<
  PlanReport,
  "teamMembers" | "defaults" | "guardLimit" | "adoption" | "accessDiff" | "guard"
>;

export function membersOf(model: AccessModel): PlanMember[] {
  return model.teams.flatMap((t) => [
    ...t.members.map((login) => ({
      team: t.name,
      login,
      service: "pulumi" as const,
      human: t.kind === "human",
    })),
    ...(t.github?.members ?? []).map((login) => ({
      team: t.name,
      login,
      service: "github" as const,
      human: t.kind === "human",
    })),
  ]);
}

export function defaultsOf(config: OrgConfig): Record<string, unknown> {
  const d = config.defaults;
  return {
    stackPermission: d.stackPermission,
    environmentPermission: d.environmentPermission,
    membersCanCreateStacks: d.membersCanCreateStacks,
    membersCanDeleteStacks: d.membersCanDeleteStacks,
    membersCanCreateTeams: d.membersCanCreateTeams,
    maxAccessTokenExpiryDays: d.maxAccessTokenExpiryDays ?? null,
  };
}

/** The baseline to compare with: `--baseline`, else the plan JSON `guard.baseline` names. */
function baselineOf(
  config: OrgConfig,
  options: PlanOptions,
): { plan?: DiffablePlan; source?: string; label?: string; error?: string } {
  if (options.baseline)
    return {
      plan: options.baseline.plan,
      source: `the baseline ${options.baseline.file}`,
      label: options.baseline.file,
    };
  const named = config.guard.baseline;
  if (!named) return {};
  const file = path.resolve(options.configDir ?? process.cwd(), named);
  let text: string;
  try {
    text = (options.readFile ?? ((f: string) => readFileSync(f, "utf8")))(file);
  } catch {
    return {
      error:
        `cannot read ${file}: commit the plan JSON of the deployed config there ` +
        "(npm run plan -- --json), or remove guard.baseline",
    };
  }
  try {
    return { plan: parseBaseline(text, named), source: `the baseline ${named}`, label: named };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function adoptionParts(
  config: OrgConfig,
  model: AccessModel,
  resources: readonly RecordedResource[],
  base: Omit<PlanReport, keyof Parts>,
  options: PlanOptions,
): { ok: true; parts: Parts } | { ok: false; errors: ConfigIssue[] } {
  const teamMembers = membersOf(model);
  const defaults = defaultsOf(config);
  const current = { ...base, teamMembers, defaults };
  const baseline = baselineOf(config, options);
  if (baseline.error)
    return { ok: false, errors: [{ path: "guard.baseline", message: baseline.error }] };
  const previous = baseline.plan
    ? { snapshot: snapshotOfPlanJson(baseline.plan), source: baseline.source ?? "the baseline" }
    : config.adopt
      ? previousAccess(config)
      : undefined;
  const settings = {
    maxRemovalPercent: config.guard.maxRemovalPercent,
    acknowledgeRemovals: options.acknowledgeRemovals ?? config.guard.acknowledgeRemovals,
  };
  const result = previous
    ? checkRemovals(previous.snapshot, snapshotOfModel(model), settings, previous.source)
    : undefined;
  const guard: PlanGuard | undefined = result && {
    source: result.source,
    ok: result.ok,
    acknowledged: result.acknowledged,
    limitPercent: result.limitPercent,
    ...(result.raisedFrom !== undefined ? { raisedFrom: result.raisedFrom } : {}),
    removals: result.removals,
    members: { removed: result.members.removed.length, total: result.members.total },
    grants: { removed: result.grants.removed.length, total: result.grants.total },
    organization: {
      removed: result.organization.removed.length,
      total: result.organization.total,
    },
    message: result.message,
  };
  return {
    ok: true,
    parts: {
      teamMembers,
      defaults,
      guardLimit: { maxRemovalPercent: config.guard.maxRemovalPercent },
      ...(config.adopt ? { adoption: adoptionReport(config.adopt, resources) } : {}),
      ...(baseline.plan
        ? { accessDiff: accessDiff(baseline.plan, current, baseline.label ?? "the baseline") }
        : {}),
      ...(guard ? { guard } : {}),
    },
  };
}
