/**
 * The invariant for what a writer can start. Anyone who can push to a repository can open a pull
 * request, start a manual `workflow_dispatch`, or push to a branch that no ruleset protects. An
 * identity those runs can obtain (a preview token, a deploy token, Pulumi Deployments' stack token)
 * must hold no more on any stack or environment than the least-privileged human role with push
 * access to that repository holds there; otherwise pushing a branch is a way around one's role.
 *
 * A run is not writer-started when a person other than the writer must approve it first: a job in
 * a GitHub environment with required reviewers (protected tiers, reviewed previews), or a push to
 * a branch whose ruleset requires reviewed pull requests.
 */
import { CI_BINDINGS } from "../ci/bindings";
import { appendTo } from "../collections";
import { DEPLOYMENT_ROLE_NAME } from "../access/roles";
import { githubNameKey } from "../names";
import type { AccessModel, Grant, MachineIdentity, PipelineSpec, RepositorySpec } from "../access";
import { ConfigIssue, EnvironmentPermission, OrgConfig, StackPermission } from "../config";
import { producibleOtherThan } from "../oidc/matcher";
import { envRank, stackRank, Writer, writerBound, writersByRepository } from "./writers";

/** Something a writer can start, and what it obtains. */
export interface WriterRoute {
  /** Config path where the route is declared (and fixed). */
  readonly path: string;
  readonly repository: string;
  /** e.g. "a pull request to main". */
  readonly how: string;
  /** e.g. "the token of team payments-staging-preview". */
  readonly obtains: string;
  readonly grants: readonly RouteGrant[];
  readonly fix: string;
}

interface RouteGrant {
  readonly project: string;
  readonly tier: string;
  readonly stackName: string;
  readonly environment: string;
  readonly stack: StackPermission;
  readonly env: EnvironmentPermission;
}

const grantOf = (g: Grant): RouteGrant => ({
  project: g.project,
  tier: g.tier,
  stackName: `${g.project}/${g.stack}`,
  environment: `${g.environment.project}/${g.environment.name}`,
  stack: g.stackPermission,
  env: g.environmentPermission,
});

/** Every route a writer can start, from the access model. */
export function writerRoutes(config: OrgConfig, model: AccessModel): WriterRoute[] {
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const projectIndex = new Map(config.projects.map((p, i) => [p.name, i]));
  const byTeam = new Map<string, RouteGrant[]>();
  for (const g of model.grants) appendTo(byTeam, g.team, grantOf(g));
  const grantsOf = (team: string) => byTeam.get(team) ?? [];
  const repositories = new Map(model.repositories.map((r) => [githubNameKey(r.name), r]));
  const routes: WriterRoute[] = [];
  for (const p of model.pipelines) {
    const pi = projectIndex.get(p.project) as number;
    const tierPath = `tiers[${tierIndex.get(p.tier)}].deploy`;
    const projectPath = `projects[${pi}].tiers.${p.tier}`;
    const own = config.projects[pi]?.tiers[p.tier];
    const previewPath =
      own?.previewPullRequests !== undefined
        ? `${projectPath}.previewPullRequests`
        : `${tierPath}.previewPullRequests`;
    const repo = repositories.get(githubNameKey(p.repository));
    routes.push(
      ...pipelineRoutes(model, p, repo, { tierPath, projectPath, previewPath }, grantsOf),
    );
  }
  // Not a route: a manual dispatch of the scheduled audit runs the reviewed audit from the default
  // branch in its own environment, and that job only reads and reports.
  return routes;
}

/** Config paths of one pipeline's settings. */
interface Paths {
  readonly tierPath: string;
  readonly projectPath: string;
  /** Where the pipeline's previewPullRequests comes from (the project's entry or the tier's). */
  readonly previewPath: string;
}

