/**
 * The OIDC part of each non-GitHub CI unit (model/oidc/<ci>/), at unit level, against
 * expectations written here by hand (issue 33): for each CI, an identity bound to the values of
 * that CI's documented example token (test/fixtures/oidc-claims/*.json, each with its source; see
 * docs/assumptions.md "CI tokens"),
 *
 * - the exact policies (every rule, description and fixed part, allows then denies);
 * - the documented token (with the identity's values laid over it) obtains exactly the token, and
 *   each pin of the allow policy, dropped alone, admits a token that differs only in that claim;
 * - the oracle (`intended`): true for the intended context, false when any one field differs;
 * - the scenarios: their labels in order, and each grants exactly what the oracle says.
 *
 * Nothing is built while mocha loads the spec (test/support/stryker.ts): fixtures are read and
 * identities made inside the tests.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CiBinding, MachineIdentity } from "../../model/access";
import { tokenLabel, tokensFor, OidcPolicy, TokenRequest } from "../../model/oidc";
import { gitlab, gitlabClaims, GitlabShape } from "../../model/oidc/gitlab";
import { circleci, circleClaims, CircleShape } from "../../model/oidc/circleci";
import { jenkins, jenkinsClaims, jenkinsJobUrl, JenkinsShape } from "../../model/oidc/jenkins";
import {
  AZURE_DEVOPS_AUDIENCE,
  azureClaims,
  azureDevops,
  AzureShape,
  azureSubject,
} from "../../model/oidc/azure-devops";
import type { CiUnit } from "../../model/oidc/unitTypes";
import { IssuerPolicies, tokensAcross } from "../../model/oidc/issuers";

const AUD = "urn:pulumi:org:acme";

/** The documented example token of a CI (test/fixtures/oidc-claims/<ci>.json). */
function documented(ci: string): Record<string, unknown> {
  const file = path.join(__dirname, "..", "fixtures", "oidc-claims", `${ci}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { claims: Record<string, unknown> }).claims;
}

function identity(
  binding: CiBinding,
  over: Partial<MachineIdentity> = {},
): MachineIdentity & { binding: CiBinding } {
  return {
    team: "billing-prod-deploy",
    ci: binding.system,
    binding,
    tokenType: "team",
    purpose: "deploy",
    project: "billing",
    tier: "prod",
    repository: "billing-infra",
    branch: "main",
    events: ["push"],
    may: [],
    ...over,
  } as MachineIdentity & { binding: CiBinding };
}

const CANDIDATES = (team: string): TokenRequest[] => [
  { tokenType: "team", team },
  { tokenType: "team", team: "someone-else" },
  { tokenType: "organization", permission: "admin" },
];
const granted = (policies: readonly OidcPolicy[], claims: Record<string, unknown>, team: string) =>
  tokensFor(policies, claims, CANDIDATES(team)).map(tokenLabel);

/** The claim a rule key reads: quoted keys (CircleCI's dotted names) name one top-level claim. */
const claimOf = (key: string) => (key.startsWith('"') ? (JSON.parse(key) as string) : key);

/**
 * Each pin of `allow`, dropped alone, admits `claims` with that one claim set to its foreign
 * value; with the pin, that claim set obtains nothing. `foreign` names every pin.
 */
function assertEachPinMatters(
  allow: OidcPolicy,
  claims: Record<string, unknown>,
  foreign: Readonly<Record<string, unknown>>,
): void {
  const team = allow.teamName as string;
  assert.deepEqual(Object.keys(foreign).sort(), Object.keys(allow.rules).sort(), "every pin");
  assert.deepEqual(granted([allow], claims, team), [`team:${team}`], "the documented token");
  for (const [key, value] of Object.entries(foreign)) {
    const hostile = { ...claims, [claimOf(key)]: value };
    assert.deepEqual(granted([allow], hostile, team), [], `${key}: refused with the pin`);
    const rest = { ...allow.rules };
    delete rest[key];
    assert.deepEqual(
      granted([{ ...allow, rules: rest }], hostile, team),
      [`team:${team}`],
      `${key}: admitted without the pin`,
    );
  }
}

/** The oracle is true for `shape` and false when any one field takes its value in `other`. */
function assertOracleDirections<B extends CiBinding, C extends object>(
  unit: CiUnit<B, C>,
  who: MachineIdentity,
  b: B,
  shape: C,
  other: Partial<Record<keyof C, unknown>>,
): void {
  assert.equal(unit.intended(who, b, shape, "acme"), true, "intended");
  for (const [k, v] of Object.entries(other))
    assert.equal(unit.intended(who, b, { ...shape, [k]: v } as C, "acme"), false, `${k} differs`);
  assert.equal(unit.intended(who, b, shape, "someone-else"), false, "another organization");
}

/** Every scenario's claims obtain the identity's token exactly when the oracle says so. */
function assertScenariosAgree<B extends CiBinding, C>(
  unit: CiUnit<B, C>,
  who: MachineIdentity,
  b: B,
): string[] {
  // The issuer the binding names, with the identity's policies: a token goes to the issuer its
  // `iss` names, or nowhere.
  const issuer: IssuerPolicies = {
    ci: b.system,
    url: b.issuer,
    name: b.system,
    policies: unit.policies(who, b, "acme"),
  };
  const scenarios = unit.scenarios(who, b, "acme");
  for (const s of scenarios)
    assert.deepEqual(
      tokensAcross([issuer], s.claims, CANDIDATES(who.team)).map(tokenLabel),
      unit.intended(who, b, s.shape, "acme") ? [`team:${who.team}`] : [],
      `${s.label}: ${s.context}`,
    );
  assert.equal(scenarios[0].label, "intended");
  assert.equal(scenarios.filter((s) => s.label === "intended").length, 1);
  return scenarios.map((s) => s.label);
}

// ---------------------------------------------------------------------------------------------
// GitLab: docs.gitlab.com/ci/secrets/id_token_authentication (the token payload example)
// ---------------------------------------------------------------------------------------------

type GitlabBinding = Extract<CiBinding, { system: "gitlab" }>;
// The documented token: iss https://gitlab.example.com, project_id "20", namespace_id "72",
// environment "test-environment2".
const GITLAB: GitlabBinding = {
  system: "gitlab",
  issuer: "https://gitlab.example.com",
  projectId: 20,
  namespaceId: 72,
  environment: "test-environment2",
  environmentProtected: true,
};
const GITLAB_WHERE = "GitLab project 20 (namespace 72) on https://gitlab.example.com";
// Deploys on the documented token's branch, feature-branch-1.
const gitlabDeploy = (over: Partial<MachineIdentity> = {}, b: GitlabBinding = GITLAB) =>
  identity(b, { branch: "feature-branch-1", ...over });

const gitlabDeny = (team: string, source: string): OidcPolicy => ({
  decision: "deny",
  tokenType: "team",
  teamName: team,
  rules: { aud: AUD, project_id: "20", pipeline_source: source },
  description: `never the token of team ${team} from a ${source} pipeline of ${GITLAB_WHERE}`,
});

describe("oidc units: GitLab policies, pins and oracle (issue 33)", () => {
  it("a deploy: one allow pinning every claim, a deny per untrusted source, web and unprotected refs", () => {
    const team = "billing-prod-deploy";
    assert.deepEqual(gitlab.policies(gitlabDeploy(), GITLAB, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: team,
        rules: {
          aud: AUD,
          project_id: "20",
          namespace_id: "72",
          pipeline_source: "push",
          ref: "feature-branch-1",
          ref_type: "branch",
          ref_protected: "true",
          environment: "test-environment2",
          environment_protected: "true",
        },
        description:
          `billing/prod deploy: the token of team ${team} for a push pipeline on protected branch ` +
          `feature-branch-1 of ${GITLAB_WHERE} in environment test-environment2 (protected: its approvals gate the job)`,
      },
      ...[
        "merge_request_event",
        "external_pull_request_event",
        "pipeline",
        "parent_pipeline",
        "trigger",
        "api",
        "chat",
        "webide",
        "schedule",
        "web",
      ].map((s) => gitlabDeny(team, s)),
      {
        decision: "deny",
        tokenType: "team",
        teamName: team,
        rules: { aud: AUD, project_id: "20", ref_protected: "false" },
        description: `never the token of team ${team} from an unprotected ref of ${GITLAB_WHERE}`,
      },
    ]);
  });

  it("a deploy with manual runs: an allow for web pipelines too, and no deny for web", () => {
    const p = gitlab.policies(gitlabDeploy({ events: ["push", "manual"] }), GITLAB, "acme");
    assert.deepEqual(
      p.filter((x) => x.decision === "allow").map((x) => x.rules.pipeline_source),
      ["push", "web"],
    );
    assert.deepEqual(
      p.filter((x) => x.decision === "deny").map((x) => x.rules.pipeline_source ?? "ref"),
      [
        "merge_request_event",
        "external_pull_request_event",
        "pipeline",
        "parent_pipeline",
        "trigger",
        "api",
        "chat",
        "webide",
        "schedule",
        "ref",
      ],
    );
  });

  it("an unprotected environment: no environment_protected pin, no approval text", () => {
    const b = { ...GITLAB, environmentProtected: false };
    const [allow] = gitlab.policies(gitlabDeploy({}, b), b, "acme");
    assert.equal("environment_protected" in allow.rules, false);
    assert.equal(allow.rules.environment, "test-environment2");
    assert.ok(allow.description.endsWith(" in environment test-environment2"), allow.description);
  });

  it("a preview: merge-request pipelines of the project only; denies for every other untrusted source, none for web or refs", () => {
    const team = "billing-dev-preview";
    const who = identity(GITLAB, {
      team,
      purpose: "preview",
      tier: "dev",
      events: ["merge_request"],
    });
    assert.deepEqual(gitlab.policies(who, GITLAB, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: team,
        rules: {
          aud: AUD,
          project_id: "20",
          namespace_id: "72",
          pipeline_source: "merge_request_event",
        },
        description: `billing/dev preview: the token of team ${team} for a merge_request_event pipeline of ${GITLAB_WHERE}`,
      },
      ...[
        "external_pull_request_event",
        "pipeline",
        "parent_pipeline",
        "trigger",
        "api",
        "chat",
        "webide",
        "schedule",
      ].map((s) => gitlabDeny(team, s)),
    ]);
  });

  it("refuses an event without a pipeline source and a deploy without an environment", () => {
    assert.throws(
      () => gitlab.policies(gitlabDeploy({ events: ["tag"] }), GITLAB, "acme"),
      /^Error: no GitLab pipeline source for event tag$/,
    );
    const b = { ...GITLAB, environment: undefined };
    assert.throws(
      () => gitlab.policies(gitlabDeploy({}, b), b, "acme"),
      /^Error: GitLab deploy identity billing-prod-deploy has no environment$/,
    );
  });

  it("each pin of the deploy policy, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = gitlab.policies(gitlabDeploy(), GITLAB, "acme");
    const claims = {
      ...documented("gitlab"),
      aud: AUD,
      ref_protected: "true",
      environment_protected: "true",
    };
    assertEachPinMatters(allow, claims, {
      aud: "https://vault.example.com",
      project_id: "21",
      namespace_id: "73",
      pipeline_source: "schedule",
      ref: "main",
      ref_type: "tag",
      ref_protected: "false",
      environment: "test-environment",
      environment_protected: "false",
    });
  });

  it("the oracle: the intended deploy context only; any field off, or an unprotected environment, is not", () => {
    const who = gitlabDeploy();
    const shape: GitlabShape = {
      issuer: "https://gitlab.example.com",
      audience: AUD,
      projectId: 20,
      namespaceId: 72,
      jobProjectId: 20,
      source: "push",
      ref: "feature-branch-1",
      refProtected: true,
      environment: "test-environment2",
      environmentProtected: true,
    };
    assertOracleDirections(gitlab, who, GITLAB, shape, {
      issuer: "https://gitlab.com",
      audience: "https://vault.example.com",
      projectId: 21,
      namespaceId: 73,
      source: "web",
      ref: "main",
      refProtected: false,
      environment: "test-environment",
      environmentProtected: false,
    });
    // An unprotected environment is fine where the binding does not ask for a protected one.
    const open = { ...GITLAB, environmentProtected: false };
    assert.equal(
      gitlab.intended(who, open, { ...shape, environmentProtected: false }, "acme"),
      true,
    );
    // A preview: any ref, any protection, no environment; only the project and the source count.
    const preview = identity(GITLAB, { purpose: "preview", events: ["merge_request"] });
    const mr = { ...shape, source: "merge_request_event", ref: "x", refProtected: false };
    assert.equal(gitlab.intended(preview, GITLAB, { ...mr, environment: undefined }, "acme"), true);
    assert.equal(gitlab.intended(preview, GITLAB, { ...mr, source: "push" }, "acme"), false);
    assert.equal(gitlab.intended(preview, GITLAB, { ...mr, projectId: 21 }, "acme"), false);
  });

  it("the deploy's scenarios, in order, each granted exactly as the oracle says", () => {
    assert.deepEqual(assertScenariosAgree(gitlab, gitlabDeploy(), GITLAB), [
      "intended",
      "another protected branch",
      "an unprotected ref of the same name",
      "a merge-request pipeline (the merge request's code)",
      "a manual (web) pipeline",
      "a job without the environment",
      "another environment",
      "an unprotected environment of the same name",
      "a merge request from a fork, run in the parent project",
      "another project of the namespace",
      "a project moved to another namespace",
      "a trigger-token pipeline",
      "a scheduled pipeline",
      "another GitLab instance",
      "another audience",
    ]);
    const s = gitlab.scenarios(gitlabDeploy(), GITLAB, "acme");
    assert.deepEqual(
      [s[0].context, s[2].context, s[3].context, s[5].context],
      [
        "push pipeline on feature-branch-1 (protected) in environment test-environment2 (protected) of project 20",
        "push pipeline on feature-branch-1 in environment test-environment2 (protected) of project 20",
        "merge_request_event pipeline on feature/change in environment test-environment2 (protected) of project 20",
        "push pipeline on feature-branch-1 (protected) of project 20",
      ],
    );
    assert.deepEqual(s[6].shape.environment, "test-environment2-other");
    assert.deepEqual(
      [
        s[8].shape.projectId,
        s[8].shape.namespaceId,
        s[8].shape.jobProjectId,
        s[9].shape.projectId,
        s[9].shape.jobProjectId,
        s[10].shape.namespaceId,
      ],
      [28, 79, 20, 21, 21, 73],
    );
    const open = { ...GITLAB, environmentProtected: false };
    const labels = assertScenariosAgree(
      gitlab,
      gitlabDeploy({ events: ["push", "manual"] }, open),
      open,
    );
    assert.ok(!labels.includes("a manual (web) pipeline"));
    assert.ok(!labels.includes("an unprotected environment of the same name"));
    assert.equal(labels.length, 13);
  });

  it("the preview's scenarios, in order, each granted exactly as the oracle says", () => {
    const preview = identity(GITLAB, {
      team: "billing-dev-preview",
      purpose: "preview",
      events: ["merge_request"],
    });
    assert.deepEqual(assertScenariosAgree(gitlab, preview, GITLAB), [
      "intended",
      "a push pipeline",
      "a manual (web) pipeline",
      "a merge request from a fork, run in the parent project",
      "another project of the namespace",
      "a project moved to another namespace",
      "a trigger-token pipeline",
      "a scheduled pipeline",
      "another GitLab instance",
      "another audience",
    ]);
  });

  it("the scenarios' shapes, exactly: what each attack changes, for a binding that does not ask for a protected environment", () => {
    const b: GitlabBinding = { ...GITLAB, environmentProtected: undefined };
    const base = {
      issuer: "https://gitlab.example.com",
      audience: AUD,
      projectId: 20,
      namespaceId: 72,
      jobProjectId: 20,
    };
    const deployBase = {
      ...base,
      source: "push",
      ref: "feature-branch-1",
      refProtected: true,
      environment: "test-environment2",
      environmentProtected: false,
    };
    const s = gitlab.scenarios(gitlabDeploy({}, b), b, "acme");
    assert.deepEqual(
      s.map((x) => x.shape),
      [
        deployBase,
        { ...deployBase, ref: "feature-branch-1-hotfix" },
        { ...deployBase, refProtected: false },
        {
          ...deployBase,
          source: "merge_request_event",
          ref: "feature/change",
          refProtected: false,
        },
        { ...deployBase, source: "web" },
        { ...deployBase, environment: undefined, environmentProtected: undefined },
        { ...deployBase, environment: "test-environment2-other" },
        {
          ...deployBase,
          source: "merge_request_event",
          projectId: 28,
          namespaceId: 79,
          refProtected: false,
        },
        { ...deployBase, projectId: 21, jobProjectId: 21 },
        { ...deployBase, namespaceId: 73 },
        { ...deployBase, source: "trigger" },
        { ...deployBase, source: "schedule" },
        { ...deployBase, issuer: "https://gitlab.attacker.example" },
        { ...deployBase, audience: "urn:pulumi:org:someone-else" },
      ],
    );
    assert.equal(
      s[0].context,
      "push pipeline on feature-branch-1 (protected) in environment test-environment2 of project 20",
    );
    const previewBase = {
      ...base,
      source: "merge_request_event",
      ref: "feature/change",
      refProtected: false,
    };
    const preview = identity(b, { purpose: "preview", events: ["merge_request"] });
    assert.deepEqual(
      gitlab.scenarios(preview, b, "acme").map((x) => x.shape),
      [
        previewBase,
        { ...previewBase, source: "push", ref: "main", refProtected: true },
        { ...previewBase, source: "web" },
        { ...previewBase, projectId: 28, namespaceId: 79 },
        { ...previewBase, projectId: 21, jobProjectId: 21 },
        { ...previewBase, namespaceId: 73 },
        { ...previewBase, source: "trigger" },
        { ...previewBase, source: "schedule" },
        { ...previewBase, issuer: "https://gitlab.attacker.example" },
        { ...previewBase, audience: "urn:pulumi:org:someone-else" },
      ],
    );
  });

  it("the claims of the intended deploy job, every one (on the documented token's names)", () =>
    assert.deepEqual(gitlabClaims(gitlab.scenarios(gitlabDeploy(), GITLAB, "acme")[0].shape), {
      iss: "https://gitlab.example.com",
      aud: AUD,
      sub: "project_path:group-72/project-20:ref_type:branch:ref:feature-branch-1",
      namespace_id: "72",
      namespace_path: "group-72",
      project_id: "20",
      project_path: "group-72/project-20",
      job_project_id: "20",
      user_id: "1001",
      user_login: "developer",
      user_email: "developer@example.com",
      user_access_level: "developer",
      pipeline_id: "90001",
      pipeline_source: "push",
      job_id: "80001",
      ref: "feature-branch-1",
      ref_type: "branch",
      ref_path: "refs/heads/feature-branch-1",
      ref_protected: "true",
      runner_id: 12,
      runner_environment: "gitlab-hosted",
      sha: "0123456789abcdef0123456789abcdef01234567",
      project_visibility: "private",
      ci_config_ref_uri:
        "gitlab.example.com/group-72/project-20//.gitlab-ci.yml@refs/heads/feature-branch-1",
      ci_config_sha: "0123456789abcdef0123456789abcdef01234567",
      environment: "test-environment2",
      environment_protected: "true",
      deployment_tier: "production",
      environment_action: "start",
    }));

  it("the claims of a job: the documented token's names and JSON types, its values from the shape", () => {
    const shape: GitlabShape = {
      issuer: "https://gitlab.example.com",
      audience: AUD,
      projectId: 20,
      namespaceId: 72,
      jobProjectId: 20,
      source: "push",
      ref: "main",
      refProtected: true,
      environment: "test-environment2",
      environmentProtected: true,
    };
    const claims = gitlabClaims(shape);
    const doc = documented("gitlab");
    const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
    for (const [k, v] of Object.entries(claims))
      if (k !== "job_project_id") assert.equal(kind(v), kind(doc[k]), k);
    assert.deepEqual(
      [claims.iss, claims.aud, claims.project_id, claims.namespace_id, claims.job_project_id],
      ["https://gitlab.example.com", AUD, "20", "72", "20"],
    );
    assert.equal(claims.sub, "project_path:group-72/project-20:ref_type:branch:ref:main");
    assert.deepEqual(
      [claims.pipeline_source, claims.ref, claims.ref_path, claims.ref_protected],
      ["push", "main", "refs/heads/main", "true"],
    );
    assert.equal(
      claims.ci_config_ref_uri,
      "gitlab.example.com/group-72/project-20//.gitlab-ci.yml@refs/heads/main",
    );
    assert.deepEqual(
      [claims.environment, claims.environment_protected],
      ["test-environment2", "true"],
    );
    const mr = gitlabClaims({ ...shape, source: "merge_request_event", environment: undefined });
    assert.equal(mr.ref_path, "refs/merge-requests/7/head");
    assert.equal("environment" in mr || "environment_protected" in mr, false);
    const unprotected = gitlabClaims({ ...shape, environmentProtected: undefined });
    assert.equal(unprotected.environment_protected, "false");
  });
});

// ---------------------------------------------------------------------------------------------
// CircleCI: circleci.com/docs/openid-connect-tokens (the claims table and example)
// ---------------------------------------------------------------------------------------------

type CircleBinding = Extract<CiBinding, { system: "circleci" }>;
const CIRCLE_ORG = "01234567-89ab-4cde-8f01-23456789abcd";
const CIRCLE_PROJECT = "fedcba98-7654-4321-8fed-cba987654321";
const CIRCLE_CONTEXT = "a74579f1-2e7d-451e-b009-5c082ad2729e";
const CIRCLE: CircleBinding = {
  system: "circleci",
  issuer: `https://oidc.circleci.com/org/${CIRCLE_ORG}`,
  organizationId: CIRCLE_ORG,
  projectId: CIRCLE_PROJECT,
  vcsOrigin: "github.com/circleci/example",
  contextId: CIRCLE_CONTEXT,
  contextName: "prod-deploy",
};
const K = {
  projectId: '"oidc.circleci.com/project-id"',
  vcsOrigin: '"oidc.circleci.com/vcs-origin"',
  vcsRef: '"oidc.circleci.com/vcs-ref"',
  contextIds: '"oidc.circleci.com/context-ids"',
  sshRerun: '"oidc.circleci.com/ssh-rerun"',
};
const CIRCLE_WHERE = `CircleCI project ${CIRCLE_PROJECT} (github.com/circleci/example)`;

describe("oidc units: CircleCI policies, pins and oracle (issue 33)", () => {
  it("a deploy: project, origin, branch, restricted context and no SSH rerun; a deny for SSH reruns", () => {
    const team = "billing-prod-deploy";
    assert.deepEqual(circleci.policies(identity(CIRCLE), CIRCLE, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: team,
        rules: {
          aud: AUD,
          [K.projectId]: CIRCLE_PROJECT,
          [K.vcsOrigin]: "github.com/circleci/example",
          [K.vcsRef]: "refs/heads/main",
          [K.contextIds]: CIRCLE_CONTEXT,
          [K.sshRerun]: "false",
        },
        description:
          `billing/prod deploy: the token of team ${team} for a job on branch main of ${CIRCLE_WHERE} ` +
          `in restricted context ${CIRCLE_CONTEXT} (its security group approves the job)`,
        fixedParts: { [K.vcsOrigin]: ["github.com"] },
      },
      {
        decision: "deny",
        tokenType: "team",
        teamName: team,
        rules: { aud: AUD, [K.projectId]: CIRCLE_PROJECT, [K.sshRerun]: "true" },
        description: `never the token of team ${team} to an SSH rerun of a job of ${CIRCLE_WHERE}`,
      },
    ]);
  });

  it("a preview: no branch pin", () => {
    const who = identity(CIRCLE, { team: "billing-dev-preview", purpose: "preview", tier: "dev" });
    const [allow, deny] = circleci.policies(who, CIRCLE, "acme");
    assert.deepEqual(Object.keys(allow.rules), [
      "aud",
      K.projectId,
      K.vcsOrigin,
      K.contextIds,
      K.sshRerun,
    ]);
    assert.equal(
      allow.description,
      `billing/dev preview: the token of team billing-dev-preview for a job of ${CIRCLE_WHERE} in context ${CIRCLE_CONTEXT}`,
    );
    assert.equal(deny.decision, "deny");
  });

  it("each pin of the deploy policy, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = circleci.policies(identity(CIRCLE), CIRCLE, "acme");
    // The documented token carries two contexts; a list claim is unsettled (may match), so the
    // documented job with the restricted context among its contexts may obtain the token.
    const claims = { ...documented("circleci"), aud: AUD };
    assertEachPinMatters(allow, claims, {
      aud: CIRCLE_ORG,
      [K.projectId]: "fedcba98-7654-4321-8fed-cba987654322",
      [K.vcsOrigin]: "github.com/someone-else/example",
      [K.vcsRef]: "refs/heads/feature",
      [K.contextIds]: ["cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      [K.sshRerun]: true,
    });
  });

  it("the oracle: the intended deploy context only; a preview any branch", () => {
    const shape: CircleShape = {
      issuer: CIRCLE.issuer,
      audience: AUD,
      organizationId: CIRCLE_ORG,
      projectId: CIRCLE_PROJECT,
      vcsOrigin: "github.com/circleci/example",
      vcsRef: "refs/heads/main",
      contextIds: [CIRCLE_CONTEXT, "cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      sshRerun: false,
    };
    assertOracleDirections(circleci, identity(CIRCLE), CIRCLE, shape, {
      issuer: "https://oidc.circleci.com/org/11111111-89ab-4cde-8f01-23456789abcd",
      audience: CIRCLE_ORG,
      projectId: "fedcba98-7654-4321-8fed-cba987654322",
      vcsOrigin: "github.com/someone-else/example",
      vcsRef: "refs/heads/feature",
      contextIds: ["cb32986e-2f6f-4f43-b2bd-d3c2fd98e903"],
      sshRerun: true,
    });
    const preview = identity(CIRCLE, { purpose: "preview" });
    assert.equal(
      circleci.intended(preview, CIRCLE, { ...shape, vcsRef: "refs/heads/x" }, "acme"),
      true,
    );
    assert.equal(circleci.intended(preview, CIRCLE, { ...shape, sshRerun: true }, "acme"), false);
  });

  it("the scenarios, in order, each granted exactly as the oracle says; the fork names another owner", () => {
    const labels = [
      "intended",
      "another branch",
      "a fork's build of its own main",
      "without the context",
      "in another context",
      "an SSH rerun",
      "another project",
      "another CircleCI organization",
      "the default audience (the organization id)",
    ];
    assert.deepEqual(assertScenariosAgree(circleci, identity(CIRCLE), CIRCLE), labels);
    const preview = identity(CIRCLE, { purpose: "preview" });
    assert.deepEqual(
      assertScenariosAgree(circleci, preview, CIRCLE),
      labels.filter((l) => l !== "another branch"),
    );
    const s = circleci.scenarios(identity(CIRCLE), CIRCLE, "acme");
    assert.equal(s[2].shape.vcsOrigin, "github.com/someone-else/example");
    assert.deepEqual(
      s.slice(1).map((x) => x.shape),
      [
        { ...s[0].shape, vcsRef: "refs/heads/feature/other" },
        { ...s[0].shape, vcsOrigin: "github.com/someone-else/example", vcsRef: "refs/heads/main" },
        { ...s[0].shape, contextIds: [] },
        { ...s[0].shape, contextIds: ["00000000-0000-4000-8000-00000000c0de"] },
        { ...s[0].shape, sshRerun: true },
        { ...s[0].shape, projectId: "00000000-0000-4000-8000-0000000000aa" },
        {
          ...s[0].shape,
          issuer: "https://oidc.circleci.com/org/00000000-0000-4000-8000-0000000000bb",
        },
        { ...s[0].shape, audience: CIRCLE_ORG },
      ],
    );
    assert.equal(
      circleci.scenarios(preview, CIRCLE, "acme")[1].shape.vcsRef,
      "refs/heads/main",
      "a fork's build of its own main",
    );

    assert.equal(
      s[0].context,
      `job on refs/heads/main of github.com/circleci/example in context ${CIRCLE_CONTEXT}`,
    );
    assert.equal(
      s[3].context,
      "job on refs/heads/main of github.com/circleci/example without a context",
    );
    assert.ok(s[5].context.endsWith(" (SSH rerun)"), s[5].context);
    assert.equal(
      circleci.scenarios(preview, CIRCLE, "acme")[0].shape.vcsRef,
      "refs/heads/feature/change",
    );
  });

  it("the claims of a job: the documented token's names and JSON types, its sub in the documented form", () => {
    const doc = documented("circleci");
    const claims = circleClaims({
      issuer: doc.iss as string,
      audience: AUD,
      organizationId: CIRCLE_ORG,
      projectId: CIRCLE_PROJECT,
      vcsOrigin: "github.com/circleci/example",
      vcsRef: "refs/heads/main",
      contextIds: [CIRCLE_CONTEXT],
      sshRerun: false,
    });
    const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
    assert.deepEqual(
      Object.keys(claims).filter((k) => !(k in doc)),
      [],
    );
    for (const [k, v] of Object.entries(claims)) assert.equal(kind(v), kind(doc[k]), k);
    assert.equal(
      claims.sub,
      `org/${CIRCLE_ORG}/project/${CIRCLE_PROJECT}/user/7f3c8a2e-1111-4222-8333-944455556666/vcs-origin/github.com/circleci/example/vcs-ref/refs/heads/main`,
    );
    assert.deepEqual(claims["oidc.circleci.com/context-ids"], [CIRCLE_CONTEXT]);
    assert.equal(claims["oidc.circleci.com/ssh-rerun"], false);
  });
});

// ---------------------------------------------------------------------------------------------
// Jenkins: jenkinsci/oidc-provider-plugin (IdTokenConfiguration: sub = ${JOB_URL})
// ---------------------------------------------------------------------------------------------

type JenkinsBinding = Extract<CiBinding, { system: "jenkins" }>;
// The documented token: iss https://jenkins.example.com/oidc, sub
// https://jenkins.example.com/job/my-folder/job/my-job/job/main/.
const JENKINS: JenkinsBinding = {
  system: "jenkins",
  issuer: "https://jenkins.example.com/oidc",
  url: "https://jenkins.example.com",
  jobPath: "my-folder/my-job",
  credentialsId: "pulumi-oidc",
};
const JOB = "https://jenkins.example.com/job/my-folder/job/my-job/job/main/";

describe("oidc units: Jenkins policies, pins and oracle (issue 33)", () => {
  it("a deploy: the audience and the branch job's URL (its host fixed), nothing else", () =>
    assert.deepEqual(jenkins.policies(identity(JENKINS), JENKINS, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "billing-prod-deploy",
        rules: { aud: AUD, sub: JOB },
        description:
          `billing/prod deploy: the token of team billing-prod-deploy for a build of job ${JOB} ` +
          "(branch main of multibranch job my-folder/my-job), signed by https://jenkins.example.com/oidc",
        fixedParts: { sub: ["https://jenkins.example.com"] },
      },
    ]));

  it("a preview is refused: a pull request's job cannot be pinned without a wildcard", () =>
    assert.throws(
      () => jenkins.policies(identity(JENKINS, { purpose: "preview" }), JENKINS, "acme"),
      /^Error: Jenkins preview identities cannot be pinned exactly \(billing-prod-deploy\)$/,
    ));

  it("the job URL of a branch is the documented JOB_URL, with the branch URL-encoded", () => {
    assert.equal(jenkinsJobUrl("https://jenkins.example.com", "my-folder/my-job", "main"), JOB);
    assert.equal(
      jenkinsJobUrl("https://jenkins.example.com", "my-job", "release/1.0"),
      "https://jenkins.example.com/job/my-job/job/release%2F1.0/",
    );
  });

  it("each pin, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = jenkins.policies(identity(JENKINS), JENKINS, "acme");
    assertEachPinMatters(allow, documented("jenkins"), {
      aud: "sts.amazonaws.com",
      sub: "https://jenkins.example.com/job/my-folder/job/my-job/job/PR-42/",
    });
  });

  it("the oracle: the intended build only; a preview never", () => {
    const shape: JenkinsShape = { issuer: JENKINS.issuer, audience: AUD, jobUrl: JOB };
    assertOracleDirections(jenkins, identity(JENKINS), JENKINS, shape, {
      issuer: "https://jenkins.attacker.example/oidc",
      audience: "sts.amazonaws.com",
      jobUrl: "https://jenkins.example.com/job/my-folder/job/my-job/job/dev/",
    });
    assert.equal(
      jenkins.intended(identity(JENKINS, { purpose: "preview" }), JENKINS, shape, "acme"),
      false,
    );
  });

  it("the scenarios, in order, each granted exactly as the oracle says", () => {
    assert.deepEqual(assertScenariosAgree(jenkins, identity(JENKINS), JENKINS), [
      "intended",
      "a pull request's job",
      "another branch's job",
      "the same branch of another multibranch job",
      "another Jenkins",
      "a credential with another audience",
    ]);
    const s = jenkins.scenarios(identity(JENKINS), JENKINS, "acme");
    assert.deepEqual(
      s.map((x) => x.shape.jobUrl),
      [
        JOB,
        "https://jenkins.example.com/job/my-folder/job/my-job/job/PR-42/",
        "https://jenkins.example.com/job/my-folder/job/my-job/job/feature%2Fchange/",
        "https://jenkins.example.com/job/my-folder/job/my-job-fork/job/main/",
        JOB,
        JOB,
      ],
    );
    assert.deepEqual(
      [s[4].shape.issuer, s[4].shape.audience, s[5].shape.issuer, s[5].shape.audience],
      ["https://jenkins.attacker.example/oidc", AUD, JENKINS.issuer, "sts.amazonaws.com"],
    );
    assert.equal(s[0].context, `build of ${JOB}`);
  });

  it("the claims of a build: the documented token's names and JSON types", () => {
    const doc = documented("jenkins");
    const claims = jenkinsClaims({ issuer: JENKINS.issuer, audience: AUD, jobUrl: JOB });
    assert.deepEqual(claims, { iss: doc.iss, aud: doc.aud, sub: doc.sub, build_number: 17 });
    assert.equal(typeof doc.build_number, "number");
  });
});

