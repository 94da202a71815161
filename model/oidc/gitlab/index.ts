/**
 * GitLab CI as an OIDC client of Pulumi Cloud. A job's `id_tokens:` entry gets a JWT from the
 * instance (the issuer is the instance URL) with the audience the job names. The claims, from
 * GitLab's `Gitlab::Ci::Jwt`/`JwtV2` and its ID token docs (docs.gitlab.com/ci/secrets/id_token_authentication):
 *
 * - `project_id`, `namespace_id` (numeric, stable): pinned. Trap: in a merge-request pipeline from
 *   a fork these name the FORK, even when the pipeline runs in the parent project (then
 *   `job_project_id` names the parent); pinning them refuses fork pipelines either way.
 * - `ref`: the branch name WITHOUT `refs/heads/`; `ref_type`; `ref_protected` ("true" only when the
 *   branch is protected, and always "false" for merge-request pipelines): the gate for deploys.
 * - `pipeline_source` (push, web, schedule, api, trigger, pipeline, parent_pipeline,
 *   merge_request_event, external_pull_request_event, chat, webide, ...): deploys only on push.
 * - `environment`, `environment_protected` (Premium: protected environments with required
 *   approvals): the approval gate of protected tiers. No claim names a merge request's target
 *   branch, so previews cannot be pinned to one.
 */
import type { CiBinding, MachineIdentity } from "../../access/types";
import type { CiScenario, CiUnit } from "../unitTypes";
import { audienceFor, OidcPolicy } from "../policies";

type GitlabBinding = Extract<CiBinding, { system: "gitlab" }>;

/** The structural context of a GitLab job (what the oracle compares). */
export interface GitlabShape {
  readonly issuer: string;
  readonly audience: string;
  readonly projectId: number;
  readonly namespaceId: number;
  /** The project running the job (the parent in a fork's merge-request pipeline). */
  readonly jobProjectId: number;
  readonly source: string;
  readonly ref: string;
  readonly refProtected: boolean;
  readonly environment?: string;
  readonly environmentProtected?: boolean;
}

/** Pipeline sources a deploy token is never issued for (web too, unless manual runs are on). */
export const GITLAB_UNTRUSTED_SOURCES = [
  "merge_request_event",
  "external_pull_request_event",
  "pipeline",
  "parent_pipeline",
  "trigger",
  "api",
  "chat",
  "webide",
  "schedule",
] as const;

/** The GitLab pipeline source of an identity event. */
const SOURCE_OF: Readonly<Record<string, string>> = {
  push: "push",
  manual: "web",
  merge_request: "merge_request_event",
};

function policies(identity: MachineIdentity, b: GitlabBinding, organization: string): OidcPolicy[] {
  const aud = audienceFor(organization);
  const who = { tokenType: "team" as const, teamName: identity.team };
  const base = { aud, project_id: String(b.projectId), namespace_id: String(b.namespaceId) };
  const where = `GitLab project ${b.projectId} (namespace ${b.namespaceId}) on ${b.issuer}`;
  const allows: OidcPolicy[] = identity.events.map((event) => {
    const source = SOURCE_OF[event];
    if (!source) throw new Error(`no GitLab pipeline source for event ${event}`);
    if (identity.purpose === "preview")
      return {
        decision: "allow",
        ...who,
        rules: { ...base, pipeline_source: source },
        description: `${identity.project}/${identity.tier} preview: the token of team ${identity.team} for a ${source} pipeline of ${where}`,
      };
    if (!b.environment)
      throw new Error(`GitLab deploy identity ${identity.team} has no environment`);
    return {
      decision: "allow",
      ...who,
      rules: {
        ...base,
        pipeline_source: source,
        ref: identity.branch,
        ref_type: "branch",
        ref_protected: "true",
        environment: b.environment,
        ...(b.environmentProtected ? { environment_protected: "true" } : {}),
      },
      description:
        `${identity.project}/${identity.tier} deploy: the token of team ${identity.team} for a ${source} ` +
        `pipeline on protected branch ${identity.branch} of ${where} in environment ${b.environment}` +
        (b.environmentProtected ? " (protected: its approvals gate the job)" : ""),
    };
  });
  const sources = GITLAB_UNTRUSTED_SOURCES.filter(
    (s) => !identity.events.some((e) => SOURCE_OF[e] === s),
  ) as string[];
  if (identity.purpose === "deploy" && !identity.events.includes("manual")) sources.push("web");
  const denies: OidcPolicy[] = sources.map((source) => ({
    decision: "deny",
    ...who,
    rules: { aud, project_id: String(b.projectId), pipeline_source: source },
    description: `never the token of team ${identity.team} from a ${source} pipeline of ${where}`,
  }));
  if (identity.purpose === "deploy")
    denies.push({
      decision: "deny",
      ...who,
      rules: { aud, project_id: String(b.projectId), ref_protected: "false" },
      description: `never the token of team ${identity.team} from an unprotected ref of ${where}`,
    });
  return [...allows, ...denies];
}

