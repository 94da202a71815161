/**
 * CircleCI as an OIDC client of Pulumi Cloud. A job gets a token with a custom audience from
 * `circleci run oidc get --claims '{"aud":"urn:pulumi:org:<org>"}'` (only `aud` can be changed).
 * The claims (circleci.com/docs/openid-connect-tokens):
 *
 * - `iss`: `https://oidc.circleci.com/org/<organization id>`;
 * - `sub` (v2): `org/<org id>/project/<project id>/user/<user id>/vcs-origin/<origin>/vcs-ref/<ref>`;
 * - `oidc.circleci.com/project-id` (UUID): pinned;
 * - `oidc.circleci.com/vcs-origin` (`github.com/<owner>/<repo>`): pinned, because a fork's build
 *   runs in the same project but names the fork here (when the project passes secrets to forks);
 * - `oidc.circleci.com/vcs-ref` (`refs/heads/main`): pinned for deploys;
 * - `oidc.circleci.com/context-ids` (an ARRAY of the job's context UUIDs): pinned to the
 *   restricted context whose security group (the approvers) must approve or start the job: the
 *   approval gate. Pulumi's docs do not say how a rule compares a list claim: the matcher counts
 *   such a rule as unsettled (the job may obtain its token; nothing is counted on it), and the
 *   rule can match nothing that lacks the context under any reading;
 * - `oidc.circleci.com/ssh-rerun` (boolean): pinned "false" (unsettled like the list); an SSH
 *   rerun hands a shell to whoever reran the job, and a deny refuses every token to such a job.
 *
 * Rule keys are quoted claim paths (`CIRCLECI_RULE_KEYS`): the claim names contain dots.
 */
import type { CiBinding, MachineIdentity } from "../../access/types";
import type { CiScenario, CiUnit } from "../unitTypes";
import { claimKey } from "../matcher";
import { audienceFor, OidcPolicy } from "../policies";

type CircleBinding = Extract<CiBinding, { system: "circleci" }>;

export const CIRCLECI_CLAIMS = {
  projectId: "oidc.circleci.com/project-id",
  vcsOrigin: "oidc.circleci.com/vcs-origin",
  vcsRef: "oidc.circleci.com/vcs-ref",
  contextIds: "oidc.circleci.com/context-ids",
  sshRerun: "oidc.circleci.com/ssh-rerun",
} as const;

/**
 * The rule keys of those claims. Pulumi reads a rule key as a claim path and CircleCI's claim
 * names contain dots, so each is quoted (`"oidc.circleci.com/project-id"`): unquoted, Pulumi would
 * look for `oidc` → `circleci` → `com/project-id` and the rule would match no token.
 */
export const CIRCLECI_RULE_KEYS = {
  projectId: claimKey(CIRCLECI_CLAIMS.projectId),
  vcsOrigin: claimKey(CIRCLECI_CLAIMS.vcsOrigin),
  vcsRef: claimKey(CIRCLECI_CLAIMS.vcsRef),
  contextIds: claimKey(CIRCLECI_CLAIMS.contextIds),
  sshRerun: claimKey(CIRCLECI_CLAIMS.sshRerun),
} as const;

export interface CircleShape {
  readonly issuer: string;
  readonly audience: string;
  readonly organizationId: string;
  readonly projectId: string;
  readonly vcsOrigin: string;
  readonly vcsRef: string;
  readonly contextIds: readonly string[];
  readonly sshRerun: boolean;
}

function policies(identity: MachineIdentity, b: CircleBinding, organization: string): OidcPolicy[] {
  const aud = audienceFor(organization);
  const who = { tokenType: "team" as const, teamName: identity.team };
  const rules: Record<string, string> = {
    aud,
    [CIRCLECI_RULE_KEYS.projectId]: b.projectId,
    [CIRCLECI_RULE_KEYS.vcsOrigin]: b.vcsOrigin,
    ...(identity.purpose === "deploy"
      ? { [CIRCLECI_RULE_KEYS.vcsRef]: `refs/heads/${identity.branch}` }
      : {}),
    [CIRCLECI_RULE_KEYS.contextIds]: b.contextId,
    [CIRCLECI_RULE_KEYS.sshRerun]: "false",
  };
  const where = `CircleCI project ${b.projectId} (${b.vcsOrigin})`;
  return [
    {
      decision: "allow",
      ...who,
      rules,
      description:
        identity.purpose === "deploy"
          ? `${identity.project}/${identity.tier} deploy: the token of team ${identity.team} for a job on ` +
            `branch ${identity.branch} of ${where} in restricted context ${b.contextId} (its security group approves the job)`
          : `${identity.project}/${identity.tier} preview: the token of team ${identity.team} for a job of ${where} in context ${b.contextId}`,
      fixedParts: { [CIRCLECI_RULE_KEYS.vcsOrigin]: [b.vcsOrigin.split("/")[0]] },
    },
    {
      decision: "deny",
      ...who,
      rules: {
        aud,
        [CIRCLECI_RULE_KEYS.projectId]: b.projectId,
        [CIRCLECI_RULE_KEYS.sshRerun]: "true",
      },
      description: `never the token of team ${identity.team} to an SSH rerun of a job of ${where}`,
    },
  ];
}