// ---------------------------------------------------------------------------------------------
// Azure DevOps: the azure-oidc README (sub sc://<org>/<project>/<service connection name>)
// ---------------------------------------------------------------------------------------------

type AzureBinding = Extract<CiBinding, { system: "azure-devops" }>;
// The documented token: iss https://vstoken.dev.azure.com/6f1c2d3e-..., sub
// sc://contoso/infra/prod-connection, aud api://AzureADTokenExchange.
const ADO_ORG_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const AZURE: AzureBinding = {
  system: "azure-devops",
  issuer: `https://vstoken.dev.azure.com/${ADO_ORG_ID}`,
  issuerKind: "azure-devops",
  subject: "sc://contoso/infra/prod-connection",
  organizationId: ADO_ORG_ID,
  organization: "contoso",
  project: "infra",
  serviceConnection: { name: "prod-connection", id: "2e8c0d3a-0000-4000-8000-000000000001" },
};
// The documented Entra token (its subject a placeholder given verbatim, docs/assumptions.md).
const ENTRA: AzureBinding = {
  ...AZURE,
  issuer: "https://login.microsoftonline.com/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f/v2.0",
  issuerKind: "entra",
  subject: "/eid1/c/pub/t/AbCdEf_gh-12/a/ZyXw_v-98/sc/6f1c2d3e/2e8c0d3a",
};

