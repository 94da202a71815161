/**
 * Teams and their grants as the proposal declares them: every Pulumi team whose name and members
 * our rules accept (GitHub- and SCIM-backed teams are synced from elsewhere and stay unmanaged),
 * mirrored to GitHub when a GitHub team of the same slug exists, and each team's grants per
 * project clustered into the fewest roles that reproduce them exactly (adopt/cluster.ts).
 */
import type { AdoptUnmanaged } from "../model/adopt";
import type { EnvironmentPermission, RepositoryPermission, StackPermission } from "../model/config";
import { checkName, sameGithubName } from "../model/names";
import { hasBidiControls } from "../model/text";
import { stackPermissionName } from "../audit/compare";
import { inferTier, tierOfName } from "./infer";
import { perUseOf } from "./breakGlass";
import { Cell, clusterRoles, Clustering, isEmpty, Vector, vectorKey } from "./cluster";
import type { Layout } from "./layout";
import type { LiveGithubTeam, LiveOrg, LiveTeamFull } from "./live";
import type { AdoptFinding, RawTeam } from "./types";
import { durationOf } from "../kinds/helpers";
import { ENV_RANK, REPO_RANK } from "../model/access";
import { STACK_PERMISSION_CODES } from "../model/cloud/stackPermissions";

export interface AccessProposal {
  readonly teams: RawTeam[];
  readonly clustering: Clustering;
  /** Declared team names -> their live team. */
  readonly declared: Map<string, LiveTeamFull>;
  /** Declared team names mirrored to GitHub -> the GitHub team. */
  readonly mirrors: Map<string, LiveGithubTeam>;
  readonly unmanaged: AdoptUnmanaged[];
  readonly findings: AdoptFinding[];
}

export { durationOf };

/** Which live teams can be declared, and which stay unmanaged (with why). */
function declaredTeams(
  live: LiveOrg,
  layout: Layout,
  reserved: ReadonlySet<string>,
  out: AccessProposal,
): void {
  for (const t of live.teams) {
    if (reserved.has(t.name)) {
      out.findings.push({
        severity: "info",
        code: "pipeline-team-exists",
        subject: `team:${t.name}`,
        message: `team ${t.name} is named like a pipeline identity the program derives: when the program declares that identity it imports this team as it (no human members, the pipeline's grants); otherwise it stays as it is`,
      });
      reservedHumans(live, layout, t, out);
      continue;
    }
    const bad =
      t.kind !== "pulumi"
        ? `a ${t.kind}-backed team (its members are synced from ${t.kind === "github" ? "GitHub" : "the identity provider"}); declare a Pulumi team instead if secure-org should own it`
        : (checkName("team", t.name) ??
          t.members.map((m) => checkName("pulumiUser", m)).find((x) => x) ??
          proseProblem(t));
    if (bad) {
      out.unmanaged.push({
        kind: "team",
        name: t.name,
        reason: `${clipQuoted(bad, t.name)}; it and its grants stay as they are`,
      });
      elevatedUnmanaged(t, protectedLooking(live, layout), out);
      continue;
    }
    out.declared.set(t.name, t);
  }
}

/**
 * A team named like a pipeline identity is skipped as reserved, but a member who is no org admin
 * nor the organization's own identity (Pulumi Cloud adds the creating identity, an admin or the
 * organization token's user, to every team it creates: an admin bypasses every grant, so leaving
 * it out hides no access) holding its protected grants is a human with a pipeline's access: high,
 * whether or not the proposal then declares that identity.
 */
function reservedHumans(live: LiveOrg, layout: Layout, t: LiveTeamFull, out: AccessProposal): void {
  const admins = new Set(live.members.filter((m) => m.role === "admin").map((m) => m.login));
  // The organization's own identity (an organization token's user) creates teams too.
  const humans = t.members.filter((m) => !admins.has(m) && m !== live.organization);
  const what = elevatedGrants(t, protectedLooking(live, layout));
  if (what.length && humans.length)
    out.findings.push({
      severity: "high",
      code: "unmanaged-protected-access",
      subject: `team:${t.name}`,
      message:
        `team ${t.name}, named like a pipeline identity, has member${humans.length > 1 ? "s" : ""} ` +
        `${humans.join(", ")} (no org admin) and holds ${what.join(", ")} on a protected tier: ` +
        "a person with a pipeline's access. Remove them from the team by hand",
    });
}

