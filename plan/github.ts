/**
 * The GitHub side of the plan's access: which team holds which permission on which repository
 * (`TeamRepository`), each GitHub repository's rulesets (who must approve a pull request), its
 * deployment environments (who approves a deployment, from which branch) and its CODEOWNERS
 * entries; and the changes of all four against a baseline plan. These decide who can push, open
 * pull requests that run previews, and approve what reaches a protected tier.
 *
 * Pure data, read from the access model the program builds its resources from
 * (model/access/teams.ts, model/access/repositories.ts, components/repositoryProtection.ts).
 */
import { AccessModel, REPO_RANK } from "../model/access";
import { RepositoryPermission } from "../model/config";

export interface PlanGithubPermission {
  readonly team: string;
  readonly repository: string;
  readonly permission: RepositoryPermission;
  /** Why the team holds it (the role and project, or reviewer duty). */
  readonly reason: string;
}

/** A ruleset's rules on one branch: the pull request reviews it requires and who bypasses it. */
export interface PlanGithubRuleset {
  readonly repository: string;
  /** The branch name (the default branch's name for `~DEFAULT_BRANCH`). */
  readonly branch: string;
  readonly defaultBranch: boolean;
  readonly requiredApprovals: number;
  /** Always true for generated rulesets: the CODEOWNERS entries below must approve. */
  readonly codeOwnerReview: boolean;
  readonly requiredChecks: readonly string[];
  /** Bypass actors (`app:<id>`); empty when nobody bypasses. */
  readonly bypass: readonly string[];
}

export interface PlanGithubEnvironment {
  readonly repository: string;
  readonly environment: string;
  readonly tier: string;
  /** The only branch that may deploy to it; absent when any branch may ask (reviewed previews). */
  readonly branch?: string;
  /** Teams whose members approve each run (empty: runs without an approval). */
  readonly reviewers: readonly string[];
}

export interface PlanGithubCodeowner {
  readonly repository: string;
  readonly path: string;
  /** Team slugs (written `@<owner>/<team>` in the file). */
  readonly owners: readonly string[];
}

