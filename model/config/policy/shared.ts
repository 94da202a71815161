/**
 * What every policy check shares: the context it reads (the view, the names declared, where to
 * report) and the small helpers for lists of names, duplicates and deploy modes.
 */
import { hasPreviewRoute } from "../../ci/registry";
import { ConfigIssue, Finding } from "../messages";
import { LenientTier, obj, str, View } from "../view";

/** Reports an error at a path. */
export type Report = (path: string, message: string) => void;

/** The input of every policy check: the view, the declared names, and where to report. */
export interface PolicyContext {
  readonly v: View;
  readonly err: Report;
  readonly warnings: Finding[];
  /** Declared team names. */
  readonly teamNames: ReadonlySet<string>;
  /** Declared tiers by name. */
  readonly tierByName: ReadonlyMap<string, LenientTier>;
  /** Declared project names. */
  readonly projectNames: ReadonlySet<string>;
  /** Every role some tier defines. */
  readonly rolesDefined: ReadonlySet<string>;
  /** The stack and Pulumi project this config belongs to, when the caller knows them. */
  readonly owner: ConfigOwner;
}

/**
 * The stack whose `Pulumi.<stack>.yaml` this config is, and the Pulumi project (Pulumi.yaml
 * `name`) of this program: what the bootstrap's generated files must deploy. Unknown (a library
 * call with a bare config) means the bootstrap's declared stack, else its tier's name.
 */
export interface ConfigOwner {
  readonly stack?: string;
  readonly project?: string;
}

/** One area of policy: pushes its errors and warnings in a fixed order. */
export type PolicyCheck = (ctx: PolicyContext) => void;

export function policyContext(
  v: View,
  errors: ConfigIssue[],
  warnings: Finding[],
  owner: ConfigOwner = {},
): PolicyContext {
  return {
    owner,
    v,
    err: (path, message) => errors.push({ path, message }),
    warnings,
    teamNames: new Set(v.teams.map((t) => t.name).filter(Boolean) as string[]),
    tierByName: new Map(v.tiers.filter((t) => t.name).map((t) => [t.name as string, t])),
    projectNames: new Set(v.projects.map((p) => p.name).filter(Boolean) as string[]),
    rolesDefined: new Set(v.tiers.flatMap((t) => Object.keys(t.roles))),
  };
}

/** The deploy modes the projects of a tier actually use (tier mode plus project overrides). */
export function effectiveModes(v: View, t: LenientTier): Set<string> {
  const modes = new Set<string>();
  for (const use of tierUses(v, t)) if (use.mode) modes.add(use.mode);
  if (modes.size === 0 && t.deploy.mode) modes.add(t.deploy.mode);
  return modes;
}

/** One project's use of a tier: its effective mode and previews (its own entry, else the tier's). */
export interface TierUse {
  readonly project: string;
  /** The project's index in `projects`. */
  readonly index: number;
  readonly mode?: string;
  readonly previews?: boolean;
  /** Whether the project's entry sets previewPullRequests itself. */
  readonly ownPreviews: boolean;
  /** The CI that runs the pipeline (or the REST caller of Deployments); undefined for direct. */
  readonly ci?: string;
  /** pulumi-deployments only: how deployments start. */
  readonly trigger?: string;
}

/** The projects that deploy to tier `t`, in config order. */
export function tierUses(v: View, t: LenientTier): TierUse[] {
  const out: TierUse[] = [];
  v.projects.forEach((p, index) => {
    if (!t.name || !Object.prototype.hasOwnProperty.call(p.tiers, t.name)) return;
    const entry = obj(p.tiers[t.name]);
    const override = str(entry.mode);
    const own =
      typeof entry.previewPullRequests === "boolean" ? entry.previewPullRequests : undefined;
    const mode = override && isPipeline(t.deploy.mode) ? override : t.deploy.mode;
    const { ci, trigger } = ciOf(entry, t, mode);
    out.push({
      project: p.name ?? `projects[${index}]`,
      index,
      mode,
      // The bootstrap never previews with a token (its pull-request check is the offline plan);
      // REST-triggered deployments and CIs without one have no preview route unless the project says so
      // (and validation then refuses it).
      previews:
        p.bootstrap || ((trigger === "api" || !hasPreviewRoute(ci)) && own === undefined)
          ? false
          : (own ?? t.deploy.previewPullRequests ?? (t.deploy.reviewedPreviews || !t.protected)),
      ownPreviews: own !== undefined,
      ci,
      trigger,
    });
  });
  return out;
}

/**
 * The CI of a project's tier entry (github-actions unless it says otherwise; none for direct and
 * for GitHub App deployments) and, for pulumi-deployments, its trigger (the tier's, else the
 * GitHub App).
 */
export function ciOf(
  entry: Record<string, unknown>,
  t: LenientTier,
  mode: string | undefined,
): { ci?: string; trigger?: string } {
  const trigger =
    mode === "pulumi-deployments"
      ? (str(entry.trigger) ?? t.deploy.trigger ?? "github-app")
      : undefined;
  const ci =
    mode === "github-actions" || trigger === "api"
      ? (str(entry.ci) ?? "github-actions")
      : undefined;
  return { ci, trigger };
}

export const isPipeline = (mode: string | undefined) =>
  mode === "github-actions" || mode === "pulumi-deployments";

export function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length ? all.map((n) => `"${n}"`).join(", ") : "(none)";
}

export function duplicates(
  names: (string | undefined)[],
  path: string,
  what: string,
  err: (p: string, m: string) => void,
): void {
  const first = new Map<string, number>();
  names.forEach((n, i) => {
    if (!n) return;
    const key = n.toLowerCase();
    if (first.has(key))
      err(
        `${path}[${i}].name`,
        `duplicate ${what} "${n}" (first declared at ${path}[${first.get(key)}])`,
      );
    else first.set(key, i);
  });
}

export function dupList(
  values: unknown[],
  path: string,
  what: string,
  err: (p: string, m: string) => void,
) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (typeof v !== "string") return;
    const k = v.toLowerCase();
    if (seen.has(k)) err(`${path}[${i}]`, `duplicate ${what} "${v}"`);
    seen.add(k);
  });
}
