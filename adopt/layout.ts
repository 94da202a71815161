/**
 * Projects, tiers, stacks and environments from what exists. Each live stack goes to its project
 * on the tier inferred from its tags or name (adopt/infer.ts); a project has one stack per tier,
 * so a second stack of the same project on the same tier is left unmanaged (reported). Each
 * project tier takes the ESC environment of its project on the same tier when one exists (the
 * program creates it otherwise). Names our rules refuse are left unmanaged, with the reason.
 */
import { liveBreakGlass, type LiveBreakGlass } from "./breakGlass";
import type { AdoptUnmanaged } from "../model/adopt";
import { STACK_PERMISSION_CODES } from "../model/cloud/stackPermissions";
import { checkName, githubNameKey } from "../model/names";
import { inferTier, tierOfName, tierOrder } from "./infer";
import type { LiveDeploymentSettings, LiveOrg } from "./live";
import type { AdoptFinding } from "./types";
import { BootstrapLayout, findBootstrap } from "./bootstrap";

export interface ProjectTierLayout {
  readonly stack: string;
  /** The live environment of this tier; undefined: none exists (the program creates `<tier>`). */
  environment?: string;
  readonly settings?: LiveDeploymentSettings;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ProjectLayout {
  readonly name: string;
  repository: string;
  /** How the repository was found: deployment settings, a vcs:repo tag, or the project name. */
  repositorySource: string;
  workDir?: string;
  readonly tiers: Map<string, ProjectTierLayout>;
}

export interface Layout {
  /** Tier -> protected, in proposal order. */
  readonly tiers: Map<string, { protected: boolean }>;
  readonly projects: Map<string, ProjectLayout>;
  /** `project/stack` of every declared stack -> tier. */
  readonly stackTier: Map<string, string>;
  /** `project/environment` of every declared environment -> tier. */
  readonly envTier: Map<string, string>;
  readonly unmanaged: AdoptUnmanaged[];
  readonly findings: AdoptFinding[];
  /** The bootstrap project and its one tier, when the live org shows it (adopt/bootstrap.ts). */
  bootstrap?: BootstrapLayout;
  /** Live per-use break-glass environments the proposal re-declares, by key (adopt/breakGlass.ts). */
  breakGlass?: Map<string, LiveBreakGlass>;
}

const repoOf = (settings?: LiveDeploymentSettings) =>
  settings?.repository?.includes("/") ? settings.repository.split("/")[1] : settings?.repository;

/** Places every live stack; returns the stacks per project and tier, and what was left out. */
function placeStacks(live: LiveOrg, out: Layout): void {
  const settings = new Map(live.deploymentSettings.map((s) => [`${s.project}/${s.stack}`, s]));
  // Stacks named exactly like their tier first, so they win a collision.
  const stacks = [...live.stacks].sort((a, b) => {
    const ea = tierOfName(a.stack)?.tier === a.stack ? 0 : 1;
    const eb = tierOfName(b.stack)?.tier === b.stack ? 0 : 1;
    return ea - eb || `${a.project}/${a.stack}`.localeCompare(`${b.project}/${b.stack}`);
  });
  for (const s of stacks) {
    const key = `${s.project}/${s.stack}`;
    const bad = checkName("project", s.project) ?? checkName("stack", s.stack);
    const guess = inferTier(s.stack, s.tags);
    if (bad || !guess) {
      out.unmanaged.push({
        kind: "stack",
        name: key,
        reason: `its name cannot be declared (${bad ?? "no tier can be inferred"}); it stays as it is`,
      });
      continue;
    }
    // The config refuses two projects whose names differ only in case (model/config/policy).
    const twin = [...out.projects.keys()].find(
      (p) => p !== s.project && p.toLowerCase() === s.project.toLowerCase(),
    );
    if (twin) {
      out.unmanaged.push({
        kind: "stack",
        name: key,
        reason: `its project ${s.project} differs from project ${twin} only in case, which the config cannot declare beside it; it stays as it is`,
      });
      continue;
    }
    let project = out.projects.get(s.project);
    if (!project) {
      project = {
        name: s.project,
        repository: s.project,
        repositorySource: "the project name",
        tiers: new Map(),
      };
      out.projects.set(s.project, project);
    }
    const taken = project.tiers.get(guess.tier);
    if (taken) {
      out.unmanaged.push({
        kind: "stack",
        name: key,
        reason:
          `project ${s.project} already has stack ${taken.stack} on tier ${guess.tier} (from its ` +
          `${guess.source}); a project has one stack per tier, so this one stays as it is, unmanaged`,
      });
      continue;
    }
    project.tiers.set(guess.tier, { stack: s.stack, settings: settings.get(key), tags: s.tags });
    out.stackTier.set(key, guess.tier);
    const t = out.tiers.get(guess.tier);
    out.tiers.set(guess.tier, { protected: (t?.protected ?? false) || guess.protected });
  }
}

/** Each project tier's environment: the one named like the tier, the stack, or inferred to it. */
function placeEnvironments(live: LiveOrg, out: Layout): void {
  const rank = (env: string, tier: string, stack: string) =>
    env === tier ? 0 : env === stack ? 1 : tierOfName(env)?.tier === tier ? 2 : 3;
  const envs = [...live.environments].sort((a, b) =>
    `${a.project}/${a.name}`.localeCompare(`${b.project}/${b.name}`),
  );
  for (const e of envs) {
    const key = `${e.project}/${e.name}`;
    if (out.envTier.has(key)) continue;
    const project = out.projects.get(e.project);
    const candidates = project
      ? [...project.tiers].filter(
          ([tier, pt]) => rank(e.name, tier, pt.stack) < 3 && !checkName("stack", e.name),
        )
      : [];
    candidates.sort(([ta, a], [tb, b]) => rank(e.name, ta, a.stack) - rank(e.name, tb, b.stack));
    const [tier, pt] = candidates[0] ?? [];
    if (!tier || !pt || pt.environment !== undefined) {
      out.unmanaged.push({
        kind: "environment",
        name: key,
        reason: project
          ? `no stack of project ${e.project} is on its tier (or another environment already is); it stays as it is`
          : `no Pulumi project ${e.project} has a declared stack (ESC environments are declared per project tier); it stays as it is`,
      });
      continue;
    }
    pt.environment = e.name;
    out.envTier.set(key, tier);
  }
}

/** The repository and work directory of each project: deployment settings, then vcs tags. */
/**
 * The repository the program's own stack tag names (`secure-org:repository: <owner>/<name>`, as
 * components write it), when its owner is the GitHub owner and the name is one our rules take.
 */
function ownRepository(tags: Readonly<Record<string, string>>, owner: string): string | undefined {
  const v = tags["secure-org:repository"];
  const m = typeof v === "string" ? /^([^/]+)\/([^/]+)$/.exec(v) : null;
  if (!m || githubNameKey(m[1]) !== githubNameKey(owner) || checkName("repository", m[2]))
    return undefined;
  return m[2];
}

function placeRepositories(out: Layout, githubOwner: string): void {
  for (const p of out.projects.values()) {
    if (p.name === out.bootstrap?.project) continue;
    const tiers = [...p.tiers.values()];
    const withSettings = tiers.find((t) => repoOf(t.settings));
    const tagged = tiers.find(
      (t) => t.tags["vcs:repo"] && (t.tags["vcs:owner"] ?? githubOwner) === githubOwner,
    );
    const own = tiers.find((t) => ownRepository(t.tags, githubOwner));
    if (withSettings) {
      p.repository = repoOf(withSettings.settings) as string;
      p.repositorySource = `the deployment settings of stack ${p.name}/${withSettings.stack}`;
    } else if (own) {
      p.repository = ownRepository(own.tags, githubOwner) as string;
      p.repositorySource = `the secure-org:repository tag of stack ${p.name}/${own.stack}`;
    } else if (tagged) {
      p.repository = tagged.tags["vcs:repo"];
      p.repositorySource = `the vcs:repo tag of stack ${p.name}/${tagged.stack}`;
    } else
      out.findings.push({
        severity: "info",
        code: "repository-guessed",
        subject: `project:${p.name}`,
        message: `no stack of project ${p.name} names its repository (deployment settings or a vcs:repo tag): the proposal assumes repository "${p.name}"; correct projects[].repository if it lives elsewhere`,
      });
    const dir = tiers.map((t) => t.settings?.repoDir).find((d) => d);
    if (dir && !checkName("workDir", dir)) p.workDir = dir;
  }
}

/**
 * Issue 30 item 2: a tier holding the organization's deploy identities is production-like, whatever
 * its name. A deploy identity is a Pulumi team named as the program names a pipeline team
 * (`<project>-<word>-deploy`, compared case-insensitively: a case variant counts, which only
 * protects more) that some OIDC issuer's allow policy hands a team token to and that can write
 * one of that project's stacks; the stack's tier is then protected.
 */
/** A live name in a message: JSON-quoted, every non-ASCII character escaped, at most 80 long. */
const quoted = (name: string): string =>
  JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

function markDeployTiers(live: LiveOrg, out: Layout): void {
  const tokens = new Set(
    live.oidcIssuers.flatMap((i) =>
      i.policies
        .filter((p) => p.decision === "allow" && p.tokenType === "team" && p.teamName)
        .map((p) => (p.teamName as string).toLowerCase()),
    ),
  );
  for (const team of live.teams) {
    const name = team.name.toLowerCase();
    if (!tokens.has(name) || !name.endsWith("-deploy")) continue;
    for (const g of team.stacks) {
      if (
        g.permission < STACK_PERMISSION_CODES.write ||
        !name.startsWith(`${g.project.toLowerCase()}-`)
      )
        continue;
      const tier = out.stackTier.get(`${g.project}/${g.stack}`);
      const t = tier === undefined ? undefined : out.tiers.get(tier);
      if (!tier || !t || t.protected) continue;
      t.protected = true;
      out.findings.push({
        severity: "info",
        code: "tier-deploy-identity",
        subject: `tier:${tier}`,
        message: `tier ${tier} holds a deploy identity (team ${quoted(team.name)} writes stack ${g.project}/${g.stack} with an OIDC token): it is production-like, so the proposal protects it`,
      });
    }
  }
}

/**
 * The bootstrap project on its one tier (adopt/bootstrap.ts): its stack and environment are the
 * tier's name (the program deploys its own stack and environment), its repository the policy's.
 * A live project of that name with other stacks stays a normal project (reported).
 */
function placeBootstrap(live: LiveOrg, out: Layout, githubOwner: string): void {
  const boot = findBootstrap(live, githubOwner);
  if (!boot) return;
  const existing = out.projects.get(boot.project);
  if (existing && [...existing.tiers.keys()].some((t) => t !== boot.tier)) {
    out.findings.push({
      severity: "info",
      code: "bootstrap-not-adopted",
      subject: `project:${boot.project}`,
      message: `the OIDC policy of the bootstrap names project ${quoted(boot.project)} on tier ${quoted(boot.tier)}, but that project has stacks on other tiers: it is proposed as a normal project; declare projects[].bootstrap by hand`,
    });
    return;
  }
  if (checkName("project", boot.project) || checkName("repository", boot.repository)) return;
  const tier = existing?.tiers.get(boot.tier);
  out.projects.set(boot.project, {
    name: boot.project,
    repository: boot.repository,
    repositorySource: "the bootstrap's OIDC policy",
    tiers: new Map([
      [
        boot.tier,
        { stack: tier?.stack ?? boot.tier, environment: boot.tier, tags: tier?.tags ?? {} },
      ],
    ]),
  });
  out.stackTier.set(`${boot.project}/${tier?.stack ?? boot.tier}`, boot.tier);
  out.envTier.set(`${boot.project}/${boot.tier}`, boot.tier);
  out.tiers.set(boot.tier, { protected: true });
  out.bootstrap = boot;
}

export function layoutOf(
  live: LiveOrg,
  githubOwner: string,
  withBootstrap = true,
  withBreakGlass = true,
): Layout {
  const out: Layout = {
    tiers: new Map(),
    projects: new Map(),
    stackTier: new Map(),
    envTier: new Map(),
    unmanaged: [],
    findings: [],
  };
  placeStacks(live, out);
  if (withBootstrap) placeBootstrap(live, out, githubOwner);
  markDeployTiers(live, out);
  placeEnvironments(live, out);
  if (withBreakGlass) {
    const bg = liveBreakGlass(live, out);
    out.breakGlass = bg;
    const kept = out.unmanaged.filter((u) => !(u.kind === "environment" && bg.has(u.name)));
    out.unmanaged.splice(0, out.unmanaged.length, ...kept);
  }
  placeRepositories(out, githubOwner);
  const ordered = [...out.tiers].sort(([a], [b]) => tierOrder(a, b));
  out.tiers.clear();
  for (const [k, v] of ordered) out.tiers.set(k, v);
  return out;
}