/** A reason that quotes a very long name shows its start and its length, not all of it. */
function clipQuoted(reason: string, name: string): string {
  if (name.length <= 100) return reason;
  return reason.split(name).join(`${name.slice(0, 40)}… (${name.length} characters)`);
}

/**
 * The config's limits on a team's display name and description (model/config/schema.ts): an
 * import needs them exactly as they are, so a team whose text breaks them cannot be declared.
 */
function proseProblem(t: LiveTeamFull): string | undefined {
  const bad = (text: string, max: number) => text.length > max || hasBidiControls(text);
  if (t.displayName && t.displayName !== t.name && bad(t.displayName, 100))
    return "its display name is longer than 100 characters or holds bidirectional controls";
  if (bad(t.description, 400))
    return "its description is longer than 400 characters or holds bidirectional controls";
  return undefined;
}

/**
 * Whether a stack or environment looks protected: its tier in the layout when it is declared,
 * else what its own name and tags say (a second `prod-eu` stack beside `prod` stays unmanaged, and
 * is still production).
 */
function protectedLooking(live: LiveOrg, layout: Layout) {
  const tags = new Map(live.stacks.map((s) => [`${s.project}/${s.stack}`, s.tags]));
  const tierProtected = (tier: string | undefined) =>
    tier !== undefined && layout.tiers.get(tier)?.protected === true;
  return {
    stack: (project: string, stack: string): boolean => {
      const key = `${project}/${stack}`;
      if (layout.stackTier.has(key)) return tierProtected(layout.stackTier.get(key));
      const guess = inferTier(stack, tags.get(key) ?? {});
      return guess !== undefined && (guess.protected || tierProtected(guess.tier));
    },
    environment: (project: string, name: string): boolean => {
      const key = `${project}/${name}`;
      if (layout.envTier.has(key)) return tierProtected(layout.envTier.get(key));
      const known = tierOfName(name);
      return known !== undefined && (known.protected || tierProtected(known.tier));
    },
  };
}
type ProtectedLooking = ReturnType<typeof protectedLooking>;

/** A team's grants that change a protected-looking stack or open a protected-looking environment. */
function elevatedGrants(
  t: LiveTeamFull,
  prot: ProtectedLooking,
  only: (kind: "stack" | "environment", key: string) => boolean = () => true,
): string[] {
  return [
    ...t.stacks
      .filter(
        (g) =>
          g.permission >= STACK_PERMISSION_CODES.write &&
          only("stack", `${g.project}/${g.stack}`) &&
          prot.stack(g.project, g.stack),
      )
      .map((g) => `stack ${stackPermissionName(g.permission)} on ${g.project}/${g.stack}`),
    ...t.environments
      .filter(
        (g) =>
          ["open", "write", "admin"].includes(g.permission) &&
          only("environment", `${g.project}/${g.name}`) &&
          prot.environment(g.project, g.name),
      )
      .map((g) => `environment ${g.permission} on ${g.project}/${g.name}`),
  ];
}

/** A team left unmanaged that can change a protected stack or open a protected environment. */
function elevatedUnmanaged(t: LiveTeamFull, prot: ProtectedLooking, out: AccessProposal): void {
  const what = elevatedGrants(t, prot);
  if (what.length && t.members.length)
    out.findings.push({
      severity: "high",
      code: "unmanaged-protected-access",
      subject: `team:${t.name}`,
      message:
        `team ${t.name} (members: ${t.members.join(", ")}) holds ${what.join(", ")} on a protected ` +
        "tier, and the config cannot manage it (it is left unmanaged): remove those grants by hand, " +
        "or replace the team with a declared one",
    });
}

