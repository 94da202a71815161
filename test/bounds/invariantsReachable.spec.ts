/**
 * What a writer can start (model/invariants/reachable.ts), called directly over the prod example's
 * config and access model, one setting changed at a time: each route (a pull-request preview, a
 * manual run, a push to a branch no ruleset protects, a push to a branch a '.' in the pin also
 * matches), exactly as reported, and the settings that make it go away (reviewed environment,
 * protected branch, a CI whose deploy policy pins a protected ref). Fast: no config loading per
 * test, so it runs under every mutant of the invariants group.
 */
import assert from "node:assert/strict";
import type { AccessModel } from "../../model/access";
import { buildAccessModel } from "../../model/access";
import { DEPLOYMENT_ROLE_NAME } from "../../model/access/roles";
import type { EnvironmentPermission, OrgConfig, StackPermission } from "../../model/config";
import { writerRoutes, WriterRoute } from "../../model/invariants";
import { checkWriterRoutes } from "../../model/invariants/reachable";
import { producibleOtherThan } from "../../model/oidc/matcher";
import { exampleConfig } from "../support/examples";

const base = exampleConfig("prod");
const model0 = buildAccessModel(base.config, base.warnings);

// Plain data, edited freely in a copy.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Edit = (p: any, m: any, c?: any) => void;
function setup(key: string, edit: Edit): { config: OrgConfig; model: AccessModel } {
  const model = structuredClone(model0);
  const config = structuredClone(base.config);
  const p = model.pipelines.find((x) => x.key === key);
  assert.ok(p, key);
  edit(p, model, config);
  return { config, model };
}
const routes = (key: string, edit: Edit): WriterRoute[] => {
  const { config, model } = setup(key, edit);
  return writerRoutes(config, model);
};
const issues = (key: string, edit: Edit) => {
  const { config, model } = setup(key, edit);
  return checkWriterRoutes(config, model);
};

const grant = (
  project: string,
  tier: string,
  stack: StackPermission,
  env: EnvironmentPermission,
  stackName = `${project}/${tier}`,
  environment = `${project}/${tier}`,
) => ({ project, tier, stackName, environment, stack, env });

const PAY_PREVIEW = grant("payments", "staging", "read", "open");
const PAY_DEPLOY = grant("payments", "staging", "write", "open");
const PREVIEW_FIX =
  "set previewPullRequests: false, or set deploy.reviewedPreviews: true so that one of the tier's " +
  "approvers approves each preview run in its GitHub environment before it gets the token";
const DISPATCH_FIX =
  "remove manualDispatch, or protect the tier so its GitHub environment's reviewers approve each run";
const uncoveredFix = (b: string) =>
  `deploy from the default branch, or add "${b}" to the project's protectedBranches so a ruleset requires reviewed pull requests there`;

describe("bounds: writer routes of the prod example", () => {
  it("none: previews reviewed, no manual runs, every deploy branch protected", () =>
    assert.deepEqual(writerRoutes(base.config, model0), []));
});

describe("bounds: writer routes through an unreviewed preview", () => {
  const route = (over: Partial<WriterRoute> = {}) => ({
    repository: "payments-infra",
    path: "tiers[1].deploy.previewPullRequests",
    how: "a pull request to main",
    obtains: "the token of team payments-staging-preview",
    grants: [PAY_PREVIEW],
    fix: PREVIEW_FIX,
    ...over,
  });

  it("on GitHub Actions: a pull request to the branch, at the tier's previewPullRequests", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.reviewedPreviews = false)),
      [route()],
    ));

  it("set on the project's tier entry: the path is the project's", () =>
    assert.deepEqual(
      routes("payments/staging", (p, _m, c) => {
        p.reviewedPreviews = false;
        c.projects[0].tiers.staging.previewPullRequests = true;
      }),
      [route({ path: "projects[0].tiers.staging.previewPullRequests" })],
    ));

  it("on another CI: any merge/pull request pipeline (its tokens do not name the target)", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.reviewedPreviews = false;
        p.ci = "jenkins";
      }),
      [
        route({
          how: "a merge/pull request pipeline on jenkins (any target branch: its tokens do not name the target)",
        }),
      ],
    ));

  it("no CI named: a pull request to the branch", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.reviewedPreviews = false;
        p.ci = undefined;
      }),
      [route()],
    ));

  it("the check: environment open beyond the staging writers' read, in words", () =>
    assert.deepEqual(
      issues("payments/staging", (p) => (p.reviewedPreviews = false)),
      [
        {
          path: "tiers[1].deploy.previewPullRequests",
          message:
            "on tier staging, a pull request to main in acme/payments-infra obtains the token of team payments-staging-preview, " +
            "which holds environment open on payments/staging, where the least-privileged role with push access " +
            "(role maintainer of team platform) holds read. Anyone who can push to payments-infra could use it. " +
            `Fix: ${PREVIEW_FIX}`,
        },
      ],
    ));

  it("a preview grant no higher than the writers' (read/read): no issue; one step over: an issue", () => {
    const at = (env: string) =>
      issues("payments/staging", (p, m) => {
        p.reviewedPreviews = false;
        for (const g of m.grants)
          if (g.team === "payments-staging-preview") g.environmentPermission = env;
      });
    assert.deepEqual(at("read"), []);
    assert.equal(at("open").length, 1);
  });
});

