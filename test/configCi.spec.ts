/**
 * Validation of `ci:`, the CI identity blocks and `trigger:` (issue 16), hostile: every rule is
 * tried by a config that tries to get around it, and each must be refused with its path.
 */
import assert from "node:assert/strict";
import { StackDoc } from "./support/examples";
import { multiCiLoad, PROJECT } from "./support/multiCi";

const P = "secure-org:projects";
const T = "secure-org:tiers";

function errorsOf(edit: (d: StackDoc) => void): { path: string; message: string }[] {
  const r = multiCiLoad(edit);
  assert.equal(r.ok, false, "expected the config to be refused");
  return r.ok ? [] : r.errors;
}
const tierOf = (d: StackDoc, project: keyof typeof PROJECT, tier: string) =>
  d.config[P][PROJECT[project]].tiers[tier];

const cases: [string, (d: StackDoc) => void, RegExp, RegExp][] = [
  [
    "a CI on a direct tier",
    (d) => (tierOf(d, "billing", "dev").ci = "gitlab"),
    /projects\[1\]\.tiers\.dev\.ci/,
    /a CI only runs pipelines/,
  ],
  [
    "a CI for GitHub App deployments",
    (d) =>
      (d.config[P][PROJECT.web].tiers.staging = { mode: "pulumi-deployments", ci: "circleci" }),
    /projects\[5\]\.tiers\.staging\.ci/,
    /set trigger: api/,
  ],
  [
    "ci: gitlab without its block",
    (d) => delete tierOf(d, "billing", "prod").gitlab,
    /projects\[1\]\.tiers\.prod\.gitlab/,
    /is required with ci: gitlab/,
  ],
  [
    "another CI's block",
    (d) =>
      (tierOf(d, "billing", "prod").jenkins = { url: "https://ci.example.com", jobPath: "a/b" }),
    /projects\[1\]\.tiers\.prod\.jenkins/,
    /only applies with ci: jenkins/,
  ],
  [
    "an http GitLab URL",
    (d) => (tierOf(d, "billing", "prod").gitlab.url = "http://gitlab.example.com"),
    /projects\[1\]\.tiers\.prod\.gitlab\.url/,
    /must use https/,
  ],
  [
    "credentials in the Jenkins URL",
    (d) => (tierOf(d, "search", "prod").jenkins.url = "https://admin:pw@jenkins.example.com"),
    /projects\[3\]\.tiers\.prod\.jenkins\.url/,
    /credentials/,
  ],
  [
    "a wildcard in the issuer URL",
    (d) => (tierOf(d, "search", "prod").jenkins.issuer = "https://jenkins.example.com/*"),
    /projects\[3\]\.tiers\.prod\.jenkins\.issuer/,
    /wildcard/,
  ],
  [
    "a GitLab project id that is not a number",
    (d) => (tierOf(d, "billing", "prod").gitlab.projectId = "4242"),
    /projects\[1\]\.tiers\.prod\.gitlab\.projectId/,
    /expected number/,
  ],
  [
    "a CircleCI project id that is not a UUID",
    (d) => (tierOf(d, "mobile", "prod").circleci.projectId = "*"),
    /projects\[4\]\.tiers\.prod\.circleci\.projectId/,
    /UUID/,
  ],
  [
    "a '.' in an Azure service connection name (an OIDC wildcard)",
    (d) => (tierOf(d, "ledger", "prod").azureDevops.serviceConnection.name = "pulumi.prod"),
    /projects\[2\]\.tiers\.prod\.azureDevops\.serviceConnection\.name/,
    /no '\.'/,
  ],
  [
    "a '.' in a Jenkins job path",
    (d) => (tierOf(d, "search", "prod").jenkins.jobPath = "search/search.infra"),
    /projects\[3\]\.tiers\.prod\.jenkins\.jobPath/,
    /no '\.'/,
  ],
  [
    "Jenkins previews",
    (d) => (tierOf(d, "search", "staging").previewPullRequests = true),
    /projects\[3\]\.tiers\.staging\.previewPullRequests/,
    /job\/PR-<n>/,
  ],
  [
    "Jenkins on a protected tier with manual runs",
    (d) => (d.config[T][2].deploy.manualDispatch = true),
    /projects\[3\]\.tiers\.prod/,
    /Replay/,
  ],
  [
    "GitLab previews on a protected tier",
    (d) => (tierOf(d, "billing", "prod").previewPullRequests = true),
    /projects\[1\]\.tiers\.prod\.previewPullRequests/,
    /no claim of that CI's tokens proves/,
  ],
  [
    "CircleCI previews on a protected tier",
    (d) => {
      tierOf(d, "mobile", "prod").previewPullRequests = true;
      tierOf(d, "mobile", "prod").circleci.previewContextId =
        "11111111-2222-4333-8444-555555555555";
      tierOf(d, "mobile", "prod").circleci.previewContext = "prod-preview";
    },
    /projects\[4\]\.tiers\.prod\.previewPullRequests/,
    /no claim of that CI's tokens proves/,
  ],
  [
    "REST-triggered previews",
    (d) => (tierOf(d, "web", "staging").previewPullRequests = true),
    /projects\[5\]\.tiers\.staging\.previewPullRequests/,
    /REST-triggered deployments only deploy/,
  ],
  [
    "a trigger on a GitHub Actions pipeline",
    (d) => (tierOf(d, "payments", "staging").trigger = "api"),
    /projects\[0\]\.tiers\.staging\.trigger/,
    /only applies to pulumi-deployments/,
  ],
  [
    "an Azure preview sharing the deploy's service connection",
    (d) => {
      const a = tierOf(d, "ledger", "staging").azureDevops;
      a.previewServiceConnection = { ...a.serviceConnection };
    },
    /projects\[2\]\.tiers\.staging\.azureDevops\.previewServiceConnection/,
    /must differ/,
  ],
  [
    "a CircleCI preview in the restricted deploy context",
    (d) => {
      const c = tierOf(d, "mobile", "staging").circleci;
      c.previewContextId = c.contextId;
    },
    /projects\[4\]\.tiers\.staging\.circleci\.previewContextId/,
    /must differ/,
  ],
  [
    "GitLab CI for a repository on GitHub",
    (d) => (d.config[P][PROJECT.billing].repositoryHost = "github"),
    /projects\[1\]\.tiers\.(staging|prod)\.ci/,
    /need a repository on "gitlab"/,
  ],
  [
    "REST-triggered deployments of a repository that is not on GitHub",
    (d) => (d.config[P][PROJECT.web].repositoryHost = "gitlab"),
    /projects\[5\]\.tiers\.(staging|prod)/,
    /must be on GitHub/,
  ],
  [
    "two repositories claiming one GitLab project",
    (d) => {
      const other = structuredClone(d.config[P][PROJECT.billing]);
      other.name = "billing2";
      other.repository = "billing2-infra";
      d.config[P].push(other);
    },
    /projects\[7\]\.tiers\.(staging|prod)\.gitlab/,
    /also declared for repository "billing-infra"/,
  ],
  [
    "one Jenkins job for two tiers (staging's job could obtain the prod token)",
    (d) => (tierOf(d, "search", "prod").jenkins.jobPath = "search/search-infra"),
    /projects\[3\]\.tiers\.staging/,
    /could obtain team search-prod-deploy's token/,
  ],
  [
    "one Azure service connection for two tiers",
    (d) =>
      (tierOf(d, "ledger", "prod").azureDevops.serviceConnection = {
        ...tierOf(d, "ledger", "staging").azureDevops.serviceConnection,
      }),
    /projects\[2\]\.tiers\.(staging|prod)/,
    /could obtain team ledger-(staging|prod)-deploy's token/,
  ],
  [
    "a GitLab preview that reaches more than the repository's writers (the PR-reachable invariant)",
    (d) => (d.config[T][1].roles.developer.environment = "read"),
    /tiers\[1\]\.deploy\.previewPullRequests/,
    /merge\/pull request pipeline on gitlab .* billing-staging-preview/,
  ],
];

describe("config: CI pipelines and REST-triggered deployments (issue 16)", () => {
  it("the multi-ci example validates", () => {
    const r = multiCiLoad();
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors, null, 1));
  });
  for (const [what, edit, path, message] of cases)
    it(`refuses ${what}`, () => {
      const errors = errorsOf(edit);
      assert.ok(
        errors.some((e) => path.test(e.path) && message.test(e.message)),
        JSON.stringify(errors, null, 1),
      );
    });
  it("writers of a repository on another host are every team whose role pushes (the host's members are not managed)", () => {
    const errors = errorsOf((d) => {
      // billing's developers (no GitHub mirror) now hold less than the preview on staging.
      d.config[T][1].roles.developer.environment = "read";
    });
    assert.ok(
      errors.some((e) =>
        /acme\/billing-infra obtains the token of team billing-staging-preview/.test(e.message),
      ),
    );
  });
});
