/**
 * Policy for CI systems and REST-triggered deployments: `ci:` only where a pipeline runs (or a CI
 * job calls the Deployments REST API), exactly the identity block of that CI, what each CI cannot
 * make safe refused (each CI unit's `checkEntry`, model/ci/<ci>/policy.ts; REST-triggered
 * previews), separate identities for deploys and previews, the repository's host consistent with
 * its CIs, and one CI identity per repository that no other repository shares.
 */
import { CI_POLICIES, CI_POLICY_UNITS } from "../../ci/policies";
import { CI_UNIT_FACTS, hostsOf, UnitCi } from "../../ci/registry";
import { CI_BLOCK_KEYS, CiSystem } from "../ci";
import { isObj, LenientTier, obj, str, View } from "../view";
import { ciOf, isPipeline, list, PolicyContext, Report, TierUse, tierUses } from "./shared";

type ProjectView = View["projects"][number];

/** The host each CI's repositories may live on (GitHub Actions: GitHub; the others: their unit's). */
const HOSTS_FOR: ReadonlyMap<CiSystem, readonly string[]> = new Map<CiSystem, readonly string[]>([
  ["github-actions", ["github"]],
  ...CI_UNIT_FACTS.map((u): [CiSystem, readonly string[]] => [u.system, hostsOf(u)]),
]);

/** The repository host of a project: declared, else implied by its tiers' CIs. */
export function repositoryHostOf(v: View, p: ProjectView): string {
  if (p.repositoryHost) return p.repositoryHost;
  const cis = new Set<string>();
  for (const tn of Object.keys(p.tiers)) {
    const t = v.tiers.find((x) => x.name === tn);
    const entry = obj(p.tiers[tn]);
    if (t) {
      const mode = str(entry.mode) && isPipeline(t.deploy.mode) ? str(entry.mode) : t.deploy.mode;
      const ci = ciOf(entry, t, mode).ci;
      if (ci) cis.add(ci);
    }
  }
  for (const u of CI_UNIT_FACTS) if ("impliedHost" in u && cis.has(u.system)) return u.impliedHost;
  return "github";
}

export function checkCi(ctx: PolicyContext): void {
  const { v, err } = ctx;
  v.tiers.forEach((t, ti) => {
    if (t.deploy.trigger !== undefined && !isPipeline(t.deploy.mode))
      err(
        `tiers[${ti}].deploy.trigger`,
        `a trigger only applies to pulumi-deployments; tier "${t.name}" deploys "${t.deploy.mode}"`,
      );
  });
  const seen = new Map<string, { fingerprint: string; where: string }>();
  for (const t of v.tiers)
    for (const u of tierUses(v, t)) {
      const p = v.projects[u.index];
      const entry = obj(p.tiers[t.name as string]);
      const where = `projects[${u.index}].tiers.${t.name}`;
      checkTierEntry(err, p, t, entry, where, repositoryHostOf(v, p));
      checkCiLimits(err, t, entry, where, u);
      checkIdentityShared(err, p, entry, where, seen);
    }
}

/** One project's entry for one tier. */
function checkTierEntry(
  err: Report,
  p: ProjectView,
  t: LenientTier,
  entry: Record<string, unknown>,
  where: string,
  host: string,
): void {
  const mode = str(entry.mode) && isPipeline(t.deploy.mode) ? str(entry.mode) : t.deploy.mode;
  const { ci, trigger } = ciOf(entry, t, mode);
  if (entry.trigger !== undefined && mode !== "pulumi-deployments")
    err(
      `${where}.trigger`,
      `a trigger only applies to pulumi-deployments; this entry deploys "${mode}"`,
    );
  if (entry.ci !== undefined && ci === undefined)
    err(
      `${where}.ci`,
      mode === "pulumi-deployments"
        ? "Pulumi Deployments started by the GitHub App run in no CI: set trigger: api to start them from a CI job, or remove ci"
        : `a CI only runs pipelines; this entry deploys "${mode}"`,
    );
  checkBlocks(err, entry, where, ci);
  if (ci && !HOSTS_FOR.get(ci as CiSystem)?.includes(host))
    err(
      `${where}.ci`,
      `${ci} pipelines need a repository on ${list(HOSTS_FOR.get(ci as CiSystem) ?? [])}, but repository "${p.repository}" is on ${host} (projects[].repositoryHost)`,
    );
  if ((mode === "pulumi-deployments" || trigger === "api") && host !== "github")
    err(
      where,
      `Pulumi Deployments clones repository "${p.repository}" through the Pulumi GitHub App, so it must be on GitHub (it is on ${host})`,
    );
}

