/**
 * The issuer assembly (model/oidc/issuers.ts, ciIssuers.ts, declared.ts) at unit level over a
 * hand-made model (issue 33): issuer names (normalised, trimmed, at most 100 characters), one issuer
 * per URL in order of first use, a URL claimed by two CIs refused, wildcards refused per issuer,
 * a token whose `iss` no issuer has gets nothing (and says so), the declared issuers in order, and
 * the CI context rows. The bindings use the CIs' documented example values
 * (test/fixtures/oidc-claims/*.json).
 */
import assert from "node:assert/strict";
import type { AccessModel, CiBinding, MachineIdentity } from "../../model/access";
import {
  buildIssuers,
  ciIssuers,
  declaredIssuers,
  evaluateAcross,
  GithubIds,
  issuerName,
  orgCandidates,
  simulateCiPipelines,
  tokensAcross,
} from "../../model/oidc";
import { assertExact, ciIdentitiesByIssuer, identityLabel } from "../../model/oidc/issuers";

const JENKINS: CiBinding = {
  system: "jenkins",
  issuer: "https://jenkins.example.com/oidc",
  url: "https://jenkins.example.com",
  jobPath: "my-folder/my-job",
  credentialsId: "pulumi-oidc",
};
const GITLAB: CiBinding = {
  system: "gitlab",
  issuer: "https://gitlab.example.com",
  projectId: 20,
  namespaceId: 72,
  environment: "test-environment2",
};

const identity = (
  team: string,
  binding: CiBinding | undefined,
  over: Partial<MachineIdentity> = {},
) =>
  ({
    team,
    ci: binding?.system ?? "github-actions",
    binding,
    tokenType: "team",
    purpose: "deploy",
    project: "billing",
    tier: "prod",
    repository: "billing-infra",
    branch: "main",
    githubEnvironment: binding ? undefined : "prod",
    events: ["push"],
    may: [],
    ...over,
  }) as MachineIdentity;

function modelOf(
  identities: MachineIdentity[],
  additional: { url: string; reason: string }[] = [],
) {
  return {
    organization: "acme",
    github: { owner: "acme" },
    identities,
    pipelines: [],
    oidc: { maxExpirationSeconds: 900, adoptedPolicies: [], additionalIssuers: additional },
  } as unknown as AccessModel;
}

describe("oidc issuers unit: names and grouping (issue 33)", () => {
  it("issuerName: the CI, then the URL without https://, lower-cased, runs of other characters one dash, trimmed", () => {
    assert.equal(
      issuerName("jenkins", "https://Jenkins.Example.com/oidc"),
      "jenkins-jenkins-example-com-oidc",
    );
    assert.equal(
      issuerName("gitlab", "https://--gitlab.example.com//"),
      "gitlab-gitlab-example-com",
    );
    assert.equal(issuerName("circleci", "http://x.example"), "circleci-http-x-example");
  });

  it("issuerName: at most 100 characters (exactly 100 kept, 101 cut)", () => {
    const host = (n: number) => `https://${"a".repeat(n)}`;
    // "gitlab-" is 7 characters.
    assert.equal(issuerName("gitlab", host(93)).length, 100);
    assert.equal(issuerName("gitlab", host(93)), `gitlab-${"a".repeat(93)}`);
    assert.equal(issuerName("gitlab", host(94)), `gitlab-${"a".repeat(93)}`);
  });

  it("identities by issuer URL, in order of first use, skipping GitHub's; one URL, two CIs: refused", () => {
    const a = identity("a", JENKINS);
    const b = identity("b", GITLAB);
    const c = identity("c", JENKINS, { tier: "staging" });
    const grouped = ciIdentitiesByIssuer(modelOf([a, identity("gh", undefined), b, c]));
    assert.deepEqual(
      [...grouped].map(([url, g]) => [url, g.ci, g.identities.map((i) => i.team)]),
      [
        ["https://jenkins.example.com/oidc", "jenkins", ["a", "c"]],
        ["https://gitlab.example.com", "gitlab", ["b"]],
      ],
    );
    assert.throws(
      () =>
        ciIdentitiesByIssuer(modelOf([a, identity("d", { ...GITLAB, issuer: JENKINS.issuer })])),
      /^Error: issuer https:\/\/jenkins\.example\.com\/oidc is declared for both jenkins and gitlab$/,
    );
  });

  it("ciIssuers: one per URL, policies of its identities by team name; buildIssuers puts GitHub's first", () => {
    const model = modelOf([
      identity("z-deploy", JENKINS),
      identity("a-deploy", JENKINS, { branch: "release" }),
    ]);
    const [jenkins] = ciIssuers(model);
    assert.deepEqual(
      [jenkins.ci, jenkins.url, jenkins.name, jenkins.policies.map((p) => p.teamName)],
      ["jenkins", JENKINS.issuer, "jenkins-jenkins-example-com-oidc", ["a-deploy", "z-deploy"]],
    );
    const ids: GithubIds = { ownerId: 65, repositoryIds: { "billing-infra": 74 } };
    const three = modelOf([
      identity("a-deploy", JENKINS),
      identity("c-deploy", JENKINS, { branch: "c" }),
      identity("b-deploy", JENKINS, { branch: "b" }),
    ]);
    assert.deepEqual(
      ciIssuers(three)[0].policies.map((p) => p.teamName),
      ["a-deploy", "b-deploy", "c-deploy"],
    );
    const all = buildIssuers(model, ids);
    assert.deepEqual(
      all.map((i) => [i.ci, i.url, i.name]),
      [
        ["github-actions", "https://token.actions.githubusercontent.com", "github-actions"],
        ["jenkins", JENKINS.issuer, "jenkins-jenkins-example-com-oidc"],
      ],
    );
  });

  it("assertExact names the issuer, the policy and the rule of a wildcard", () => {
    const p = {
      decision: "allow" as const,
      tokenType: "team" as const,
      teamName: "t",
      description: "",
    };
    assert.doesNotThrow(() => assertExact([{ ...p, rules: { sub: "exact" } }], "https://i"));
    assert.throws(
      () =>
        assertExact(
          [
            { ...p, rules: { sub: "exact" } },
            { ...p, rules: { aud: "a", sub: "job/*" } },
          ],
          "https://i",
        ),
      /issuer https:\/\/i: policy 1 rule sub/,
    );
  });
});

