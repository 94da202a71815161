/**
 * The OIDC part of the GitLab CI unit (model/oidc/gitlab/), at unit level, against
 * expectations written here by hand (issue 33): an identity bound to the values of
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
import type { CiBinding, MachineIdentity } from "../../model/access";
import type { OidcPolicy } from "../../model/oidc";
import { gitlab, gitlabClaims, GitlabShape } from "../../model/oidc/gitlab";
import {
  AUD,
  documented,
  identity,
  assertEachPinMatters,
  assertOracleDirections,
  assertScenariosAgree,
} from "./unitPinsSupport";

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