/** GitHub mirrors: a GitHub team with the Pulumi team's name as its slug, members our rules accept. */
function mirrorsOf(live: LiveOrg, out: AccessProposal): void {
  for (const gt of live.github?.teams ?? []) {
    if (!out.declared.has(gt.slug)) continue;
    const bad = gt.members.map((m) => checkName("githubLogin", m.login)).find((x) => x);
    if (bad) {
      out.findings.push({
        severity: "info",
        code: "github-team-not-mirrored",
        subject: `team:${gt.slug}`,
        message: `GitHub team ${gt.slug} is not declared as a mirror: ${bad}`,
      });
      continue;
    }
    out.mirrors.set(gt.slug, gt);
  }
}

/** One team's vector on one project: its grants per tier, and its repository permission. */
function vectorOf(
  team: LiveTeamFull,
  project: string,
  layout: Layout,
  mirror: LiveGithubTeam | undefined,
): Vector {
  const p = layout.projects.get(project);
  const tiers = new Map<string, Cell>();
  for (const [tier, pt] of p?.tiers ?? []) {
    const s = team.stacks.find((x) => x.project === project && x.stack === pt.stack);
    const e = pt.environment
      ? team.environments.find((x) => x.project === project && x.name === pt.environment)
      : undefined;
    const stack = (s ? stackPermissionName(s.permission) : "none") as StackPermission;
    const environment = (
      e && e.permission in ENV_RANK ? e.permission : "none"
    ) as EnvironmentPermission;
    const isProtected = layout.tiers.get(tier)?.protected ?? false;
    const perUse = perUseOf(team, project, pt.environment, layout);
    if (perUse && (stack === "none" || stack === "read")) {
      tiers.set(tier, {
        stack,
        environment: "open",
        maxOpenDuration: perUse.maxDuration,
        perUse: { approvers: perUse.bg.approvers, requiredApprovals: perUse.bg.requiredApprovals },
      });
      continue;
    }
    const elevatedEnv = ["open", "write", "admin"].includes(environment);
    const bound =
      isProtected && elevatedEnv ? (durationOf(e?.maxOpenDuration) ?? "24h") : undefined;
    tiers.set(tier, { stack, environment, ...(bound ? { maxOpenDuration: bound } : {}) });
  }
  const repo = p?.repository;
  const perm =
    (repo !== undefined
      ? mirror?.repositories.find((r) => sameGithubName(r.name, repo))?.permission
      : undefined) ?? "none";
  return {
    team: team.name,
    project,
    tiers,
    repository: mirror ? (perm in REPO_RANK ? (perm as RepositoryPermission) : "none") : undefined,
  };
}

/** The `-breakglass` environments whose `open` this team's per-use break-glass declares. */
function perUseKeys(t: LiveTeamFull, layout: Layout): Set<string> {
  const out = new Set<string>();
  for (const p of layout.projects.values())
    for (const pt of p.tiers.values()) {
      const s = t.stacks.find((x) => x.project === p.name && x.stack === pt.stack);
      if (s && s.permission > STACK_PERMISSION_CODES.read) continue;
      const u = perUseOf(t, p.name, pt.environment, layout);
      if (u) out.add(`${p.name}/${u.bg.breakGlassEnvironment}`);
    }
  return out;
}

/**
 * Grants of declared teams on stacks or environments the proposal does not declare. They stay as
 * they are; on a protected-looking target a human team's write or open is a high finding (the
 * config cannot remove it, so `--tighten` cannot either: it must go by hand).
 */