describe("bounds: writer routes through a manual run of a deploy job", () => {
  const route = (over: Partial<WriterRoute> = {}) => ({
    repository: "payments-infra",
    path: "tiers[1].deploy.manualDispatch",
    how: "a manual workflow_dispatch on main",
    obtains: "the token of team payments-staging-deploy",
    grants: [PAY_DEPLOY],
    fix: DISPATCH_FIX,
    ...over,
  });
  it("an unprotected tier: a manual workflow_dispatch obtains the deploy token", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.manualDispatch = true)),
      [route()],
    ));

  it("on another CI: a manual run on that CI", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.manualDispatch = true;
        p.ci = "jenkins";
      }),
      [route({ how: "a manual jenkins run on main" })],
    ));

  it("an organization token: admin on the stack and its environment", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.manualDispatch = true;
        p.deploy.tokenType = "organization";
      }),
      [
        route({
          obtains: "the organization admin token",
          grants: [grant("payments", "staging", "admin", "admin")],
        }),
      ],
    ));

  it("protected with approvers: reviewed, no route; protected without approvers: a route", () => {
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.manualDispatch = true;
        p.protected = true;
      }),
      [],
    );
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.manualDispatch = true;
        p.protected = true;
        p.approvers = [];
      }),
      [route()],
    );
  });

  it("the check: stack write and environment open beyond read/read, both said", () =>
    assert.deepEqual(
      issues("payments/staging", (p) => (p.manualDispatch = true)).map((i) => i.message),
      [
        "on tier staging, a manual workflow_dispatch on main in acme/payments-infra obtains the token of team payments-staging-deploy, " +
          "which holds stack write on payments/staging, where the least-privileged role with push access (role maintainer of team platform) holds read, " +
          "and environment open on payments/staging, where the least-privileged role with push access (role maintainer of team platform) holds read. " +
          `Anyone who can push to payments-infra could use it. Fix: ${DISPATCH_FIX}`,
      ],
    ));
});

describe("bounds: writer routes through a branch no ruleset protects", () => {
  const pushRoute = (branch: string, repository = "payments-infra") => ({
    path: "projects[0].tiers.staging",
    repository,
    how: `a direct push to ${branch}, which no ruleset protects`,
    obtains: "the token of team payments-staging-deploy",
    grants: [PAY_DEPLOY],
    fix: uncoveredFix(branch),
  });

  it("a deploy branch that is not the default branch: a direct push obtains the deploy token", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.branch = "release")),
      [pushRoute("release")],
    ));

  it("the same branch protected by a ruleset: no route", () =>
    assert.deepEqual(
      routes("payments/staging", (p, m) => {
        p.branch = "release";
        m.repositories[0].protectedBranches = [{ branch: "release", requiredChecks: [] }];
      }),
      [],
    ));

  it("the repository named in another case is the same repository (its default branch covers)", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.repository = "Payments-INFRA")),
      [],
    ));

  it("a repository the model does not have: nothing covers the branch", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.repository = "elsewhere")),
      [pushRoute("main", "elsewhere")],
    ));

  it("a reviewed environment (protected, approvers) gates the push: no route", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => {
        p.branch = "release";
        p.protected = true;
      }),
      [],
    ));
});

describe("bounds: writer routes through a branch a '.' in the pin also matches", () => {
  const branch = "release.1";
  const other = producibleOtherThan(branch);
  const protect: Edit = (p, m) => {
    p.branch = branch;
    m.repositories[0].protectedBranches = [{ branch, requiredChecks: [] }];
  };
  it("a protected deploy branch with a '.': a push to the branch it also matches", () => {
    assert.ok(other !== undefined && other !== branch);
    assert.deepEqual(routes("payments/staging", protect), [
      {
        path: "projects[0].tiers.staging",
        repository: "payments-infra",
        how:
          `a direct push to branch "${other}", which the deploy policy's pin "${branch}" also ` +
          "matches ('.' matches any one character in Pulumi's rules) and which no ruleset protects",
        obtains: "the token of team payments-staging-deploy",
        grants: [PAY_DEPLOY],
        fix: "deploy from a branch whose name has no '.' (it cannot be pinned exactly), or protect the tier so its approvers approve each run",
      },
    ]);
  });

  it("the same on Jenkins (no protected-ref pin); not on GitLab (its policy pins a protected ref)", () => {
    const on = (ci: string) =>
      routes("payments/staging", (p, m) => {
        protect(p, m);
        p.ci = ci;
      }).map((r) => r.how.slice(0, 24));
    assert.deepEqual(on("jenkins"), ["a direct push to branch "]);
    assert.deepEqual(on("gitlab"), []);
  });

  it("an unprotected branch with a '.': only the push to it (one route)", () =>
    assert.deepEqual(
      routes("payments/staging", (p) => (p.branch = branch)).map((r) => r.how),
      [`a direct push to ${branch}, which no ruleset protects`],
    ));
});

