/**
 * The GitHub Actions contexts tried against each machine identity: its intended context and the
 * near misses (another branch, no environment, pull requests, another repository or owner id,
 * manual dispatch, another workflow file), and the oracle saying which identity each is meant for.
 */
import type { AccessModel, MachineIdentity } from "../../access";
import { isPullRequestEvent } from "./claims";
import { byRepository, GithubIds, SubjectFormat } from "./issuer";
import { githubNameKey, sameGithubName } from "../../names";

/** What a generated context is, structurally: the oracle for `expected` compares these. */
export interface Scenario {
  label: string;
  event: string;
  repository: string;
  repositoryId: number;
  ownerId: number;
  branch?: string;
  baseBranch?: string;
  environment?: string;
  /** The workflow file the job is defined in; the pipeline's own when absent. */
  workflowPath?: string;
}

/** Whether `identity` is meant to get its token in `s` (exact comparisons, no globbing). */
export function intended(
  identity: MachineIdentity,
  s: Scenario,
  format: SubjectFormat,
  ids: GithubIds,
): boolean {
  if (!sameGithubName(s.repository, identity.repository)) return false;
  if (
    s.repositoryId !== byRepository(ids.repositoryIds, identity.repository) ||
    s.ownerId !== ids.ownerId
  )
    return false;
  if (!identity.events.includes(s.event)) return false;
  const pinned = byRepository(ids.subjectFormats, identity.repository);
  if (pinned !== undefined && pinned !== format) return false;
  if (identity.purpose !== "preview")
    return (
      !isPullRequestEvent(s.event) &&
      (s.workflowPath === undefined || s.workflowPath === identity.workflowPath) &&
      s.branch === identity.branch &&
      identity.githubEnvironment !== undefined &&
      s.environment === identity.githubEnvironment
    );
  // Preview: a pull_request targeting the branch; reviewed previews only in their environment.
  // Unreviewed ones with sub pinned only without an environment, whose sub has another form.
  if (s.event !== "pull_request" || s.baseBranch !== identity.branch) return false;
  if (identity.githubEnvironment !== undefined) return s.environment === identity.githubEnvironment;
  return pinned === undefined || s.environment === undefined;
}

const otherBranch = (branch: string) =>
  branch === "feature/change" ? "feature/other" : "feature/change";

/** A scenario as the context table prints it, e.g. "push to main in environment prod". */
export function describeScenario(s: Scenario): string {
  const where = s.environment !== undefined ? ` in environment ${s.environment}` : "";
  return isPullRequestEvent(s.event)
    ? `${s.event} targeting ${s.baseBranch}${where}`
    : `${s.event} to ${s.branch}${where}`;
}

/** The fields every scenario of an identity shares unless it says otherwise. */
type ScenarioBase = Pick<Scenario, "repository" | "repositoryId" | "ownerId">;
type ScenarioInput = Omit<Scenario, "label" | keyof ScenarioBase> & Partial<ScenarioBase>;

/** What the per-purpose scenario lists are built from. */
interface ScenarioList {
  readonly identity: MachineIdentity;
  /** A numeric id that is neither the owner's nor any repository's. */
  readonly unknownId: number;
  /** A repository of the same owner that no pipeline identity trusts, with its id. */
  readonly otherRepo?: [name: string, id: number];
  add(label: string, s: ScenarioInput): void;
}

/** What every identity's scenarios share: computed once per model (see `scenarioShared`). */
export interface ScenarioShared {
  /** A numeric id that is neither the owner's nor any repository's. */
  readonly unknownId: number;
  /** The first repository (by name) with an id that no pipeline identity trusts. */
  readonly otherRepo?: [name: string, id: number];
}