export interface PlanGithub {
  readonly owner: string;
  readonly permissions: readonly PlanGithubPermission[];
  readonly rulesets: readonly PlanGithubRuleset[];
  readonly environments: readonly PlanGithubEnvironment[];
  readonly codeowners: readonly PlanGithubCodeowner[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The GitHub access the model declares, each list sorted by repository. */
export function planGithub(model: AccessModel): PlanGithub {
  const permissions = model.teams
    .flatMap((t) =>
      (t.github?.repositories ?? []).map((r) => ({
        team: t.name,
        repository: r.repository,
        permission: r.permission,
        reason: r.reason,
      })),
    )
    .sort((a, b) => cmp(a.repository, b.repository) || cmp(a.team, b.team));
  // Rulesets and CODEOWNERS: GitHub repositories only (components/org.ts createBranchProtections).
  const onGithub = model.repositories.filter((r) => r.host === "github");
  const bypass = model.github.bootstrapAppId ? [`app:${model.github.bootstrapAppId}`] : [];
  const rulesets = onGithub.flatMap((r) => [
    {
      repository: r.name,
      branch: r.defaultBranch,
      defaultBranch: true,
      requiredApprovals: r.requiredApprovals,
      codeOwnerReview: true,
      requiredChecks: [...r.requiredChecks],
      bypass,
    },
    ...r.protectedBranches.map((b) => ({
      repository: r.name,
      branch: b.branch,
      defaultBranch: false,
      requiredApprovals: r.requiredApprovals,
      codeOwnerReview: true,
      requiredChecks: [...b.requiredChecks],
      bypass,
    })),
  ]);
  // Environments: repositories with a default-CI pipeline (components/org.ts).
  const environments = model.repositories
    .filter((r) => r.hasActionsPipeline)
    .flatMap((r) =>
      r.environments.map((e) => ({
        repository: r.name,
        environment: e.name,
        tier: e.tier,
        ...(e.branch !== undefined ? { branch: e.branch } : {}),
        reviewers: [...e.reviewers],
      })),
    );
  const codeowners = onGithub.flatMap((r) =>
    r.codeowners.map((c) => ({ repository: r.name, path: c.path, owners: [...c.teams] })),
  );
  return { owner: model.github.owner, permissions, rulesets, environments, codeowners };
}

// ---------------------------------------------------------------------------------------------
// Changes against a baseline.

export type GithubChangeKind = "added" | "removed" | "raised" | "lowered" | "changed";

export interface GithubPermissionChange {
  readonly change: Exclude<GithubChangeKind, "changed">;
  readonly team: string;
  readonly repository: string;
  readonly before?: RepositoryPermission;
  readonly after?: RepositoryPermission;
}

export interface GithubRulesetChange {
  /** `lowered`: fewer approvals, fewer checks or a new bypass and nothing stricter. */
  readonly change: GithubChangeKind;
  readonly repository: string;
  readonly branch: string;
  readonly before?: PlanGithubRuleset;
  readonly after?: PlanGithubRuleset;
}

export interface GithubEnvironmentChange {
  readonly change: Exclude<GithubChangeKind, "raised" | "lowered">;
  readonly repository: string;
  readonly environment: string;
  readonly before?: PlanGithubEnvironment;
  readonly after?: PlanGithubEnvironment;
}

export interface GithubCodeownerChange {
  readonly change: Exclude<GithubChangeKind, "raised" | "lowered">;
  readonly repository: string;
  readonly path: string;
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

export interface GithubDiff {
  readonly permissions: readonly GithubPermissionChange[];
  readonly rulesets: readonly GithubRulesetChange[];
  readonly environments: readonly GithubEnvironmentChange[];
  readonly codeowners: readonly GithubCodeownerChange[];
}

const SEP = "\u0000";

function byKey<T>(items: readonly T[] | undefined, key: (t: T) => string[]): Map<string, T> {
  return new Map((items ?? []).map((t) => [key(t).join(SEP), t]));
}

/** Added, removed and (per `compare`) changed items of two keyed lists, in key order. */
function diffKeyed<T, C>(
  before: readonly T[] | undefined,
  after: readonly T[] | undefined,
  key: (t: T) => string[],
  make: (change: GithubChangeKind, b: T | undefined, a: T | undefined) => C,
  compare: (b: T, a: T) => GithubChangeKind | undefined,
): C[] {
  const was = byKey(before, key);
  const now = byKey(after, key);
  const out: C[] = [];
  for (const k of [...new Set([...was.keys(), ...now.keys()])].sort(cmp)) {
    const b = was.get(k);
    const a = now.get(k);
    if (!b) out.push(make("added", undefined, a));
    else if (!a) out.push(make("removed", b, undefined));
    else {
      const change = compare(b, a);
      if (change) out.push(make(change, b, a));
    }
  }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

const rank = (p: string) => REPO_RANK[p as RepositoryPermission] ?? 0;

/** How a ruleset's rules moved: stricter, laxer, or some of each. */
function rulesetChange(b: PlanGithubRuleset, a: PlanGithubRuleset): GithubChangeKind | undefined {
  const stricter =
    a.requiredApprovals > b.requiredApprovals ||
    (a.codeOwnerReview && !b.codeOwnerReview) ||
    a.requiredChecks.some((c) => !b.requiredChecks.includes(c)) ||
    b.bypass.some((x) => !a.bypass.includes(x));
  const laxer =
    a.requiredApprovals < b.requiredApprovals ||
    (!a.codeOwnerReview && b.codeOwnerReview) ||
    b.requiredChecks.some((c) => !a.requiredChecks.includes(c)) ||
    a.bypass.some((x) => !b.bypass.includes(x));
  if (stricter && laxer) return "changed";
  if (stricter) return "raised";
  if (laxer) return "lowered";
  return undefined;
}

/** The GitHub changes from `before` to `after`; undefined when either side has no GitHub part. */
export function githubDiff(
  before: PlanGithub | undefined,
  after: PlanGithub | undefined,
): GithubDiff | undefined {
  if (!before || !after) return undefined;
  return {
    permissions: diffKeyed(
      before.permissions,
      after.permissions,
      (p) => [p.repository, p.team],
      (change, b, a) => ({
        change: change as GithubPermissionChange["change"],
        team: (a ?? b)!.team,
        repository: (a ?? b)!.repository,
        ...(b ? { before: b.permission } : {}),
        ...(a ? { after: a.permission } : {}),
      }),
      (b, a) =>
        rank(a.permission) > rank(b.permission)
          ? "raised"
          : rank(a.permission) < rank(b.permission)
            ? "lowered"
            : undefined,
    ),
    rulesets: diffKeyed(
      before.rulesets,
      after.rulesets,
      (r) => [r.repository, r.branch],
      (change, b, a) => ({
        change,
        repository: (a ?? b)!.repository,
        branch: (a ?? b)!.branch,
        ...(b ? { before: b } : {}),
        ...(a ? { after: a } : {}),
      }),
      rulesetChange,
    ),
    environments: diffKeyed(
      before.environments,
      after.environments,
      (e) => [e.repository, e.environment],
      (change, b, a) => ({
        change: change as GithubEnvironmentChange["change"],
        repository: (a ?? b)!.repository,
        environment: (a ?? b)!.environment,
        ...(b ? { before: b } : {}),
        ...(a ? { after: a } : {}),
      }),
      (b, a) =>
        sameList(b.reviewers, a.reviewers) && b.branch === a.branch && b.tier === a.tier
          ? undefined
          : "changed",
    ),
    codeowners: diffKeyed(
      before.codeowners,
      after.codeowners,
      (c) => [c.repository, c.path],
      (change, b, a) => ({
        change: change as GithubCodeownerChange["change"],
        repository: (a ?? b)!.repository,
        path: (a ?? b)!.path,
        ...(b ? { before: b.owners } : {}),
        ...(a ? { after: a.owners } : {}),
      }),
      (b, a) => (sameList(b.owners, a.owners) ? undefined : "changed"),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Words, for the text, Markdown and HTML renderings.

export const rulesetText = (r: PlanGithubRuleset | undefined): string =>
  r
    ? `${r.requiredApprovals} approval${r.requiredApprovals === 1 ? "" : "s"}` +
      (r.codeOwnerReview ? " incl. code owners" : "") +
      (r.requiredChecks.length ? `, checks ${r.requiredChecks.join(", ")}` : ", no checks") +
      (r.bypass.length ? `, bypass ${r.bypass.join(", ")}` : ", no bypass")
    : "no ruleset";

export const environmentText = (e: PlanGithubEnvironment | undefined): string =>
  e
    ? (e.reviewers.length ? `reviewers ${e.reviewers.join(", ")}` : "no reviewers") +
      (e.branch !== undefined ? `, branch ${e.branch} only` : ", any branch")
    : "no environment";

export const ownersText = (o: readonly string[] | undefined): string =>
  o ? (o.length ? o.join(", ") : "nobody") : "no entry";

/** One line per GitHub change, grouped by kind, for the text and Markdown reports. */
export function githubChangeGroups(d: GithubDiff | undefined): [string, string[]][] {
  if (!d) return [];
  return [
    [
      "GitHub repository permissions",
      d.permissions.map(
        (p) =>
          `${p.change}: team ${p.team} on ${p.repository}: ${p.before ?? "none"} -> ${p.after ?? "none"}`,
      ),
    ],
    [
      "GitHub environment reviewers (who approves a deployment)",
      d.environments.map(
        (e) =>
          `${e.change}: ${e.repository} environment ${e.environment}: ${environmentText(e.before)} -> ${environmentText(e.after)}`,
      ),
    ],
    [
      "GitHub rulesets (who approves a pull request)",
      d.rulesets.map(
        (r) =>
          `${r.change}: ${r.repository} branch ${r.branch}: ${rulesetText(r.before)} -> ${rulesetText(r.after)}`,
      ),
    ],
    [
      "CODEOWNERS",
      d.codeowners.map(
        (c) =>
          `${c.change}: ${c.repository} ${c.path}: ${ownersText(c.before)} -> ${ownersText(c.after)}`,
      ),
    ],
  ];
}