describe("bounds: writer routes through Pulumi Deployments", () => {
  const roleSuffix = ` run with the default deployment role "${DEPLOYMENT_ROLE_NAME}" (open on web/staging, web/prod)`;
  const token = `Pulumi Deployments' token for web/staging (admin on that stack),${roleSuffix}`;
  const OWN = grant("web", "staging", "admin", "open");
  const PROD_ROLE = grant("web", "prod", "none", "open", "web/production", "web/prod");

  it("a pull-request preview: the stack's admin token and the default deployment role", () =>
    assert.deepEqual(
      routes("web/staging", (p) => (p.previewPullRequests = true)),
      [
        {
          repository: "web-app",
          path: "projects[1].tiers.staging.previewPullRequests",
          how: "a pull request to main (Pulumi Deployments runs its preview)",
          obtains: token,
          grants: [OWN, PROD_ROLE],
          fix: "set previewPullRequests: false: Pulumi Deployments previews run the pull request's code with an admin token on the stack, and nothing can gate them",
        },
      ],
    ));

  it("a manual REST run (trigger api) of an unreviewed tier; a role that only reads: env read", () =>
    assert.deepEqual(
      routes("web/staging", (p, m) => {
        p.trigger = "api";
        p.ci = "github-actions";
        p.manualDispatch = true;
        m.roles[0].environmentScopes = ["environment:read"];
      }),
      [
        {
          repository: "web-app",
          path: "tiers[1].deploy.manualDispatch",
          how: "a manual run of the github-actions job that starts deployments on main",
          obtains: `the REST caller's token, and through it ${token}`,
          grants: [OWN, { ...PROD_ROLE, env: "read" }],
          fix: "remove manualDispatch, or protect the tier so its approvers approve each run",
        },
      ],
    ));

  it("no manual route when triggered by the GitHub App, or when the tier is reviewed", () => {
    const manual: Edit = (p) => {
      p.ci = "github-actions";
      p.manualDispatch = true;
    };
    assert.deepEqual(routes("web/staging", manual), []);
    assert.deepEqual(
      routes("web/staging", (p, m, c) => {
        manual(p, m, c);
        p.trigger = "api";
        p.protected = true;
      }),
      [],
    );
  });

  it("a push to an unprotected branch, with no default deployment role: the stack token alone", () =>
    assert.deepEqual(
      routes("web/staging", (p, m) => {
        p.branch = "release";
        m.roles[0].defaultDeploymentRole = false;
      }),
      [
        {
          path: "projects[1].tiers.staging",
          repository: "web-app",
          how: "a direct push to release, which no ruleset protects",
          obtains: "Pulumi Deployments' token for web/staging (admin on that stack)",
          grants: [grant("web", "staging", "admin", "none")],
          fix: uncoveredFix("release"),
        },
      ],
    ));

  it("a default deployment role on an environment no stack uses adds no grant (and is not named)", () =>
    assert.deepEqual(
      routes("web/staging", (p, m) => {
        p.previewPullRequests = true;
        m.roles[0].environments = [{ project: "web", name: "staging-cloud" }];
      }).map((r) => [r.obtains, r.grants]),
      [["Pulumi Deployments' token for web/staging (admin on that stack)", [OWN]]],
    ));

  it("the check: one issue per grant beyond the writers, on the tier of the grant", () =>
    assert.deepEqual(
      issues("web/staging", (p) => (p.previewPullRequests = true)).map((i) => [
        i.path,
        i.message.split(". Anyone")[0],
      ]),
      [
        [
          "projects[1].tiers.staging.previewPullRequests",
          `on tier staging, a pull request to main (Pulumi Deployments runs its preview) in acme/web-app obtains ${token}, ` +
            "which holds stack admin on web/staging, where the least-privileged role with push access (role maintainer of team platform) holds read, " +
            "and environment open on web/staging, where the least-privileged role with push access (role maintainer of team platform) holds read",
        ],
        [
          "projects[1].tiers.staging.previewPullRequests",
          `on tier prod, a pull request to main (Pulumi Deployments runs its preview) in acme/web-app obtains ${token}, ` +
            "which holds environment open on web/prod, where the least-privileged role with push access (role developer of team web) holds none",
        ],
      ],
    ));
});