/** Exactly the identity block of the entry's CI, and none of the others. */
function checkBlocks(
  err: Report,
  entry: Record<string, unknown>,
  where: string,
  ci: string | undefined,
): void {
  for (const [system, key] of Object.entries(CI_BLOCK_KEYS)) {
    const present = entry[key] !== undefined;
    if (present && ci !== system)
      err(
        `${where}.${key}`,
        `only applies with ci: ${system}${ci ? ` (this entry uses ${ci})` : ""}; remove it`,
      );
    if (!present && ci === system)
      err(
        `${where}.${key}`,
        `is required with ci: ${system}: how ${system} identifies this pipeline in its OIDC tokens`,
      );
  }
}

/** What a CI cannot make safe, refused; separate identities for previews. */
function checkCiLimits(
  err: Report,
  t: LenientTier,
  entry: Record<string, unknown>,
  where: string,
  use: TierUse,
): void {
  const { ci, trigger } = use;
  const ownPreviews = entry.previewPullRequests === true;
  if (trigger === "api" && ownPreviews)
    err(
      `${where}.previewPullRequests`,
      "REST-triggered deployments only deploy: the caller starts `pulumi up` on reviewed pushes, and nothing gates a preview of a pull request's code with Deployments' stack-admin token. Set it to false",
    );
  if (ci) CI_POLICIES.get(ci)?.checkEntry?.(err, t, entry, where, use);
}

/**
 * One CI identity per repository: the tiers (and projects) of one repository name the same CI
 * project (or job, for a unit with one job per tier), and no two repositories share one (their pipelines
 * would be indistinguishable to the OIDC rules).
 */
function checkIdentityShared(
  err: Report,
  p: ProjectView,
  entry: Record<string, unknown>,
  where: string,
  seen: Map<string, { fingerprint: string; where: string }>,
): void {
  const ids: [UnitCi, string, string][] = [];
  for (const { facts, policy } of CI_POLICY_UNITS) {
    const block = entry[facts.blockKey];
    if (policy.identity && isObj(block)) {
      const { id, rest } = policy.identity(block);
      ids.push([facts.system, id, rest]);
    }
  }
  for (const [system, id, rest] of ids) {
    const repoKey = `${system}\u0000repo\u0000${(p.repository ?? "").toLowerCase()}`;
    const idKey = `${system}\u0000id\u0000${id}`;
    const perJob = CI_POLICIES.get(system)?.repositoryPerIdentity === "job";
    const mine = perJob ? undefined : seen.get(repoKey);
    if (mine && mine.fingerprint !== `${id} ${rest}`)
      err(
        `${where}.${CI_BLOCK_KEYS[system]}`,
        `repository "${p.repository}" is already ${mine.fingerprint} in ${mine.where}: one repository is one ${system} ${perJob ? "job" : "project"}; declare the same`,
      );
    else if (!mine) seen.set(repoKey, { fingerprint: `${id} ${rest}`, where });
    const other = seen.get(idKey);
    if (other && other.fingerprint !== (p.repository ?? "").toLowerCase())
      err(
        `${where}.${CI_BLOCK_KEYS[system]}`,
        `${system} ${id} is also declared for repository "${other.fingerprint}" (${other.where}): the OIDC rules pin it, so the pipelines of both repositories could obtain each other's tokens`,
      );
    else if (!other) seen.set(idKey, { fingerprint: (p.repository ?? "").toLowerCase(), where });
  }
}
