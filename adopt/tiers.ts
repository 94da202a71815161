/**
 * Tiers and projects of the proposal: each tier's roles (from the clustering), its deploy route,
 * approvers and drift schedule; each project's repository, branches and per-tier stack,
 * environment and mode.
 *
 * A protected tier deploys through a pipeline and needs approver teams that GitHub knows with
 * push on every repository it deploys from (they become the code owners), so a protected-looking
 * tier stays protected only when GitHub was read and such a team exists; otherwise it is declared
 * unprotected and reported. A project tier that has deployment settings keeps them (Deployments
 * mode); the others get the default CI's pipeline when a platform team exists, else deployment
 * settings (reported: they are new). Every elevated human grant on a
 * protected tier is declared break-glass, with a finding whose fix removes it.
 */
import type { AccessProposal } from "./access";
import { tierOrder } from "./infer";
import { cronProblems } from "../model/config/cron";
import {
  DEFAULT_CI,
  DEPLOYMENTS_LABEL,
  DEPLOYMENTS_MODE,
  PIPELINE_MODES,
  PipelineMode,
} from "../model/ci/registry";
import type { Cell, Role } from "./cluster";
import type { Layout, ProjectLayout } from "./layout";
import type { LiveOrg } from "./live";
import { REPO_RANK } from "../model/access";
import { inferReviewedPreviews } from "./previews";
import type { AdoptFinding, RawProject, RawRole, RawTier } from "./types";

const ELEVATED_STACK = ["write", "admin"];
const ELEVATED_ENV = ["open", "write", "admin"];

export interface RepoBasics {
  readonly id: number;
  readonly defaultBranch: string;
}

export interface TierInputs {
  readonly live: LiveOrg;
  readonly layout: Layout;
  readonly access: AccessProposal;
  /** Basic facts of the projects' repositories, when GitHub was read. */
  readonly repos?: ReadonlyMap<string, RepoBasics>;
  /** The day of the read, for justifications (YYYY-MM-DD). */
  readonly day: string;
}

export interface TierProposal {
  readonly tiers: RawTier[];
  readonly projects: RawProject[];
  readonly roles: Record<string, { repository: string; breakGlass?: { justification: string } }>;
  readonly platformTeam?: string;
  readonly findings: AdoptFinding[];
}