function pipelineRoutes(
  model: AccessModel,
  p: PipelineSpec,
  repo: RepositorySpec | undefined,
  { tierPath, projectPath, previewPath }: Paths,
  grantsOf: (team: string) => RouteGrant[],
): WriterRoute[] {
  const covered = new Set([
    repo?.defaultBranch ?? "",
    ...(repo?.protectedBranches ?? []).map((b) => b.branch),
  ]);
  const reviewedEnv = p.protected && p.approvers.length > 0;
  const base = { repository: p.repository };
  const out: WriterRoute[] = [];
  if (p.mode === "pulumi-deployments") {
    const { admin, obtains } = deploymentsRun(model, p);
    if (p.previewPullRequests)
      out.push({
        ...base,
        path: previewPath,
        how: `a pull request to ${p.branch} (Pulumi Deployments runs its preview)`,
        obtains,
        grants: admin,
        fix: "set previewPullRequests: false: Pulumi Deployments previews run the pull request's code with an admin token on the stack, and nothing can gate them",
      });
    if (p.trigger === "api" && p.manualDispatch && !reviewedEnv)
      out.push({
        ...base,
        path: `${tierPath}.manualDispatch`,
        how: `a manual run of the ${p.ci} job that starts deployments on ${p.branch}`,
        obtains: `the REST caller's token, and through it ${obtains}`,
        grants: admin,
        fix: "remove manualDispatch, or protect the tier so its approvers approve each run",
      });
    if (!covered.has(p.branch)) out.push(uncoveredPush(p, projectPath, obtains, admin));
    return out;
  }
  if (p.preview && !p.reviewedPreviews)
    out.push({
      ...base,
      path: previewPath,
      how:
        p.ci && p.ci !== "github-actions"
          ? `a merge/pull request pipeline on ${p.ci} (any target branch: its tokens do not name the target)`
          : `a pull request to ${p.branch}`,
      obtains: tokenOf(p.preview),
      grants: grantsOf(p.preview.team),
      fix:
        "set previewPullRequests: false, or set deploy.reviewedPreviews: true so that one of the tier's " +
        "approvers approves each preview run in its GitHub environment before it gets the token",
    });
  if (p.deploy && !reviewedEnv) {
    const grants = p.deploy.tokenType === "organization" ? orgAdmin(p) : grantsOf(p.deploy.team);
    // The deploy token's policy pins the branch in a rule value, where '.' matches any character:
    // a push to every branch the pin matches obtains the token, and a writer can create one.
    // (A CI unit whose deploy policy also pins a protected ref: an unprotected branch that the
    // pattern matches gets nothing, and a writer cannot protect one.)
    const pinsProtected = CI_BINDINGS.get(p.ci ?? "")?.pinsProtectedRef === true;
    const other = pinsProtected ? undefined : producibleOtherThan(p.branch);
    if (other !== undefined && covered.has(p.branch))
      out.push(wildcardBranchPush(p, projectPath, other, tokenOf(p.deploy), grants));
    if (p.manualDispatch)
      out.push({
        ...base,
        path: `${tierPath}.manualDispatch`,
        how:
          p.ci && p.ci !== "github-actions"
            ? `a manual ${p.ci} run on ${p.branch}`
            : `a manual workflow_dispatch on ${p.branch}`,
        obtains: tokenOf(p.deploy),
        grants,
        fix: "remove manualDispatch, or protect the tier so its GitHub environment's reviewers approve each run",
      });
    if (!covered.has(p.branch)) out.push(uncoveredPush(p, projectPath, tokenOf(p.deploy), grants));
  }
  return out;
}

function uncoveredPush(
  p: PipelineSpec,
  projectPath: string,
  obtains: string,
  grants: readonly RouteGrant[],
): WriterRoute {
  return {
    path: projectPath,
    repository: p.repository,
    how: `a direct push to ${p.branch}, which no ruleset protects`,
    obtains,
    grants,
    fix: `deploy from the default branch, or add "${p.branch}" to the project's protectedBranches so a ruleset requires reviewed pull requests there`,
  };
}

function wildcardBranchPush(
  p: PipelineSpec,
  projectPath: string,
  other: string,
  obtains: string,
  grants: readonly RouteGrant[],
): WriterRoute {
  return {
    path: `${projectPath}`,
    repository: p.repository,
    how:
      `a direct push to branch "${other}", which the deploy policy's pin "${p.branch}" also ` +
      "matches ('.' matches any one character in Pulumi's rules) and which no ruleset protects",
    obtains,
    grants,
    fix: `deploy from a branch whose name has no '.' (it cannot be pinned exactly), or protect the tier so its approvers approve each run`,
  };
}

const tokenOf = (id: MachineIdentity) =>
  id.tokenType === "organization" ? "the organization admin token" : `the token of team ${id.team}`;