/** The shared part of every identity's scenarios, linear in repositories and identities. */
export function scenarioShared(model: AccessModel, ids: GithubIds): ScenarioShared {
  let max = ids.ownerId;
  for (const id of Object.values(ids.repositoryIds)) if (id > max) max = id;
  const trusted = new Set(model.identities.map((i) => githubNameKey(i.repository)));
  return {
    unknownId: max + 1,
    otherRepo: Object.entries(ids.repositoryIds)
      .filter(([name]) => !trusted.has(githubNameKey(name)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0],
  };
}

/** The scenarios of one identity, per its purpose, in a fixed order. */
export function scenariosFor(
  identity: MachineIdentity,
  model: AccessModel,
  ids: GithubIds,
  shared: ScenarioShared = scenarioShared(model, ids),
): Scenario[] {
  const repositoryId = byRepository(ids.repositoryIds, identity.repository);
  if (repositoryId === undefined)
    throw new Error(`no numeric GitHub id for repository ${identity.repository}`);
  const base: ScenarioBase = {
    repository: identity.repository,
    repositoryId,
    ownerId: ids.ownerId,
  };
  const out: Scenario[] = [];
  const list: ScenarioList = {
    identity,
    unknownId: shared.unknownId,
    otherRepo: shared.otherRepo,
    add: (label, s) => out.push({ ...base, ...s, label }),
  };
  if (identity.purpose === "audit" || identity.purpose === "drift") scheduledScenarios(list);
  else if (identity.purpose === "deploy") deployScenarios(list);
  else previewScenarios(list);
  return out;
}

/** The same context from another repository id, another repository and another owner id. */
function elsewhere(list: ScenarioList, context: ScenarioInput): void {
  const { add, otherRepo, unknownId } = list;
  add("from another repository id (same name)", { ...context, repositoryId: unknownId });
  if (otherRepo)
    add(`from repository ${otherRepo[0]}`, {
      ...context,
      repository: otherRepo[0],
      repositoryId: otherRepo[1],
    });
  add("with another owner id", { ...context, ownerId: unknownId });
}

/**
 * Scheduled identities (the audit, a drift check) run on their schedule on the default branch in
 * their environment; the audit may also be dispatched by hand there, a drift check may not. The
 * near misses: another branch, no environment, a push, a pull request, another repository or owner,
 * another workflow file.
 */
function scheduledScenarios(list: ScenarioList): void {
  const { identity, add } = list;
  const env = identity.githubEnvironment;
  const nightly = { event: "schedule", branch: identity.branch, environment: env };
  const dispatchable = identity.events.includes("workflow_dispatch");
  add("intended", nightly);
  add(dispatchable ? "intended" : "from workflow_dispatch", {
    ...nightly,
    event: "workflow_dispatch",
  });
  add("on another branch", {
    ...nightly,
    event: dispatchable ? "workflow_dispatch" : "schedule",
    branch: otherBranch(identity.branch),
  });
  add("without the environment", { ...nightly, environment: undefined });
  add("from a push", { ...nightly, event: "push" });
  add("from a pull_request", {
    event: "pull_request",
    baseBranch: identity.branch,
    environment: env,
  });
  elsewhere(list, nightly);
  add("from another workflow file on the branch", {
    ...nightly,
    workflowPath: ".github/workflows/ci.yml",
  });
}

/** A deploy runs on a push to its branch in its environment. */
function deployScenarios(list: ScenarioList): void {
  const { identity, add } = list;
  const env = identity.githubEnvironment;
  const main = { event: "push", branch: identity.branch, environment: env };
  add("intended", main);
  add("on another branch", { ...main, branch: otherBranch(identity.branch) });
  add("without the environment", { ...main, environment: undefined });
  add("from a pull_request", {
    event: "pull_request",
    baseBranch: identity.branch,
    environment: env,
  });
  add("from a pull_request_target", {
    event: "pull_request_target",
    baseBranch: identity.branch,
    environment: env,
  });
  elsewhere(list, main);
  add("from workflow_dispatch", { ...main, event: "workflow_dispatch" });
  add("from another workflow file on the branch", {
    ...main,
    workflowPath: ".github/workflows/ci.yml",
  });
}

/**
 * A preview runs on a pull request targeting its branch (reviewed: in its GitHub environment,
 * and a pull request that skips the environment, and so the approval, gets nothing).
 */
function previewScenarios(list: ScenarioList): void {
  const { identity, add } = list;
  const pr = {
    event: "pull_request",
    baseBranch: identity.branch,
    environment: identity.githubEnvironment,
  };
  add("intended", pr);
  if (identity.githubEnvironment !== undefined)
    add("without the environment (no approval)", { ...pr, environment: undefined });
  add("targeting another branch", { ...pr, baseBranch: otherBranch(identity.branch) });
  add("from a push", { event: "push", branch: identity.branch });
  add("from a pull_request_target", { ...pr, event: "pull_request_target" });
  elsewhere(list, pr);
  add("from workflow_dispatch", { event: "workflow_dispatch", branch: identity.branch });
}