export function circleClaims(s: CircleShape): Record<string, unknown> {
  return {
    iss: s.issuer,
    aud: s.audience,
    sub: `org/${s.organizationId}/project/${s.projectId}/user/7f3c8a2e-1111-4222-8333-944455556666/vcs-origin/${s.vcsOrigin}/vcs-ref/${s.vcsRef}`,
    [CIRCLECI_CLAIMS.projectId]: s.projectId,
    [CIRCLECI_CLAIMS.vcsOrigin]: s.vcsOrigin,
    [CIRCLECI_CLAIMS.vcsRef]: s.vcsRef,
    [CIRCLECI_CLAIMS.contextIds]: [...s.contextIds],
    [CIRCLECI_CLAIMS.sshRerun]: s.sshRerun,
  };
}

function scenarios(
  identity: MachineIdentity,
  b: CircleBinding,
  organization: string,
): CiScenario<CircleShape>[] {
  const preview = identity.purpose === "preview";
  const intendedShape: CircleShape = {
    issuer: b.issuer,
    audience: audienceFor(organization),
    organizationId: b.organizationId,
    projectId: b.projectId,
    vcsOrigin: b.vcsOrigin,
    vcsRef: preview ? "refs/heads/feature/change" : `refs/heads/${identity.branch}`,
    contextIds: [b.contextId],
    sshRerun: false,
  };
  const fork = b.vcsOrigin.replace(/\/[^/]+\/([^/]+)$/, "/someone-else/$1");
  const list: [string, Partial<CircleShape>][] = [
    ["intended", {}],
    ...(preview
      ? []
      : ([["another branch", { vcsRef: "refs/heads/feature/other" }]] as [
          string,
          Partial<CircleShape>,
        ][])),
    [
      "a fork's build of its own main",
      { vcsOrigin: fork, vcsRef: `refs/heads/${identity.branch}` },
    ],
    ["without the context", { contextIds: [] }],
    ["in another context", { contextIds: ["00000000-0000-4000-8000-00000000c0de"] }],
    ["an SSH rerun", { sshRerun: true }],
    ["another project", { projectId: "00000000-0000-4000-8000-0000000000aa" }],
    [
      "another CircleCI organization",
      { issuer: "https://oidc.circleci.com/org/00000000-0000-4000-8000-0000000000bb" },
    ],
    ["the default audience (the organization id)", { audience: b.organizationId }],
  ];
  return list.map(([label, change]) => {
    const shape = { ...intendedShape, ...change };
    return {
      label,
      context:
        `job on ${shape.vcsRef} of ${shape.vcsOrigin}` +
        (shape.contextIds.length
          ? ` in context ${shape.contextIds.join(",")}`
          : " without a context") +
        (shape.sshRerun ? " (SSH rerun)" : ""),
      shape,
      claims: circleClaims(shape),
    };
  });
}

function intended(
  identity: MachineIdentity,
  b: CircleBinding,
  s: CircleShape,
  organization: string,
): boolean {
  return (
    s.issuer === b.issuer &&
    s.audience === audienceFor(organization) &&
    s.projectId === b.projectId &&
    s.vcsOrigin === b.vcsOrigin &&
    !s.sshRerun &&
    s.contextIds.includes(b.contextId) &&
    (identity.purpose === "preview" || s.vcsRef === `refs/heads/${identity.branch}`)
  );
}

export const circleci: CiUnit<CircleBinding, CircleShape> = {
  system: "circleci",
  policies,
  scenarios,
  intended,
};
