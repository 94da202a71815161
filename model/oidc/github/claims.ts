/**
 * GitHub Actions id token claims: a realistic claim set for a job of a given event, branch or pull
 * request, environment and workflow, as Pulumi Cloud would receive it.
 */
import { audienceFor } from "../policies";
import { GITHUB_ISSUER_URL, SubjectFormat, subjectFor } from "./issuer";

export interface ClaimOptions {
  /** Pulumi organization: `aud` is `urn:pulumi:org:<organization>` unless `audience` is given. */
  organization: string;
  audience?: string;
  owner: string;
  ownerId: number;
  repository: string;
  repositoryId: number;
  /** `push`, `pull_request`, `workflow_dispatch`, ... */
  event: string;
  /** Branch the run is on (every event but pull_request and pull_request_target). */
  branch?: string;
  /** Tag the run is on instead of a branch. */
  tag?: string;
  /** pull_request / pull_request_target: the PR's base and head branches and number. */
  baseBranch?: string;
  headBranch?: string;
  pullRequest?: number;
  /** The job's `environment:`, if any. */
  environment?: string;
  subjectFormat?: SubjectFormat;
  workflowPath?: string;
  actor?: string;
}

/** Whether a GitHub event is a pull request's (its runs have a base and a head branch). */
export const isPullRequestEvent = (event: string) =>
  event === "pull_request" || event === "pull_request_target";

/** A realistic GitHub Actions id token claim set (the claims policies can test; all strings). */
export function claimsFor(opts: ClaimOptions): Record<string, string> {
  const pr = isPullRequestEvent(opts.event);
  if (pr && !opts.baseBranch) throw new Error(`${opts.event} claims need baseBranch`);
  if (!pr && !opts.branch && !opts.tag) throw new Error(`${opts.event} claims need branch or tag`);
  const number = opts.pullRequest ?? 42;
  const ref =
    opts.event === "pull_request"
      ? `refs/pull/${number}/merge`
      : opts.event === "pull_request_target"
        ? `refs/heads/${opts.baseBranch}`
        : opts.tag
          ? `refs/tags/${opts.tag}`
          : `refs/heads/${opts.branch}`;
  const ownerId = String(opts.ownerId);
  const repositoryId = String(opts.repositoryId);
  const suffix =
    opts.environment !== undefined
      ? `environment:${opts.environment}`
      : opts.event === "pull_request"
        ? "pull_request"
        : `ref:${ref}`;
  const workflowRef = `${opts.owner}/${opts.repository}/${opts.workflowPath ?? ".github/workflows/pulumi.yml"}@${ref}`;
  const claims: Record<string, string> = {
    iss: GITHUB_ISSUER_URL,
    aud: opts.audience ?? audienceFor(opts.organization),
    sub: subjectFor(
      opts.subjectFormat ?? "legacy",
      opts.owner,
      ownerId,
      opts.repository,
      repositoryId,
      suffix,
    ),
    repository: `${opts.owner}/${opts.repository}`,
    repository_owner: opts.owner,
    repository_id: repositoryId,
    repository_owner_id: ownerId,
    repository_visibility: "private",
    actor: opts.actor ?? "octocat",
    event_name: opts.event,
    ref,
    ref_type: ref.startsWith("refs/tags/") ? "tag" : "branch",
    base_ref: pr ? (opts.baseBranch as string) : "",
    head_ref: pr ? (opts.headBranch ?? "feature/change") : "",
    workflow: "pulumi",
    workflow_ref: workflowRef,
    job_workflow_ref: workflowRef,
    runner_environment: "github-hosted",
  };
  if (opts.environment !== undefined) claims.environment = opts.environment;
  return claims;
}
