/**
 * Repository protection: per repository that runs a pipeline or the scheduled audit, its GitHub
 * environments, required approvals and checks, CODEOWNERS entries and allowed actions.
 */
import { OrgConfig, ProjectConfig, RepositoryHost, repositoryHostOf } from "../config";
import { viewOf } from "../config/view";
import { githubNameKey, sameGithubName } from "../names";
import { DEFAULT_CI } from "../ci/registry";
import { AuditSpec, PipelineSpec, RepositorySpec } from "./types";

type EnvironmentSpec = RepositorySpec["environments"][number];
type CodeownersEntry = { path: string; teams: string[] };

/** One spec per repository (in project order) that a pipeline or the scheduled audit runs in. */
export function buildRepositories(
  config: OrgConfig,
  pipelines: readonly PipelineSpec[],
  audit: AuditSpec | undefined,
): RepositorySpec[] {
  // GitHub repository names are case-insensitive: group by the one key (names.ts).
  const byRepo = groupBy(config.projects, (p) => githubNameKey(p.repository));
  const pipelinesByRepo = groupBy(pipelines, (p) => githubNameKey(p.repository));
  const out: RepositorySpec[] = [];
  for (const [key, projects] of byRepo) {
    const name = projects[0].repository;
    const repoPipelines = pipelinesByRepo.get(key) ?? [];
    const auditHere = audit !== undefined && sameGithubName(audit.repository, name);
    if (repoPipelines.length === 0 && !auditHere) continue;
    const defaultBranch = projects[0].defaultBranch;
    // The default CI's workflows: pipelines, and callers of REST-triggered deployments.
    const actions = repoPipelines.filter((p) => p.ci === DEFAULT_CI);
    const view = viewOf(config);
    const host = repositoryHostOf(
      view,
      view.projects[config.projects.indexOf(projects[0])],
    ) as RepositoryHost;
    out.push({
      name,
      host,
      id: projects.find((p) => p.repositoryId)?.repositoryId,
      defaultBranch,
      projects: projects.map((p) => p.name),
      pipelines: repoPipelines.map((p) => p.key),
      requiredApprovals: Math.max(1, ...repoPipelines.map((p) => p.requiredApprovals)),
      requiredChecks: checksFor(actions, defaultBranch),
      protectedBranches: [...new Set(projects.flatMap((p) => p.protectedBranches))]
        .filter((b) => b !== defaultBranch)
        .map((branch) => ({ branch, requiredChecks: checksFor(actions, branch) })),
      environments: environmentsOf(actions, auditHere ? audit : undefined),
      // CODEOWNERS is committed to GitHub repositories only (another host's owners are its own).
      codeowners:
        host === "github" ? dedupeCodeowners(codeownersOf(config, projects, repoPipelines)) : [],
      allowedActions: [...new Set(projects.flatMap((p) => p.allowedActions))],
      hasActionsPipeline: actions.length > 0 || auditHere,
    });
  }
  return out;
}

/** Items grouped by a key, groups and items in input order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The pull-request checks of the pipelines whose PRs target `branch`. */
const checksFor = (actions: readonly PipelineSpec[], branch: string) =>
  actions.filter((p) => p.checkName && p.branch === branch).map((p) => p.checkName as string);

/** The GitHub environments of a repository's default-CI pipelines and of the audit there. */
function environmentsOf(
  actions: readonly PipelineSpec[],
  audit: AuditSpec | undefined,
): EnvironmentSpec[] {
  const environments: EnvironmentSpec[] = actions.map((p) => ({
    name: p.githubEnvironment as string,
    tier: p.tier,
    protected: p.protected,
    branch: p.branch,
    reviewers: p.protected ? p.approvers : [],
  }));
  // Drift checks: a scheduled, read-only run on the default branch; nobody approves it.
  for (const p of actions)
    if (p.drift)
      environments.push({
        name: p.drift.githubEnvironment,
        tier: p.tier,
        protected: false,
        branch: p.drift.branch,
        reviewers: [],
      });
  // Reviewed previews: every run waits for an approver (no self-review, no admin bypass); any PR
  // branch may ask, the approval is the gate.
  for (const p of actions)
    if (p.reviewedPreviews && p.preview?.githubEnvironment)
      environments.push({
        name: p.preview.githubEnvironment,
        tier: p.tier,
        protected: true,
        reviewers: p.approvers,
      });
  // The scheduled audit's environment: no reviewers (nobody approves a nightly run), the default
  // branch only; its OIDC policy pins it.
  if (audit)
    environments.push({
      name: audit.githubEnvironment,
      tier: "audit",
      protected: false,
      branch: audit.branch,
      reviewers: [],
    });
  // One GitHub environment per tier name, even if several projects share the repository.
  // GitHub environment names are case-insensitive (names.ts).
  return [...new Map(environments.map((e) => [githubNameKey(e.name), e])).values()];
}

/**
 * CODEOWNERS: each project's directory is owned by the approvers of the repository's protected
 * pipelines (the platform team when there are none); the workflows and CODEOWNERS itself by the
 * platform team.
 */
function codeownersOf(
  config: OrgConfig,
  projects: readonly ProjectConfig[],
  repoPipelines: readonly PipelineSpec[],
): CodeownersEntry[] {
  const protectedOwners = [
    ...new Set(repoPipelines.filter((p) => p.protected).flatMap((p) => p.approvers)),
  ];
  const platform = config.github.platformTeam;
  const codeowners: CodeownersEntry[] = [];
  for (const p of projects) {
    const owners = protectedOwners.length ? protectedOwners : platform ? [platform] : [];
    if (owners.length && p.workDir !== ".")
      codeowners.push({ path: `/${p.workDir}/`, teams: owners });
    else if (owners.length) codeowners.push({ path: "*", teams: owners });
  }
  if (platform) {
    codeowners.push({ path: "/.github/workflows/", teams: [platform] });
    codeowners.push({ path: "/.github/CODEOWNERS", teams: [platform] });
  }
  return codeowners;
}

/** One entry per path, in first-seen order, with the union of its teams. */
function dedupeCodeowners(entries: { path: string; teams: string[] }[]) {
  const byPath = new Map<string, Set<string>>();
  for (const e of entries) {
    const set = byPath.get(e.path) ?? new Set<string>();
    e.teams.forEach((t) => set.add(t));
    byPath.set(e.path, set);
  }
  return [...byPath].map(([path, teams]) => ({ path, teams: [...teams] }));
}
