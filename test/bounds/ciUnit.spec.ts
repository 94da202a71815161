/**
 * CI systems and REST-triggered deployments (model/config/policy/ci.ts), called directly over small
 * lenient views: a trigger only for Pulumi Deployments, `ci:` only where a pipeline runs, exactly
 * the identity block of that CI, the repository's host against the CI's hosts, Pulumi Deployments
 * only from GitHub, REST-triggered previews refused, a CI unit's own limits (Jenkins previews), and
 * one CI identity per repository that no other repository shares (case-blind repository names;
 * Jenkins: one job per tier allowed). Exact errors. Fast enough to run under every mutant of the
 * policy-ci group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkCi, repositoryHostOf } from "../../model/config/policy/ci";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const GL = (projectId: number, namespaceId = 7) => ({
  ci: "gitlab",
  gitlab: { url: "https://gitlab.example.com", projectId, namespaceId },
});
const JK = (jobPath: string) => ({
  ci: "jenkins",
  jenkins: { url: "https://ci.example.com", jobPath },
});

function base(): Any {
  return {
    tiers: [
      { name: "dev", deploy: { mode: "direct" } },
      { name: "staging", deploy: { mode: "github-actions", branch: "main" } },
      { name: "prod", deploy: { mode: "github-actions", branch: "main" } },
    ],
    projects: [
      { name: "payments", repository: "payments-infra", tiers: { dev: {}, staging: {}, prod: {} } },
    ],
  };
}
function run(edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkCi(policyContext(lenientView(c), errors, []));
  return errors;
}
const entries = (c: Any) => c.projects[0].tiers;
const P = "projects[0].tiers";

describe("bounds: CI, unit: triggers and ci where a pipeline runs", () => {
  it("the baseline (GitHub Actions, a direct dev tier) passes", () => assert.deepEqual(run(), []));

  it("a tier's trigger needs a pipeline mode", () => {
    assert.deepEqual(
      run((c) => (c.tiers[0].deploy.trigger = "api")),
      [
        {
          path: "tiers[0].deploy.trigger",
          message: 'a trigger only applies to pulumi-deployments; tier "dev" deploys "direct"',
        },
      ],
    );
    assert.deepEqual(
      run(
        (c) =>
          (c.tiers[2].deploy = {
            mode: "pulumi-deployments",
            branch: "main",
            trigger: "github-app",
          }),
      ),
      [],
    );
  });

  it("an entry's trigger needs pulumi-deployments", () =>
    assert.deepEqual(
      run((c) => (entries(c).prod = { trigger: "api" })),
      [
        {
          path: `${P}.prod.trigger`,
          message:
            'a trigger only applies to pulumi-deployments; this entry deploys "github-actions"',
        },
      ],
    ));

  it("an entry's trigger on a Pulumi Deployments entry is fine", () =>
    assert.deepEqual(
      run((c) => {
        c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main" };
        entries(c).prod = { trigger: "github-app" };
      }),
      [],
    ));

  it("a project switching a Deployments tier to github-actions runs its own CI there", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "gitlab";
        entries(c).staging = GL(1);
        c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main" };
        entries(c).prod = { ...GL(1), mode: "github-actions" };
      }),
      [],
    ));

  it("an unknown CI has no host it may run on (the schema names the CIs)", () =>
    assert.deepEqual(
      run((c) => (entries(c).prod = { ci: "travis" })),
      [
        {
          path: `${P}.prod.ci`,
          message:
            'travis pipelines need a repository on (none), but repository "payments-infra" is on github (projects[].repositoryHost)',
        },
      ],
    ));

  it("ci on a direct entry, or on GitHub App deployments, is refused", () => {
    assert.deepEqual(
      run((c) => (entries(c).dev = { ci: "github-actions" })),
      [{ path: `${P}.dev.ci`, message: 'a CI only runs pipelines; this entry deploys "direct"' }],
    );
    assert.deepEqual(
      run((c) => {
        c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main" };
        entries(c).prod = { ci: "github-actions" };
      }),
      [
        {
          path: `${P}.prod.ci`,
          message:
            "Pulumi Deployments started by the GitHub App run in no CI: set trigger: api to start them from a CI job, or remove ci",
        },
      ],
    );
  });

  it("REST-triggered deployments take a ci, and refuse their own previews", () => {
    const api = (entry: Any) => (c: Any) => {
      c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main", trigger: "api" };
      entries(c).prod = entry;
    };
    assert.deepEqual(run(api({ ci: "github-actions" })), []);
    assert.deepEqual(run(api({ previewPullRequests: true })), [
      {
        path: `${P}.prod.previewPullRequests`,
        message:
          "REST-triggered deployments only deploy: the caller starts `pulumi up` on reviewed pushes, and nothing gates a preview of a pull request's code with Deployments' stack-admin token. Set it to false",
      },
    ]);
    assert.deepEqual(run(api({ previewPullRequests: false })), []);
  });
});

describe("bounds: CI, unit: identity blocks and hosts", () => {
  it("a block of another CI is refused, naming the entry's CI (or none)", () => {
    assert.deepEqual(
      run((c) => (entries(c).prod = { gitlab: GL(1).gitlab })),
      [
        {
          path: `${P}.prod.gitlab`,
          message: "only applies with ci: gitlab (this entry uses github-actions); remove it",
        },
      ],
    );
    assert.deepEqual(
      run((c) => (entries(c).dev = { gitlab: GL(1).gitlab })),
      [{ path: `${P}.dev.gitlab`, message: "only applies with ci: gitlab; remove it" }],
    );
  });

  it("the CI's own block is required", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "gitlab";
        entries(c).staging = GL(1);
        entries(c).prod = { ci: "gitlab" };
      }),
      [
        {
          path: `${P}.prod.gitlab`,
          message:
            "is required with ci: gitlab: how gitlab identifies this pipeline in its OIDC tokens",
        },
      ],
    ));

  it("a CI needs a repository on one of its hosts", () => {
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "github";
        entries(c).prod = GL(1);
      }),
      [
        {
          path: `${P}.prod.ci`,
          message:
            'gitlab pipelines need a repository on "gitlab", but repository "payments-infra" is on github (projects[].repositoryHost)',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (c.projects[0].repositoryHost = "gitlab")),
      ["staging", "prod"].map((t) => ({
        path: `${P}.${t}.ci`,
        message:
          'github-actions pipelines need a repository on "github", but repository "payments-infra" is on gitlab (projects[].repositoryHost)',
      })),
    );
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "github";
        entries(c).prod = {
          ci: "azure-devops",
          previewPullRequests: false,
          azureDevops: {
            organizationId: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
            organization: "acme",
            project: "ledger",
            serviceConnection: { name: "sc", id: "id-1" },
          },
        };
      }),
      [],
    );
  });

  it("Pulumi Deployments clones from GitHub only, whether the App or the API starts it", () => {
    const msg = {
      path: `${P}.prod`,
      message:
        'Pulumi Deployments clones repository "payments-infra" through the Pulumi GitHub App, so it must be on GitHub (it is on gitlab)',
    };
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "gitlab";
        entries(c).staging = GL(1);
        c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main" };
      }),
      [msg],
    );
    assert.deepEqual(
      run((c) => {
        c.projects[0].repositoryHost = "gitlab";
        entries(c).staging = GL(1);
        c.tiers[2].deploy = { mode: "pulumi-deployments", branch: "main", trigger: "api" };
        entries(c).prod = GL(1);
      }),
      [msg],
    );
  });

  it("the repository host is the declared one, else the one the CIs imply, else GitHub", () => {
    const v = lenientView({
      tiers: [{ name: "prod", deploy: { mode: "github-actions" } }],
      projects: [
        { name: "a", repositoryHost: "other", tiers: { prod: GL(1) } },
        { name: "b", tiers: { prod: GL(1) } },
        { name: "c", tiers: { prod: {}, ghost: GL(1) } },
        { name: "d", tiers: { prod: { ci: "azure-devops" } } },
      ],
    });
    assert.deepEqual(
      v.projects.map((p) => repositoryHostOf(v, p)),
      ["other", "gitlab", "github", "azure-repos"],
    );
  });

  it("the implied host follows a project's own pipeline mode on a Deployments tier", () => {
    const v = lenientView({
      tiers: [{ name: "prod", deploy: { mode: "pulumi-deployments" } }],
      projects: [{ name: "a", tiers: { prod: { ...GL(1), mode: "github-actions" } } }],
    });
    assert.equal(repositoryHostOf(v, v.projects[0]), "gitlab");
  });

  it("a CI unit's own limits apply (Jenkins: no pull-request previews)", () =>
    assert.deepEqual(
      run((c) => (entries(c).prod = { ...JK("payments/prod"), previewPullRequests: true })),
      [
        {
          path: `${P}.prod.previewPullRequests`,
          message:
            "Jenkins names each pull request's job by its number (job/PR-<n>/), so no exact OIDC rule can admit pull-request previews without a wildcard. Set it to false",
        },
      ],
    ));
});

describe("bounds: CI, unit: one CI identity per repository", () => {
  const onGitlab = (c: Any) => (c.projects[0].repositoryHost = "gitlab");
  it("one repository's tiers naming two GitLab projects: refused at the later", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1);
        entries(c).prod = GL(2);
      }),
      [
        {
          path: `${P}.prod.gitlab`,
          message:
            'repository "payments-infra" is already https://gitlab.example.com project 1 namespace 7 in projects[0].tiers.staging: one repository is one gitlab project; declare the same',
        },
        // Project 2 is then new, and owned by this repository: no second error.
      ],
    ));

  it("the same project with another namespace is another identity", () =>
    assert.equal(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1, 7);
        entries(c).prod = GL(1, 8);
      }).length,
      1,
    ));

  it("one GitLab project for two repositories: refused", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1);
        entries(c).prod = GL(1);
        c.projects.push({
          name: "ledger",
          repository: "ledger-infra",
          repositoryHost: "gitlab",
          tiers: { prod: GL(1) },
        });
      }),
      [
        {
          path: "projects[1].tiers.prod.gitlab",
          message:
            'gitlab https://gitlab.example.com project 1 is also declared for repository "payments-infra" (projects[0].tiers.staging): the OIDC rules pin it, so the pipelines of both repositories could obtain each other\'s tokens',
        },
      ],
    ));

  it("two projects of one repository (spelled in another case) share its identity", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1);
        entries(c).prod = GL(1);
        c.projects.push({
          name: "api",
          repository: "Payments-Infra",
          repositoryHost: "gitlab",
          tiers: { prod: GL(1) },
        });
      }),
      [],
    ));

  it("Jenkins: one job per tier of a repository is allowed; one job for two repositories is not", () => {
    assert.deepEqual(
      run((c) => {
        entries(c).staging = JK("payments/staging");
        entries(c).prod = JK("payments/prod");
      }),
      [],
    );
    assert.deepEqual(
      run((c) => {
        entries(c).prod = JK("shared");
        c.projects.push({
          name: "ledger",
          repository: "ledger-infra",
          tiers: { prod: JK("shared") },
        });
      }),
      [
        {
          path: "projects[1].tiers.prod.jenkins",
          message:
            'jenkins https://ci.example.com/shared is also declared for repository "payments-infra" (projects[0].tiers.prod): the OIDC rules pin it, so the pipelines of both repositories could obtain each other\'s tokens',
        },
      ],
    );
  });

  it("two repositories with their own GitLab projects: nothing", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1);
        entries(c).prod = GL(1);
        c.projects.push({
          name: "ledger",
          repository: "ledger-infra",
          repositoryHost: "gitlab",
          tiers: { prod: GL(2) },
        });
      }),
      [],
    ));

  it("the first entry that named a repository's identity stays the one named", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = GL(1);
        entries(c).prod = GL(1);
        c.projects.push({
          name: "api",
          repository: "payments-infra",
          repositoryHost: "gitlab",
          tiers: { prod: GL(2) },
        });
      }).map((e) => [e.path, / in (\S+): /.exec(e.message)?.[1]]),
      [["projects[1].tiers.prod.gitlab", "projects[0].tiers.staging"]],
    ));

  it("repository names fold to lower case (the Kelvin sign K is k)", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        c.projects[0].repository = "kafka-infra";
        entries(c).staging = GL(1);
        entries(c).prod = GL(1);
        c.projects.push({
          name: "k",
          repository: "\u212Aafka-infra",
          repositoryHost: "gitlab",
          tiers: { prod: GL(2) },
        });
      }).map((e) => e.path),
      ["projects[1].tiers.prod.gitlab"],
    ));

  it("projects without a repository (the schema's business) do not conflict with each other", () =>
    assert.deepEqual(
      run((c) => {
        c.projects = [
          { name: "a", repositoryHost: "gitlab", tiers: { prod: GL(1) } },
          { name: "b", repositoryHost: "gitlab", tiers: { prod: GL(1) } },
        ];
      }),
      [],
    ));

  it("a block that is not a mapping declares no identity", () =>
    assert.deepEqual(
      run((c) => {
        onGitlab(c);
        entries(c).staging = { ci: "gitlab", gitlab: "project 1" };
        entries(c).prod = GL(2);
      }),
      [],
    ));
});