const stripRef = (b: string | undefined) => b?.replace(/^refs\/heads\//, "");

/** The most frequent value, ties to the first seen. */
function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  for (const [v, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** Mirrored teams with push or more on every one of `repos`, strongest on the tier first. */
function codeOwnerCandidates(
  inputs: TierInputs,
  repos: readonly string[],
  tier?: string,
): string[] {
  const { access, layout } = inputs;
  const strength = (team: string) =>
    Math.max(
      0,
      ...[...layout.projects.values()].map((p) => {
        const pt = tier ? p.tiers.get(tier) : undefined;
        const t = access.declared.get(team);
        const s = pt && t?.stacks.find((x) => x.project === p.name && x.stack === pt.stack);
        return s ? s.permission : 0;
      }),
    );
  return [...access.mirrors.values()]
    .filter((m) =>
      repos.every(
        (r) =>
          ((REPO_RANK as Readonly<Record<string, number>>)[
            m.repositories.find((x) => x.name === r)?.permission ?? "none"
          ] ?? 0) >= REPO_RANK.push,
      ),
    )
    .map((m) => m.slug)
    .sort((a, b) => strength(b) - strength(a) || a.localeCompare(b));
}

interface TierPlan {
  protected: boolean;
  /** Production-like by name or tag, whether or not it could be declared protected. */
  looksProtected: boolean;
  approvers: string[];
  modes: Map<string, PipelineMode>;
}

/** Which protected tiers stay protected, their approvers, and each project's mode there. */
function deployPlans(
  inputs: TierInputs,
  findings: AdoptFinding[],
): { plans: Map<string, TierPlan>; platformTeam?: string } {
  const { layout, live } = inputs;
  const plans = new Map<string, TierPlan>();
  const actionsRepos = new Set<string>();
  for (const [tier, t] of layout.tiers) {
    const projects = [...layout.projects.values()].filter((p) => p.tiers.has(tier));
    const plan: TierPlan = {
      protected: false,
      looksProtected: t.protected,
      approvers: [],
      modes: new Map(),
    };
    plans.set(tier, plan);
    if (!t.protected) continue;
    const approvers = live.github
      ? codeOwnerCandidates(inputs, [...new Set(projects.map((p) => p.repository))], tier)
      : [];
    if (!approvers.length) {
      findings.push({
        severity: "high",
        code: "tier-not-protected",
        subject: `tier:${tier}`,
        message:
          `tier ${tier} looks protected, but ${live.github ? "no GitHub team holds push on every repository it deploys from" : "GitHub was not read (set GITHUB_TOKEN), so its environment reviewers, rulesets and repository admins could not be checked"}: ` +
          "a protected tier needs approver teams GitHub knows (they review and own the deploying code), so the proposal declares it unprotected. Every human grant that deploys or opens secrets there is still reported (unprotected-tier-human-access) and --tighten drops it. Fix the tier by hand: mirror an approver team to GitHub with push on those repositories, then set protected: true",
      });
      continue;
    }
    plan.protected = true;
    plan.approvers = [approvers[0]];
    for (const p of projects) {
      // The bootstrap deploys from its own workflow with an organization token: no mode.
      if (p.name === layout.bootstrap?.project) continue;
      const mode = p.tiers.get(tier)?.settings ? DEPLOYMENTS_MODE : DEFAULT_CI;
      plan.modes.set(p.name, mode);
      if (mode === DEFAULT_CI) actionsRepos.add(p.repository);
    }
  }
  // The platform team owns /.github/workflows/ in every repository the config generates into
  // (model/access/repositories.ts, codeownersOf), not only the default CI's ones: it needs push
  // on each project's repository, or GitHub ignores the line.
  const allRepos = [...new Set([...layout.projects.values()].map((p) => p.repository))];
  const platform = actionsRepos.size ? codeOwnerCandidates(inputs, allRepos)[0] : undefined;
  if (actionsRepos.size && !platform)
    for (const plan of plans.values())
      for (const [project, mode] of plan.modes)
        if (mode === DEFAULT_CI) plan.modes.set(project, DEPLOYMENTS_MODE);
  for (const [tier, plan] of plans)
    for (const [project, mode] of plan.modes)
      if (mode === DEPLOYMENTS_MODE && !layout.projects.get(project)?.tiers.get(tier)?.settings)
        findings.push({
          severity: "info",
          code: "pipeline-added",
          subject: `stack:${project}/${layout.projects.get(project)?.tiers.get(tier)?.stack}`,
          message: `protected tier ${tier} deploys through a pipeline: the proposal adds ${DEPLOYMENTS_LABEL} settings to this stack (none exist; the Pulumi GitHub App must be installed on its repository)`,
        });
  return { plans, platformTeam: platform };
}

function justification(teams: readonly string[], what: string, tier: string, day: string): string {
  return (
    `Adopted as it was on ${day}: team${teams.length > 1 ? "s" : ""} ${teams.join(", ")} held ` +
    `${what} on protected tier ${tier} before secure-org managed it; npm run adopt -- --tighten removes it`
  );
}

/**
 * A role's elevated cell on a tier, per member team and project: where it reaches (stack
 * `write`/`admin`, environment `open`/`write`/`admin`) and the fixes that drop it to `none`. Shared
 * by the protected-tier (break-glass) and the unprotected production-like findings.
 */
function elevatedReach(
  role: Role,
  cell: Cell,
  tier: string,
  tierIndex: number,
  inputs: TierInputs,
): {
  fixes: { path: (string | number)[]; from: string; to: string }[];
  members: { team: string; project: string; where: string }[];
} {
  const stackUp = ELEVATED_STACK.includes(cell.stack);
  const envUp = ELEVATED_ENV.includes(cell.environment);
  const base = ["tiers", tierIndex, "roles", role.name];
  const fixes = [
    ...(stackUp ? [{ path: [...base, "stack"], from: cell.stack, to: "none" }] : []),
    ...(envUp ? [{ path: [...base, "environment"], from: cell.environment, to: "none" }] : []),
  ];
  const members = role.members.flatMap((member) => {
    const [team, project] = member.split("/");
    const pt = inputs.layout.projects.get(project)?.tiers.get(tier);
    if (!pt) return [];
    const where = [
      stackUp ? `stack ${cell.stack} on ${project}/${pt.stack}` : "",
      envUp ? `environment ${cell.environment} on ${project}/${pt.environment ?? tier}` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    return [{ team, project, where }];
  });
  return { fixes, members };
}

/** A role on one tier, with break-glass (and its finding) when it is elevated on a protected tier. */
function roleOnTier(
  role: Role,
  cell: Cell,
  tier: string,
  tierIndex: number,
  plan: TierPlan,
  inputs: TierInputs,
  findings: AdoptFinding[],
): RawRole {
  const raw: RawRole = { stack: cell.stack, environment: cell.environment };
  if (!plan.protected && !plan.looksProtected) return raw;
  const stackUp = ELEVATED_STACK.includes(cell.stack);
  const envUp = ELEVATED_ENV.includes(cell.environment);
  if (!stackUp && !envUp) return raw;
  if (!plan.protected) {
    findings.push(...unprotectedTierAccess(role, cell, tier, tierIndex, inputs));
    return raw;
  }
  const teams = [...new Set(role.members.map((m) => m.split("/")[0]))];
  const what = [
    stackUp ? `stack ${cell.stack}` : "",
    envUp ? `environment ${cell.environment}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  // Adopt describes the live org: these grants are usable at any moment, so the proposal
  // declares them standing (reported high); per use needs approvers only the user can name.
  const why = justification(teams, what, tier, inputs.day);
  raw.breakGlass = {
    justification: why,
    standing: true,
    standingJustification: `${why}; to make it per use, replace standing with approvers: [<team>] (docs/break-glass.md)`,
    ...(envUp ? { maxDuration: cell.maxOpenDuration ?? "24h" } : {}),
  };
  const reach = elevatedReach(role, cell, tier, tierIndex, inputs);
  for (const { team, project, where } of reach.members)
    findings.push({
      severity: "high",
      code: "human-protected-access",
      subject: `team:${team} project:${project} tier:${tier}`,
      message:
        `human team ${team} holds ${where} (protected tier ${tier}): ` +
        "only the pipeline should deploy or open secrets there; the proposal keeps it as declared break-glass",
      fixes: reach.fixes,
    });
  return raw;
}

/**
 * A production-like tier the proposal cannot declare protected (GitHub not read, or no approver
 * team GitHub knows): nothing in the config stops a human deploying or opening secrets there, so
 * each such grant is a high finding whose fix (applied by --tighten) drops it. Break-glass cannot
 * be declared on an unprotected tier; declare the tier protected first to keep one that way.
 */
function unprotectedTierAccess(
  role: Role,
  cell: Cell,
  tier: string,
  tierIndex: number,
  inputs: TierInputs,
): AdoptFinding[] {
  const reach = elevatedReach(role, cell, tier, tierIndex, inputs);
  return reach.members.map(({ team, project, where }) => ({
    severity: "high",
    code: "unprotected-tier-human-access",
    subject: `team:${team} project:${project} tier:${tier}`,
    message:
      `human team ${team} holds ${where} on tier ${tier}, which looks like production but which the ` +
      "proposal cannot declare protected (see tier-not-protected): no reviewer, ruleset or pipeline " +
      "stands between this team and production. --tighten drops the grant; to keep it, declare the " +
      "tier protected with approvers and the role as break-glass with a justification a human writes",
    fixes: reach.fixes,
  }));
}

function projectOf(
  p: ProjectLayout,
  plans: Map<string, TierPlan>,
  inputs: TierInputs,
  tiers: RawTier[],
): RawProject {
  const basics = inputs.repos?.get(p.repository);
  const defaultBranch = basics?.defaultBranch ?? "main";
  const protectedBranches = new Set<string>();
  const entry: RawProject["tiers"] = {};
  for (const [tier, pt] of [...p.tiers].sort(([a], [b]) => tierOrder(a, b))) {
    const t = tiers.find((x) => x.name === tier);
    const mode = plans.get(tier)?.modes.get(p.name);
    entry[tier] = {
      // The bootstrap deploys the stack its config belongs to (model/config/policy/bootstrapStack.ts).
      ...(pt.stack !== tier && p.name !== inputs.layout.bootstrap?.project
        ? { stack: pt.stack }
        : {}),
      ...(pt.environment && pt.environment !== tier ? { environment: pt.environment } : {}),
      ...(mode && t && mode !== t.deploy.mode ? { mode } : {}),
    };
    if (t?.protected && t.deploy.branch && t.deploy.branch !== defaultBranch)
      protectedBranches.add(t.deploy.branch);
  }
  return {
    name: p.name,
    repository: p.repository,
    ...(p.name === inputs.layout.bootstrap?.project ? { bootstrap: true } : {}),
    ...(basics ? { repositoryId: basics.id } : {}),
    defaultBranch,
    ...(protectedBranches.size ? { protectedBranches: [...protectedBranches].sort() } : {}),
    ...(p.workDir ? { workDir: p.workDir } : {}),
    tiers: entry,
  };
}

function tierOf(
  name: string,
  index: number,
  plan: TierPlan,
  inputs: TierInputs,
  findings: AdoptFinding[],
): RawTier {
  const { layout, live, access } = inputs;
  const projects = [...layout.projects.values()].filter((p) => p.tiers.has(name));
  const roles: Record<string, RawRole> = {};
  for (const role of access.clustering.roles) {
    const cell = role.tiers.get(name);
    if (cell) roles[role.name] = roleOnTier(role, cell, name, index, plan, inputs, findings);
  }
  if (!plan.protected) return { name, protected: false, roles, deploy: { mode: "direct" } };
  const settings = projects.map((p) => p.tiers.get(name)?.settings).filter((s) => s !== undefined);
  const branch =
    mostCommon(
      settings.map((s) => stripRef(s.branch)).filter((b): b is string => !!b && !b.includes(".")),
    ) ??
    inputs.repos?.get(projects[0]?.repository ?? "")?.defaultBranch ??
    "main";
  const modes = [...plan.modes.values()];
  const mode = mostCommon(modes) ?? DEPLOYMENTS_MODE;
  const stacks = new Set(projects.map((p) => `${p.name}/${p.tiers.get(name)?.stack}`));
  // Only schedules the config can declare (valid for both runners of a drift schedule); another
  // one stays as it is.
  const drift = live.driftSchedules.filter(
    (d) =>
      stacks.has(`${d.project}/${d.stack}`) &&
      PIPELINE_MODES.every((runner) => cronProblems(d.cron, runner).length === 0),
  );
  const cron = mostCommon(drift.map((d) => `${d.cron}|${d.autoRemediate}`));
  for (const s of settings)
    if (s.previewPullRequests)
      findings.push({
        severity: "medium",
        code: "protected-previews",
        subject: `stack:${s.project}/${s.stack}`,
        message: `${DEPLOYMENTS_LABEL} previews pull requests of protected ${s.project}/${s.stack} with a token that is admin on the stack: the proposal turns them off (the import then updates the deployment settings)`,
      });
  return {
    name,
    protected: true,
    roles,
    deploy: { mode, branch, approvers: plan.approvers },
    ...(cron
      ? {
          driftDetection: {
            schedule: cron.split("|")[0],
            autoRemediate: cron.split("|")[1] === "true",
          },
        }
      : {}),
  };
}

export function proposeTiers(inputs: TierInputs): TierProposal {
  const findings: AdoptFinding[] = [];
  const { plans, platformTeam } = deployPlans(inputs, findings);
  const tiers = [...inputs.layout.tiers.keys()].map((t, i) =>
    tierOf(t, i, plans.get(t) as TierPlan, inputs, findings),
  );
  const projects = [...inputs.layout.projects.values()].map((p) =>
    projectOf(p, plans, inputs, tiers),
  );
  inferReviewedPreviews(inputs.live, tiers, projects, findings);
  const roles: TierProposal["roles"] = {};
  const protectedRepos = new Set(
    projects
      .filter((p) => Object.keys(p.tiers).some((t) => tiers.find((x) => x.name === t)?.protected))
      .map((p) => p.repository),
  );
  for (const role of inputs.access.clustering.roles) {
    const repository = role.repository ?? "none";
    roles[role.name] = { repository };
    const onProtected = role.members.some((m) =>
      protectedRepos.has(inputs.layout.projects.get(m.split("/")[1])?.repository ?? ""),
    );
    if (repository === "admin" && onProtected) {
      const teams = [...new Set(role.members.map((m) => m.split("/")[0]))];
      roles[role.name].breakGlass = {
        justification: `Adopted as it was on ${inputs.day}: team${teams.length > 1 ? "s" : ""} ${teams.join(", ")} administered repositories that deploy protected tiers before secure-org managed them`,
      };
      findings.push({
        severity: "high",
        code: "repository-admin",
        subject: `role:${role.name}`,
        message: `teams ${teams.join(", ")} are admins of repositories that deploy protected tiers: a repository admin can edit the ruleset and the environment reviewers`,
        fixes: [{ path: ["roles", role.name, "repository"], from: "admin", to: "maintain" }],
      });
    }
  }
  return { tiers, projects, roles, ...(platformTeam ? { platformTeam } : {}), findings };
}