function unmanagedGrants(live: LiveOrg, layout: Layout, out: AccessProposal): void {
  const prot = protectedLooking(live, layout);
  for (const t of out.declared.values()) {
    const perUse = perUseKeys(t, layout);
    const what = t.members.length
      ? elevatedGrants(t, prot, (kind, key) =>
          kind === "stack"
            ? !layout.stackTier.has(key)
            : !layout.envTier.has(key) && !perUse.has(key),
        )
      : [];
    if (what.length)
      out.findings.push({
        severity: "high",
        code: "unmanaged-protected-grant",
        subject: `team:${t.name}`,
        message:
          `team ${t.name} (members: ${t.members.join(", ")}) holds ${what.join(", ")}, which looks ` +
          "protected but which the proposal leaves unmanaged (so neither the config nor --tighten " +
          "can remove the grant): remove it by hand, or make that stack the project's declared one",
      });
    for (const s of t.stacks)
      if (s.permission > 0 && !layout.stackTier.has(`${s.project}/${s.stack}`))
        out.unmanaged.push({
          kind: "grant",
          name: `team:${t.name} stack:${s.project}/${s.stack}`,
          reason: "the stack is not declared, so this grant stays as it is",
        });
    for (const e of t.environments)
      if (
        e.permission !== "none" &&
        !layout.envTier.has(`${e.project}/${e.name}`) &&
        !perUse.has(`${e.project}/${e.name}`)
      )
        out.unmanaged.push({
          kind: "grant",
          name: `team:${t.name} environment:${e.project}/${e.name}`,
          reason: "the environment is not declared, so this grant stays as it is",
        });
  }
}

/**
 * `access` of one team: "*" when it holds the same role on every project but the bootstrap
 * (which "*" never covers: the config names it), the bootstrap by name.
 */
function accessOf(
  team: string,
  projects: readonly string[],
  clustering: Clustering,
  bootstrap: string | undefined,
): Record<string, string> {
  const others = projects.filter((p) => p !== bootstrap);
  const roles = others.map((p) => clustering.roleOf.get(vectorKey(team, p)));
  const boot =
    bootstrap === undefined ? undefined : clustering.roleOf.get(vectorKey(team, bootstrap));
  const access: Record<string, string> = {};
  // Break-glass under "*" is refused when the bootstrap shares its tier (the config cannot tell
  // "*" leaves the bootstrap out there), so a per-use role names its projects.
  const common = clustering.roles.find((r) => r.name === roles[0]);
  const perUse = [...(common?.tiers.values() ?? [])].some((c) => c.perUse !== undefined);
  if (
    roles.length > 1 &&
    roles.every((r) => r !== undefined && r === roles[0]) &&
    !(perUse && bootstrap !== undefined)
  )
    access["*"] = roles[0] as string;
  else
    others.forEach((p, i) => {
      if (roles[i]) access[p] = roles[i] as string;
    });
  if (bootstrap !== undefined && boot) access[bootstrap] = boot;
  return access;
}

export function proposeAccess(
  live: LiveOrg,
  layout: Layout,
  reserved: ReadonlySet<string>,
): AccessProposal {
  const out: AccessProposal = {
    teams: [],
    clustering: { roles: [], roleOf: new Map(), exact: true },
    declared: new Map(),
    mirrors: new Map(),
    unmanaged: [],
    findings: [],
  };
  declaredTeams(live, layout, reserved, out);
  mirrorsOf(live, out);
  unmanagedGrants(live, layout, out);
  const projects = [...layout.projects.keys()];
  const vectors: Vector[] = [];
  for (const t of out.declared.values())
    for (const p of projects) vectors.push(vectorOf(t, p, layout, out.mirrors.get(t.name)));
  const clustering = clusterRoles(
    vectors.filter((v) => !isEmpty(v)),
    [...layout.tiers.keys()],
  );
  if (!clustering.exact)
    out.findings.push({
      severity: "info",
      code: "roles-greedy",
      subject: "roles",
      message: `${vectors.length} team grants form too many distinct patterns for an exact search: roles were clustered greedily (still exact grants, perhaps not the fewest roles)`,
    });
  for (const t of out.declared.values()) {
    const mirror = out.mirrors.get(t.name);
    out.teams.push({
      name: t.name,
      ...(t.displayName && t.displayName !== t.name ? { displayName: t.displayName } : {}),
      description: t.description,
      members: [...t.members],
      ...(mirror ? { githubMembers: mirror.members.map((m) => m.login).sort() } : {}),
      access: accessOf(t.name, projects, clustering, layout.bootstrap?.project),
    });
  }
  return { ...out, clustering };
}