/** A realistic GitLab ID token for a job of the given shape (the claims policies can test). */
export function gitlabClaims(s: GitlabShape): Record<string, unknown> {
  const path = `group-${s.namespaceId}/project-${s.projectId}`;
  const claims: Record<string, unknown> = {
    iss: s.issuer,
    aud: s.audience,
    sub: `project_path:${path}:ref_type:branch:ref:${s.ref}`,
    namespace_id: String(s.namespaceId),
    namespace_path: `group-${s.namespaceId}`,
    project_id: String(s.projectId),
    project_path: path,
    job_project_id: String(s.jobProjectId),
    user_id: "1001",
    user_login: "developer",
    user_email: "developer@example.com",
    user_access_level: "developer",
    pipeline_id: "90001",
    pipeline_source: s.source,
    job_id: "80001",
    ref: s.ref,
    ref_type: "branch",
    ref_path:
      s.source === "merge_request_event" ? "refs/merge-requests/7/head" : `refs/heads/${s.ref}`,
    ref_protected: String(s.refProtected),
    runner_id: 12, // an integer in GitLab's token (docs: "runner_id ... integer")
    runner_environment: "gitlab-hosted",
    sha: "0123456789abcdef0123456789abcdef01234567",
    project_visibility: "private",
    ci_config_ref_uri: `${s.issuer.replace(/^https:\/\//, "")}/${path}//.gitlab-ci.yml@refs/heads/${s.ref}`,
    ci_config_sha: "0123456789abcdef0123456789abcdef01234567",
  };
  if (s.environment !== undefined) {
    claims.environment = s.environment;
    claims.environment_protected = String(s.environmentProtected ?? false);
    claims.deployment_tier = "production";
    claims.environment_action = "start";
  }
  return claims;
}

function scenarios(
  identity: MachineIdentity,
  b: GitlabBinding,
  organization: string,
): CiScenario<GitlabShape>[] {
  const intendedShape: GitlabShape = {
    issuer: b.issuer,
    audience: audienceFor(organization),
    projectId: b.projectId,
    namespaceId: b.namespaceId,
    jobProjectId: b.projectId,
    source: identity.purpose === "preview" ? "merge_request_event" : "push",
    ref: identity.purpose === "preview" ? "feature/change" : identity.branch,
    refProtected: identity.purpose !== "preview",
    ...(identity.purpose === "deploy"
      ? { environment: b.environment, environmentProtected: b.environmentProtected ?? false }
      : {}),
  };
  const other = b.projectId + 1;
  const fork: Partial<GitlabShape> = {
    source: "merge_request_event",
    projectId: other + 7,
    namespaceId: b.namespaceId + 7,
    refProtected: false,
  };
  // The same attacks for both purposes where they apply; each list holds only real attacks.
  const elsewhere: [string, Partial<GitlabShape>][] = [
    ["a merge request from a fork, run in the parent project", fork],
    ["another project of the namespace", { projectId: other, jobProjectId: other }],
    ["a project moved to another namespace", { namespaceId: b.namespaceId + 1 }],
    ["a trigger-token pipeline", { source: "trigger" }],
    ["a scheduled pipeline", { source: "schedule" }],
    ["another GitLab instance", { issuer: "https://gitlab.attacker.example" }],
    ["another audience", { audience: "urn:pulumi:org:someone-else" }],
  ];
  const list: [string, Partial<GitlabShape>][] =
    identity.purpose === "preview"
      ? [
          ["intended", {}],
          ["a push pipeline", { source: "push", ref: identity.branch, refProtected: true }],
          ["a manual (web) pipeline", { source: "web" }],
          ...elsewhere,
        ]
      : [
          ["intended", {}],
          ["another protected branch", { ref: `${identity.branch}-hotfix` }],
          ["an unprotected ref of the same name", { refProtected: false }],
          [
            "a merge-request pipeline (the merge request's code)",
            { source: "merge_request_event", ref: "feature/change", refProtected: false },
          ],
          ...(identity.events.includes("manual")
            ? []
            : ([["a manual (web) pipeline", { source: "web" }]] as [
                string,
                Partial<GitlabShape>,
              ][])),
          [
            "a job without the environment",
            { environment: undefined, environmentProtected: undefined },
          ],
          ["another environment", { environment: `${b.environment ?? identity.tier}-other` }],
          ...(b.environmentProtected
            ? ([
                ["an unprotected environment of the same name", { environmentProtected: false }],
              ] as [string, Partial<GitlabShape>][])
            : []),
          ...elsewhere,
        ];
  return list.map(([label, change]) => {
    const shape = { ...intendedShape, ...change };
    return {
      label,
      context: describe(shape),
      shape,
      claims: gitlabClaims(shape),
    };
  });
}

function describe(s: GitlabShape): string {
  const env =
    s.environment !== undefined
      ? ` in environment ${s.environment}${s.environmentProtected ? " (protected)" : ""}`
      : "";
  return `${s.source} pipeline on ${s.ref}${s.refProtected ? " (protected)" : ""}${env} of project ${s.projectId}`;
}

function intended(
  identity: MachineIdentity,
  b: GitlabBinding,
  s: GitlabShape,
  organization: string,
): boolean {
  if (s.audience !== audienceFor(organization)) return false;
  if (s.issuer !== b.issuer || s.projectId !== b.projectId || s.namespaceId !== b.namespaceId)
    return false;
  if (!identity.events.some((e) => SOURCE_OF[e] === s.source)) return false;
  if (identity.purpose === "preview") return true;
  return (
    s.ref === identity.branch &&
    s.refProtected &&
    s.environment === b.environment &&
    (!b.environmentProtected || s.environmentProtected === true)
  );
}

export const gitlab: CiUnit<GitlabBinding, GitlabShape> = {
  system: "gitlab",
  policies,
  scenarios,
  intended,
};
