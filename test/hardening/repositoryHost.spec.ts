/**
 * Issue 24 item 5: a repository has one host. Two projects with the same repository, one deployed
 * by GitHub Actions and one by GitLab CI, made the repository's host (and so its ruleset,
 * CODEOWNERS and committed files) depend on which was listed first. Refused in either order,
 * naming both projects; repository names compared case-insensitively.
 */
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const GITLAB = { url: "https://gitlab.example.com", projectId: 4242, namespaceId: 77 };

/** A project deployed by GitLab CI on the staging tier, in `repository`. */
const gitlabProject = (repository: string, extra: Record<string, unknown> = {}) => ({
  name: "ledger",
  repository,
  workDir: "ledger",
  tiers: { staging: { ci: "gitlab", gitlab: GITLAB, previewPullRequests: false } },
  ...extra,
});

/** Adds the GitLab project first or last: the payments project (index 0) is on GitHub. */
const add =
  (project: Record<string, unknown>, first: boolean) =>
  (d: StackDoc): void => {
    const projects = d.config[key.projects] as unknown[];
    if (first) projects.unshift(project);
    else projects.push(project);
  };

describe("hardening: a repository has one host (issue 24, 5)", () => {
  it("refuses a GitLab project in payments-infra listed after the GitHub Actions one", async () => {
    const run = await planEdited(add(gitlabProject("payments-infra"), false));
    assertRefused(
      run,
      "projects[3].repository",
      'repository "payments-infra" is on gitlab for projects[3]',
      "on github for projects[0]",
      "a repository has one host",
    );
  });

  it("refuses it listed first, naming both projects the other way round", async () => {
    const run = await planEdited(add(gitlabProject("payments-infra"), true));
    assertRefused(
      run,
      "projects[1].repository",
      'repository "payments-infra" is on github for projects[1]',
      "on gitlab for projects[0]",
    );
  });

  it("refuses a case variant of the repository name (GitHub names are case-insensitive)", async () => {
    const run = await planEdited(add(gitlabProject("Payments-Infra"), false));
    assertRefused(run, "projects[3].repository", "on gitlab for projects[3]", "projects[0]");
    assertRefused(run, "projects[3].repository", "write it the same way in every project");
  });

  it("refuses a declared host that disagrees with the other project's CI", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][1].repository = "payments-infra";
      d.config[key.projects][1].repositoryHost = "azure-repos";
    });
    assertRefused(
      run,
      "projects[1].repository",
      "(its repositoryHost)",
      "(the CI of its pipelines)",
    );
  });

  it("refuses a case variant on one host too (its files would be planned twice)", async () => {
    const run = await planEdited((d) => (d.config[key.projects][1].repository = "Payments-Infra"));
    assertRefused(run, "projects[1].repository", "write it the same way in every project");
  });

  it("accepts two GitHub projects in one repository, and a GitLab project in its own (controls)", async () => {
    assertAccepted(
      await planEdited((d) => (d.config[key.projects][1].repository = "payments-infra")),
    );
    assertAccepted(await planEdited(add(gitlabProject("ledger-infra"), false)));
  });
});
