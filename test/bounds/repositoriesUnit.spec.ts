/**
 * Repositories several projects share (model/config/policy/repositories.ts), called directly over
 * small lenient views: one host per repository (declared or implied by the CI, either order), the
 * id of the first project that gave it, and projects without a repository. Exact errors. Fast
 * enough to run under every mutant of the policy-names group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkRepositories } from "../../model/config/policy/repositories";

type Raw = Record<string, unknown>;

function check(projects: Raw[], github: Raw = {}) {
  const errors: ConfigIssue[] = [];
  const v = lenientView({
    github,
    tiers: [{ name: "prod", deploy: { mode: "github-actions" } }],
    projects,
  });
  checkRepositories(policyContext(v, errors, []));
  return errors;
}

const TAIL =
  ": a repository has one host, which decides its ruleset, CODEOWNERS and committed CI files. Set the same " +
  "repositoryHost on both projects (their pipelines must run on a CI of that host), or use two repositories";

describe("bounds: one host per repository, unit", () => {
  const onGitlab = { name: "a", repository: "infra", repositoryHost: "gitlab", tiers: {} };
  const byCi = (ci?: string) => ({
    name: "b",
    repository: "infra",
    tiers: { prod: ci ? { ci } : {} },
  });

  it("a declared host against a CI-implied one: reported at the later project, naming both", () => {
    assert.deepEqual(check([onGitlab, byCi()]), [
      {
        path: "projects[1].repository",
        message:
          'repository "infra" is on github for projects[1] (the CI of its pipelines) but on gitlab for ' +
          `projects[0] (its repositoryHost)${TAIL}`,
      },
    ]);
    assert.deepEqual(check([byCi(), onGitlab]), [
      {
        path: "projects[1].repository",
        message:
          'repository "infra" is on gitlab for projects[1] (its repositoryHost) but on github for ' +
          `projects[0] (the CI of its pipelines)${TAIL}`,
      },
    ]);
  });

  it("the same host, declared or implied by the CI, is one host", () => {
    assert.deepEqual(check([onGitlab, byCi("gitlab")]), []);
    assert.deepEqual(check([byCi(), { ...byCi(), name: "c" }]), []);
    assert.deepEqual(check([{ ...onGitlab, repositoryHost: "github" }, byCi()]), []);
  });

  it("each later project is compared with the first", () =>
    assert.deepEqual(
      check([onGitlab, byCi("gitlab"), byCi(), byCi("azure-devops")]).map((e) => [
        e.path,
        /is on (\S+) for/.exec(e.message)?.[1],
      ]),
      [
        ["projects[2].repository", "github"],
        ["projects[3].repository", "azure-repos"],
      ],
    ));
});

describe("bounds: repositories without a name, and the platform repository", () => {
  it("projects without a repository are skipped (no shared-repository error between them)", () =>
    assert.deepEqual(
      check([
        { name: "a", defaultBranch: "main", tiers: {} },
        { name: "b", defaultBranch: "trunk", repositoryId: 5, tiers: {} },
        { name: "c", repositoryId: 5, tiers: {} },
      ]),
      [],
    ));

  it("no platform repository: spelling is checked between the projects only", () => {
    assert.deepEqual(check([{ name: "a", repository: "Infra", tiers: {} }]), []);
    assert.deepEqual(
      check([{ name: "a", repository: "Infra", tiers: {} }], { platformRepository: "" }),
      [],
    );
    assert.deepEqual(
      check([{ name: "a", repository: "Infra", tiers: {} }], { platformRepository: "infra" }).map(
        (e) => e.path,
      ),
      ["projects[0].repository"],
    );
  });
});

describe("bounds: repository ids, the first project that gave one", () => {
  it("an id reused by another repository names the first project of the first repository", () =>
    assert.deepEqual(
      check([
        { name: "a", repository: "infra", repositoryId: 5, tiers: {} },
        { name: "b", repository: "infra", repositoryId: 5, tiers: {} },
        { name: "c", repository: "other", repositoryId: 5, tiers: {} },
      ]),
      [
        {
          path: "projects[2].repositoryId",
          message:
            'id 5 is also given to repository "infra" (projects[0]): the OIDC rules pin repository ids, so the ' +
            "pipelines of both repositories could obtain each other's tokens. Each repository has its own id " +
            "(Settings, or GET /repos/{owner}/{repo})",
        },
      ],
    ));
});