/** Pulumi Deployments runs with a token that is admin on the stack and opens no environment. */
function deploymentsGrant(model: AccessModel, p: PipelineSpec): RouteGrant {
  return {
    project: p.project,
    tier: p.tier,
    stackName: `${p.project}/${p.stack}`,
    environment: `${p.environment.project}/${p.environment.name}`,
    stack: "admin",
    // With custom roles, the default deployment role opens the Deployments stacks' environments.
    env: model.roles.some((r) => r.defaultDeploymentRole)
      ? "open"
      : model.defaults.environmentPermission,
  };
}

/**
 * What a Pulumi Deployments run of `p` holds, and how to say it: every role it executes with, the
 * stack's admin token and, with custom roles, the organization's default deployment role on every
 * environment it opens (issue 27, class 4).
 */
function deploymentsRun(
  model: AccessModel,
  p: PipelineSpec,
): { admin: RouteGrant[]; obtains: string } {
  const roleGrants = defaultDeploymentRoleGrants(model);
  const own = deploymentsGrant(model, p);
  const admin: RouteGrant[] = [own, ...roleGrants.filter((g) => g.environment !== own.environment)];
  const obtains =
    `Pulumi Deployments' token for ${p.project}/${p.stack} (admin on that stack)` +
    (roleGrants.length
      ? `, run with the default deployment role "${DEPLOYMENT_ROLE_NAME}" (open on ` +
        `${roleGrants.map((g) => g.environment).join(", ")})`
      : "");
  return { admin, obtains };
}

/**
 * What the organization's default deployment role adds to every Pulumi Deployments run: read and
 * open on each environment it names (`environment:read`, `environment:open`), with the tier and
 * project of the stack that environment belongs to (the writer bound is taken there). Whether the
 * role adds to the stack token or replaces it is not verified against the live service, so it is
 * taken to add (fail closed).
 */
function defaultDeploymentRoleGrants(model: AccessModel): RouteGrant[] {
  const out: RouteGrant[] = [];
  for (const role of model.roles)
    if (role.defaultDeploymentRole)
      for (const env of role.environments) {
        const owners = model.stacks.filter(
          (s) => s.environment.project === env.project && s.environment.name === env.name,
        );
        for (const s of owners)
          out.push({
            project: s.project,
            tier: s.tier,
            stackName: `${s.project}/${s.stack}`,
            environment: `${env.project}/${env.name}`,
            stack: "none",
            env: role.environmentScopes.includes("environment:open") ? "open" : "read",
          });
      }
  return out;
}

/** The organization admin token holds everything; one grant stands for its own stack. */
const orgAdmin = (p: PipelineSpec): RouteGrant[] => [
  {
    project: p.project,
    tier: p.tier,
    stackName: `${p.project}/${p.stack}`,
    environment: `${p.environment.project}/${p.environment.name}`,
    stack: "admin",
    env: "admin",
  },
];

/** Every route that obtains more than the repository's least-privileged writer holds. */
export function checkWriterRoutes(config: OrgConfig, model: AccessModel): ConfigIssue[] {
  const writers = writersByRepository(config);
  const issues: ConfigIssue[] = [];
  for (const route of writerRoutes(config, model))
    for (const g of route.grants) {
      const problem = exceeds(config, writers.get(githubNameKey(route.repository)) ?? [], g);
      if (problem)
        issues.push({
          path: route.path,
          message:
            `on tier ${g.tier}, ${route.how} in ${config.github.owner}/${route.repository} obtains ` +
            `${route.obtains}, which holds ${problem}. Anyone who can push to ${route.repository} could use it. Fix: ${route.fix}`,
        });
    }
  return issues;
}

/** What `g` holds beyond the least-privileged writer, in words, if anything. */
function exceeds(config: OrgConfig, writers: readonly Writer[], g: RouteGrant): string | undefined {
  const bound = writerBound(config, writers, g.project, g.tier);
  const parts: string[] = [];
  if (stackRank(g.stack) > stackRank(bound.stack))
    parts.push(
      `stack ${g.stack} on ${g.stackName}, where the least-privileged role with push access ` +
        `(${bound.who.stack}) holds ${bound.stack}`,
    );
  if (envRank(g.env) > envRank(bound.environment))
    parts.push(
      `environment ${g.env} on ${g.environment}, where the least-privileged role with push access ` +
        `(${bound.who.environment}) holds ${bound.environment}`,
    );
  return parts.length ? parts.join(", and ") : undefined;
}