describe("oidc units: Azure DevOps policies, pins and oracle (issue 33)", () => {
  it("a deploy: Azure's fixed audience and the connection's subject", () =>
    assert.deepEqual(azureDevops.policies(identity(AZURE), AZURE, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "billing-prod-deploy",
        rules: { aud: "api://AzureADTokenExchange", sub: "sc://contoso/infra/prod-connection" },
        description:
          "billing/prod deploy: the token of team billing-prod-deploy for a job that Azure DevOps organization " +
          `${ADO_ORG_ID} let use service connection prod-connection (2e8c0d3a-0000-4000-8000-000000000001) of project infra` +
          " (its approvals and branch control check gate the job)",
      },
    ]));

  it("an Entra preview: the verbatim subject, the Entra issuer named, no approval text", () => {
    const [p] = azureDevops.policies(identity(ENTRA, { purpose: "preview" }), ENTRA, "acme");
    assert.deepEqual(p.rules, { aud: AZURE_DEVOPS_AUDIENCE, sub: ENTRA.subject });
    assert.ok(
      p.description.endsWith(` of project infra (Microsoft Entra issuer ${ENTRA.issuer})`),
      p.description,
    );
  });

  it("the subject is the documented sc://<org>/<project>/<service connection name>", () =>
    assert.equal(
      azureSubject({
        organization: "contoso",
        project: "infra",
        serviceConnection: "prod-connection",
      }),
      documented("azure-devops").sub,
    ));

  it("each pin, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = azureDevops.policies(identity(AZURE), AZURE, "acme");
    assertEachPinMatters(allow, documented("azure-devops"), {
      aud: AUD,
      sub: "sc://contoso/infra/prod-connection-other",
    });
    const [entra] = azureDevops.policies(identity(ENTRA), ENTRA, "acme");
    assertEachPinMatters(entra, documented("azure-devops-entra"), {
      aud: AUD,
      sub: `${ENTRA.subject}/x`,
    });
  });

  it("the oracle: exactly this connection, from its issuer, for Azure's audience", () => {
    const shape: AzureShape = {
      issuer: AZURE.issuer,
      subject: AZURE.subject,
      audience: AZURE_DEVOPS_AUDIENCE,
      job: "a job",
    };
    const who = identity(AZURE);
    assert.equal(azureDevops.intended(who, AZURE, shape, "acme"), true);
    for (const [k, v] of Object.entries({
      issuer: ENTRA.issuer,
      subject: "sc://contoso/infra/other",
      audience: AUD,
    }))
      assert.equal(azureDevops.intended(who, AZURE, { ...shape, [k]: v }, "acme"), false, k);
  });

  it("the scenarios of each issuer, in order, each granted exactly as the oracle says", () => {
    assert.deepEqual(assertScenariosAgree(azureDevops, identity(AZURE), AZURE), [
      "intended",
      "another service connection of the project",
      "a service connection of the same name in another project",
      "another organization with the same names",
      "a Microsoft Entra token with the same subject",
      "another audience",
    ]);
    const s = azureDevops.scenarios(identity(AZURE), AZURE, "acme");
    assert.deepEqual(
      s.map((x) => [x.shape.issuer, x.shape.subject]),
      [
        [AZURE.issuer, AZURE.subject],
        [AZURE.issuer, "sc://contoso/infra/prod-connection-other"],
        [AZURE.issuer, "sc://contoso/infra-other/prod-connection"],
        ["https://vstoken.dev.azure.com/00000000-0000-4000-8000-000000000000", AZURE.subject],
        [
          "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0",
          AZURE.subject,
        ],
        [AZURE.issuer, AZURE.subject],
      ],
    );
    assert.equal(s[0].context, "job using service connection prod-connection of contoso/infra");
    assert.deepEqual(assertScenariosAgree(azureDevops, identity(ENTRA), ENTRA), [
      "intended",
      "another service connection of the tenant",
      "a subject that extends the declared one",
      "another tenant with the same subject",
      "the same connection's token from the Azure DevOps issuer",
      "another audience",
    ]);
    assert.equal(s[5].shape.audience, "urn:pulumi:org:someone-else");
    const e = azureDevops.scenarios(identity(ENTRA), ENTRA, "acme");
    assert.deepEqual(
      e.map((x) => [x.shape.issuer, x.shape.subject, x.shape.audience]),
      [
        [ENTRA.issuer, ENTRA.subject, AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, `${ENTRA.subject}-other`, AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, `${ENTRA.subject}/x`, AZURE_DEVOPS_AUDIENCE],
        [
          "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0",
          ENTRA.subject,
          AZURE_DEVOPS_AUDIENCE,
        ],
        [AZURE.issuer, "sc://contoso/infra/prod-connection", AZURE_DEVOPS_AUDIENCE],
        [ENTRA.issuer, ENTRA.subject, "urn:pulumi:org:someone-else"],
      ],
    );
    assert.deepEqual(e[4].shape, {
      ...e[0].shape,
      issuer: AZURE.issuer,
      subject: "sc://contoso/infra/prod-connection",
    });
  });

  it("the claims: exactly the documented token's iss, sub and aud", () => {
    const doc = documented("azure-devops");
    assert.deepEqual(
      azureClaims({
        issuer: AZURE.issuer,
        subject: AZURE.subject,
        audience: AZURE_DEVOPS_AUDIENCE,
        job: "j",
      }),
      { iss: doc.iss, sub: doc.sub, aud: doc.aud },
    );
  });
});