describe("oidc issuers unit: exchanges across issuers (issue 33)", () => {
  const model = () =>
    modelOf([
      identity("billing-prod-deploy", JENKINS),
      identity("org", undefined, { tokenType: "organization" }),
    ]);
  const claims = {
    iss: "https://jenkins.example.com/oidc",
    aud: "urn:pulumi:org:acme",
    sub: "https://jenkins.example.com/job/my-folder/job/my-job/job/main/",
    build_number: 42,
  };

  it("candidates: every machine team, then the organization admin token", () =>
    assert.deepEqual(orgCandidates(model()), [
      { tokenType: "team", team: "billing-prod-deploy" },
      { tokenType: "organization", permission: "admin" },
    ]));

  it("the documented Jenkins token goes to its issuer and obtains its team's token", () => {
    const issuers = ciIssuers(model());
    assert.deepEqual(tokensAcross(issuers, claims, orgCandidates(model())), [
      { tokenType: "team", team: "billing-prod-deploy" },
    ]);
    const d = evaluateAcross(issuers, claims, { tokenType: "team", team: "billing-prod-deploy" });
    assert.equal(d.allowed, true);
    assert.equal(d.certain, true);
  });

  it("a token whose iss no issuer has: nothing, and the reason names that iss", () => {
    const issuers = ciIssuers(model());
    const other = { ...claims, iss: "https://jenkins.attacker.example/oidc" };
    assert.deepEqual(tokensAcross(issuers, other, orgCandidates(model())), []);
    assert.deepEqual(
      evaluateAcross(issuers, other, { tokenType: "team", team: "billing-prod-deploy" }),
      {
        allowed: false,
        certain: false,
        unsettled: [],
        reason:
          'team:billing-prod-deploy denied: no registered issuer is "https://jenkins.attacker.example/oidc"',
      },
    );
  });

  it("identityLabel: a team's label, or the organization admin token's", () => {
    assert.equal(identityLabel(identity("t", JENKINS)), "team:t");
    assert.equal(
      identityLabel(identity("o", undefined, { tokenType: "organization" })),
      "organization:admin",
    );
  });
});

describe("oidc issuers unit: declared issuers and CI context rows (issue 33)", () => {
  it("GitHub's, then each CI issuer in order of first use, then the additional ones with their index", () =>
    assert.deepEqual(
      declaredIssuers(
        modelOf(
          [identity("a", GITLAB), identity("b", JENKINS)],
          [{ url: "https://token.example.org", reason: "managed by the data team's own program" }],
        ),
      ),
      [
        {
          url: "https://token.actions.githubusercontent.com",
          kind: "managed",
          name: "github-actions",
          maxExpirationSeconds: 900,
          source: "OidcTrust",
          reason: "the GitHub Actions issuer of the pipelines' identities",
        },
        {
          url: "https://gitlab.example.com",
          kind: "managed",
          name: "gitlab-gitlab-example-com",
          maxExpirationSeconds: 900,
          source: "OidcTrust",
          reason: "the gitlab issuer of the pipelines' identities",
        },
        {
          url: "https://jenkins.example.com/oidc",
          kind: "managed",
          name: "jenkins-jenkins-example-com-oidc",
          maxExpirationSeconds: 900,
          source: "OidcTrust",
          reason: "the jenkins issuer of the pipelines' identities",
        },
        {
          url: "https://token.example.org",
          kind: "additional",
          source: "oidc.additionalIssuers[0]",
          reason: "managed by the data team's own program",
        },
      ],
    ));

  it("CI context rows: each scenario of each CI identity of a pipeline, labelled, granted and expected", () => {
    const deploy = identity("billing-prod-deploy", JENKINS);
    const model = {
      ...modelOf([deploy, identity("gh-deploy", undefined)]),
      pipelines: [
        { key: "billing/prod", deploy, preview: undefined },
        { key: "gh/prod", deploy: identity("gh-deploy", undefined), preview: undefined },
      ],
    } as unknown as AccessModel;
    const rows = simulateCiPipelines(model, ciIssuers(model));
    assert.deepEqual(
      rows.map((r) => [r.pipeline, r.context, r.tokens, r.expected]),
      [
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job/job/main/ [jenkins]",
          ["team:billing-prod-deploy"],
          ["team:billing-prod-deploy"],
        ],
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job/job/PR-42/ (a pull request's job) [jenkins]",
          [],
          [],
        ],
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job/job/feature%2Fchange/ (another branch's job) [jenkins]",
          [],
          [],
        ],
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job-fork/job/main/ (the same branch of another multibranch job) [jenkins]",
          [],
          [],
        ],
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job/job/main/ (another Jenkins) [jenkins]",
          [],
          [],
        ],
        [
          "billing/prod",
          "deploy: build of https://jenkins.example.com/job/my-folder/job/my-job/job/main/ (a credential with another audience) [jenkins]",
          [],
          [],
        ],
      ],
    );
  });
});
