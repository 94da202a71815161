/**
 * The GitHub Actions policies (model/oidc/policies.ts) at unit level, over a hand-made model of
 * identities named after GitHub's documented example token (octo-org/octo-repo, repository id
 * "74", owner id "65", environment prod, refs/heads/main, event workflow_dispatch;
 * test/fixtures/oidc-claims/github-actions.json, docs/assumptions.md "CI tokens"), with exact
 * expectations written here (issue 33):
 *
 * - numeric ids: boundaries (0, 1, -1, 1.5, the largest safe integer and one over, missing);
 * - the policies of each purpose (deploy, preview with and without environment, audit, drift),
 *   their denies, their order (organization first, teams by name, deploy before preview);
 * - each pin of a deploy policy, dropped alone, admits the documented token with that claim changed;
 * - the warnings: which way "wider" points, identical rules, a policy without rules.
 *
 * Nothing is built while mocha loads the spec (test/support/stryker.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { AccessModel, MachineIdentity } from "../../model/access";
import {
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  OidcPolicy,
  overlapWarnings,
  simulatePipelines,
  tokenLabel,
  tokensFor,
  toProviderPolicies,
} from "../../model/oidc";

const AUD = "urn:pulumi:org:acme";
const IDS: GithubIds = { ownerId: 65, repositoryIds: { "octo-repo": 74 } };

function documented(): Record<string, string> {
  const file = path.join(__dirname, "..", "fixtures", "oidc-claims", "github-actions.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { claims: Record<string, string> }).claims;
}

const deploy = (over: Partial<MachineIdentity> = {}): MachineIdentity => ({
  team: "octo-prod-deploy",
  ci: "github-actions",
  tokenType: "team",
  purpose: "deploy",
  project: "octo",
  tier: "prod",
  repository: "octo-repo",
  branch: "main",
  githubEnvironment: "prod",
  events: ["push"],
  workflowPath: ".github/workflows/oidc.yml",
  may: [],
  ...over,
});

// Only what buildOidcPolicies reads of a model.
const modelOf = (identities: MachineIdentity[], adopted: unknown[] = []): AccessModel =>
  ({
    organization: "acme",
    github: { owner: "octo-org" },
    identities,
    oidc: { adoptedPolicies: adopted },
  }) as unknown as AccessModel;

const WHERE = "octo-org/octo-repo (repository id 74, owner id 65)";
const deny = (team: string, event: string, why: string): OidcPolicy => ({
  decision: "deny",
  tokenType: "team",
  teamName: team,
  rules: { aud: AUD, repository_id: "74", event_name: event },
  description: `never the token of team ${team} from a run triggered by ${event} in ${WHERE}${why}`,
});
const granted = (policies: readonly OidcPolicy[], claims: Record<string, unknown>, team: string) =>
  tokensFor(policies, claims, [
    { tokenType: "team", team },
    { tokenType: "organization", permission: "admin" },
  ]).map(tokenLabel);

describe("oidc GitHub unit: numeric ids, boundaries (issue 33)", () => {
  const build = (ids: GithubIds) => buildOidcPolicies(modelOf([deploy()]), ids);
  it("an owner id of 1 and the largest safe integer are accepted, as strings", () => {
    assert.equal(build({ ...IDS, ownerId: 1 })[0].rules.repository_owner_id, "1");
    assert.equal(
      build({ ...IDS, ownerId: Number.MAX_SAFE_INTEGER })[0].rules.repository_owner_id,
      "9007199254740991",
    );
  });
  for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])
    it(`an owner id of ${bad} is refused, naming it`, () =>
      assert.throws(
        () => build({ ...IDS, ownerId: bad }),
        new RegExp(
          `^Error: the GitHub id of the owner octo-org must be a positive integer, got ${String(bad).replace(".", "\\.")}$`,
        ),
      ));
  it("a repository id of 0 is refused; a missing one names the repository", () => {
    assert.throws(
      () => build({ ...IDS, repositoryIds: { "octo-repo": 0 } }),
      /^Error: the GitHub id of repository octo-org\/octo-repo must be a positive integer, got 0$/,
    );
    assert.throws(
      () => build({ ...IDS, repositoryIds: {} }),
      /^Error: no numeric GitHub id for repository octo-org\/octo-repo: OIDC rules must pin numeric ids$/,
    );
    assert.throws(
      () => build({ ...IDS, ownerId: undefined as unknown as number }),
      /^Error: no numeric GitHub id for the owner octo-org: OIDC rules must pin numeric ids$/,
    );
  });
});

describe("oidc GitHub unit: the policies of each purpose (issue 33)", () => {
  it("a deploy: one allow per event, every pin, then the untrusted events and workflow_dispatch denied", () => {
    const why = ": deploys run only on reviewed pushes";
    assert.deepEqual(buildOidcPolicies(modelOf([deploy()]), IDS), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "octo-prod-deploy",
        rules: {
          aud: AUD,
          repository_owner_id: "65",
          repository_id: "74",
          environment: "prod",
          ref: "refs/heads/main",
          ref_type: "branch",
          event_name: "push",
          job_workflow_ref: "octo-org/octo-repo/.github/workflows/oidc.yml@refs/heads/main",
        },
        description: `octo/prod deploy: the token of team octo-prod-deploy for a push run on branch main of ${WHERE} in GitHub environment prod`,
      },
      ...[
        "pull_request",
        "pull_request_target",
        "workflow_run",
        "issue_comment",
        "workflow_dispatch",
      ].map((e) => deny("octo-prod-deploy", e, why)),
    ]);
  });

  it("a deploy with manual runs: an allow for workflow_dispatch, no deny for it; sub pinned in the configured format", () => {
    const p = buildOidcPolicies(modelOf([deploy({ events: ["push", "workflow_dispatch"] })]), {
      ...IDS,
      subjectFormats: { "octo-repo": "immutable" },
    });
    assert.deepEqual(
      p.map((x) => `${x.decision} ${x.rules.event_name}`),
      [
        "allow push",
        "allow workflow_dispatch",
        "deny pull_request",
        "deny pull_request_target",
        "deny workflow_run",
        "deny issue_comment",
      ],
    );
    assert.equal(p[1].rules.sub, "repo:octo-org@65/octo-repo@74:environment:prod");
    assert.ok(p[1].description.endsWith(" (sub pinned, immutable format)"), p[1].description);
  });

  it("a deploy without a workflow file pins no job_workflow_ref; without an environment it is refused", () => {
    const [allow] = buildOidcPolicies(modelOf([deploy({ workflowPath: undefined })]), IDS);
    assert.equal("job_workflow_ref" in allow.rules, false);
    assert.throws(
      () => buildOidcPolicies(modelOf([deploy({ githubEnvironment: undefined })]), IDS),
      /^Error: deploy identity octo-prod-deploy of octo\/prod has no GitHub environment$/,
    );
  });

  it("a reviewed preview: pull_request into the branch in its environment, sub of that environment; denies the other untrusted events", () => {
    const preview = deploy({
      team: "octo-prod-preview",
      purpose: "preview",
      githubEnvironment: "octo-prod-preview",
      events: ["pull_request"],
      workflowPath: undefined,
    });
    const p = buildOidcPolicies(modelOf([preview]), {
      ...IDS,
      subjectFormats: { "octo-repo": "legacy" },
    });
    assert.deepEqual(p[0], {
      decision: "allow",
      tokenType: "team",
      teamName: "octo-prod-preview",
      rules: {
        aud: AUD,
        repository_owner_id: "65",
        repository_id: "74",
        sub: "repo:octo-org/octo-repo:environment:octo-prod-preview",
        environment: "octo-prod-preview",
        event_name: "pull_request",
        base_ref: "main",
      },
      description:
        `octo/prod preview: the token of team octo-prod-preview for a pull_request run of ${WHERE} targeting main` +
        " in GitHub environment octo-prod-preview (approved per run) (sub pinned, legacy format)",
    });
    assert.deepEqual(
      p.slice(1),
      ["pull_request_target", "workflow_run", "issue_comment"].map((e) =>
        deny("octo-prod-preview", e, ": previews run only on pull_request"),
      ),
    );
  });

  it("an unreviewed preview: sub of a pull_request job, no environment; another event pins no sub", () => {
    const preview = deploy({
      team: "octo-dev-preview",
      purpose: "preview",
      githubEnvironment: undefined,
      events: ["pull_request", "pull_request_target"],
    });
    const p = buildOidcPolicies(modelOf([preview]), {
      ...IDS,
      subjectFormats: { "octo-repo": "legacy" },
    });
    assert.deepEqual(
      p.filter((x) => x.decision === "allow").map((x) => x.rules),
      [
        {
          aud: AUD,
          repository_owner_id: "65",
          repository_id: "74",
          sub: "repo:octo-org/octo-repo:pull_request",
          event_name: "pull_request",
          base_ref: "main",
        },
        {
          aud: AUD,
          repository_owner_id: "65",
          repository_id: "74",
          event_name: "pull_request_target",
          base_ref: "main",
        },
      ],
    );
    assert.ok(p[1].description.endsWith(" targeting main"), p[1].description);
    assert.deepEqual(
      p.filter((x) => x.decision === "deny").map((x) => x.rules.event_name),
      ["workflow_run", "issue_comment"],
    );
  });

  it("the scheduled audit and a drift check: their descriptions and denies (a drift check: dispatch and push too)", () => {
    const audit = deploy({
      team: "octo-auditor",
      purpose: "audit",
      events: ["schedule", "workflow_dispatch"],
      workflowPath: ".github/workflows/audit.yml",
    });
    const drift = deploy({ team: "octo-prod-drift", purpose: "drift", events: ["schedule"] });
    const p = buildOidcPolicies(modelOf([drift, audit]), IDS);
    assert.deepEqual(
      p.map((x) => `${x.teamName} ${x.decision} ${x.rules.event_name}`),
      [
        "octo-auditor allow schedule",
        "octo-auditor allow workflow_dispatch",
        "octo-auditor deny pull_request",
        "octo-auditor deny pull_request_target",
        "octo-auditor deny workflow_run",
        "octo-auditor deny issue_comment",
        "octo-prod-drift allow schedule",
        "octo-prod-drift deny pull_request",
        "octo-prod-drift deny pull_request_target",
        "octo-prod-drift deny workflow_run",
        "octo-prod-drift deny issue_comment",
        "octo-prod-drift deny workflow_dispatch",
        "octo-prod-drift deny push",
      ],
    );
    assert.equal(
      p[0].description,
      `scheduled audit (.github/workflows/audit.yml): the token of team octo-auditor for a schedule run on branch main of ${WHERE} in GitHub environment prod`,
    );
    assert.ok(
      p[2].description.endsWith(": the audit runs only on its schedule or a manual dispatch"),
    );
    assert.ok(p[7].description.endsWith(": the drift check runs only on its schedule"));
    assert.ok(p[6].description.startsWith("octo/prod drift: "), p[6].description);
  });

  it("the organization token first, then teams by name, deploy before preview; one team, one context", () => {
    const org = deploy({ team: "acme", tokenType: "organization", project: "platform" });
    const p = buildOidcPolicies(
      modelOf([
        deploy({ team: "b-preview", purpose: "preview", events: ["pull_request"] }),
        deploy({ team: "b-deploy" }),
        deploy({ team: "a-deploy" }),
        org,
      ]),
      IDS,
    );
    assert.deepEqual(
      p.filter((x) => x.decision === "allow").map((x) => x.teamName ?? x.tokenType),
      ["organization", "a-deploy", "b-deploy", "b-preview"],
    );
    const orgAllow = p[0];
    assert.deepEqual(orgAllow.authorizedPermissions, ["admin"]);
    assert.equal("teamName" in orgAllow, false);
    assert.ok(
      orgAllow.description.includes(": the organization admin token of acme for a push run"),
    );
    const [first, second] = [
      deploy({ team: "same" }),
      deploy({ team: "same", purpose: "preview", tier: "dev", events: ["pull_request"] }),
    ];
    assert.throws(
      () => buildOidcPolicies(modelOf([first, second]), IDS),
      /^Error: machine team "same" is claimed by both octo\/prod deploy and octo\/dev preview: one team token would be obtainable from both contexts$/,
    );
    // The organization token is one per organization, not a team: two org identities are no clash.
    assert.doesNotThrow(() => buildOidcPolicies(modelOf([org, { ...org, purpose: "audit" }]), IDS));
  });

  it("only GitHub Actions identities; adopted policies first, copied, with their break-glass", () => {
    const adopted = {
      decision: "allow",
      tokenType: "team",
      teamName: "legacy",
      userLogin: "u",
      runnerID: "r",
      authorizedPermissions: ["admin"],
      rules: { repository_id: "74" },
      breakGlass: { justification: "kept until the migration ends" },
    };
    const p = buildOidcPolicies(
      modelOf([deploy({ ci: "gitlab" }), deploy({ team: "gh" })], [adopted]),
      IDS,
    );
    assert.deepEqual(p[0], {
      decision: "allow",
      tokenType: "team",
      teamName: "legacy",
      userLogin: "u",
      runnerID: "r",
      authorizedPermissions: ["admin"],
      rules: { repository_id: "74" },
      description:
        "adopted policy 0 (kept as it was before adoption); break-glass: kept until the migration ends",
      adopted: 0,
    });
    assert.notEqual(p[0].rules, adopted.rules);
    assert.deepEqual(
      p.slice(1).map((x) => x.teamName),
      ["gh", "gh", "gh", "gh", "gh", "gh"],
    );
    const bare = buildOidcPolicies(
      modelOf([], [{ decision: "deny", tokenType: "organization", rules: {} }]),
      IDS,
    );
    assert.deepEqual(bare, [
      {
        decision: "deny",
        tokenType: "organization",
        rules: {},
        description: "adopted policy 0 (kept as it was before adoption)",
        adopted: 0,
      },
    ]);
    assert.deepEqual(toProviderPolicies([p[0]]), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "legacy",
        userLogin: "u",
        runnerID: "r",
        authorizedPermissions: ["admin"],
        rules: { repository_id: "74" },
      },
    ]);
  });
});

describe("oidc GitHub unit: each pin, dropped alone, on the documented token (issue 33)", () => {
  it("the documented workflow_dispatch token obtains the dispatch policy's token, and each pin refuses its foreign value", () => {
    const identity = deploy({
      events: ["workflow_dispatch"],
      workflowPath: ".github/workflows/oidc.yml",
    });
    const [allow] = buildOidcPolicies(modelOf([identity]), {
      ...IDS,
      subjectFormats: { "octo-repo": "legacy" },
    });
    // The documented token, its audience the organization's and its job the generated workflow's.
    const claims = {
      ...documented(),
      aud: AUD,
      job_workflow_ref: "octo-org/octo-repo/.github/workflows/oidc.yml@refs/heads/main",
    };
    assert.equal(allow.rules.sub, documented().sub);
    const FOREIGN: Record<string, string> = {
      aud: "https://github.com/octo-org",
      repository_owner_id: "66",
      repository_id: "75",
      sub: "repo:octo-org/octo-repo:environment:staging",
      environment: "staging",
      ref: "refs/heads/feature",
      ref_type: "tag",
      event_name: "push",
      job_workflow_ref: documented().job_workflow_ref,
    };
    assert.deepEqual(Object.keys(FOREIGN).sort(), Object.keys(allow.rules).sort());
    assert.deepEqual(granted([allow], claims, "octo-prod-deploy"), ["team:octo-prod-deploy"]);
    for (const [k, v] of Object.entries(FOREIGN)) {
      const hostile = { ...claims, [k]: v };
      assert.deepEqual(granted([allow], hostile, "octo-prod-deploy"), [], `${k}: refused`);
      const rest = { ...allow.rules };
      delete rest[k];
      assert.deepEqual(
        granted([{ ...allow, rules: rest }], hostile, "octo-prod-deploy"),
        ["team:octo-prod-deploy"],
        `${k}: admitted without the pin`,
      );
    }
  });
});

describe("oidc GitHub unit: the edges the first runs left (issue 33)", () => {
  it("a value with a wildcard is refused, naming the policy and rule; no adopted list reads as none", () => {
    assert.throws(
      () => buildOidcPolicies(modelOf([deploy({ githubEnvironment: "prod-*" })]), IDS),
      /policy 0 rule environment/,
    );
    const model = { ...modelOf([deploy()]), oidc: {} } as unknown as AccessModel;
    assert.equal(buildOidcPolicies(model, IDS).length, 6);
  });

  it("the organization token first even when it comes first and a team sorts before its name", () => {
    const org = deploy({ team: "zz-org", tokenType: "organization", project: "platform" });
    const p = buildOidcPolicies(modelOf([org, deploy({ team: "a-deploy" })]), IDS);
    assert.deepEqual(
      p.filter((x) => x.decision === "allow").map((x) => x.teamName ?? x.tokenType),
      ["organization", "a-deploy"],
    );
  });

  it("overlaps: a pair sharing a rule where neither covers the other is no warning", () => {
    const policy = (team: string, rules: Record<string, string>): OidcPolicy => ({
      decision: "allow",
      tokenType: "team",
      teamName: team,
      rules,
      description: "",
    });
    assert.deepEqual(
      overlapWarnings([
        policy("a", { x: "1", y: "2" }),
        policy("b", { x: "1", z: "3" }),
        policy("c", { y: "2", z: "3" }),
      ]),
      [],
    );
  });

  it("overlaps are reported in pair order, however the pairs were found", () => {
    const policy = (
      team: string,
      rules: Record<string, string>,
      decision = "allow",
    ): OidcPolicy => ({
      decision: decision as "allow",
      tokenType: "team",
      teamName: team,
      rules,
      description: "",
    });
    // Found as (1,3) from policy 1's rarest rule, then (1,2) and (2,3) from policy 2's.
    assert.deepEqual(
      overlapWarnings([
        policy("t0", { a: "1" }, "deny"),
        policy("t1", { a: "1", b: "1" }),
        policy("t2", { b: "1" }),
        policy("t3", { a: "1", b: "1", x: "1" }),
      ]),
      [
        "policy 2 (team:t2) is wider than policy 1 (team:t1): any job that can get team:t1 can also get team:t2",
        "policy 1 (team:t1) is wider than policy 3 (team:t3): any job that can get team:t3 can also get team:t1",
        "policy 2 (team:t2) is wider than policy 3 (team:t3): any job that can get team:t3 can also get team:t2",
      ],
    );
  });
});

describe("oidc GitHub unit: claims defaults and the context table's expectations (issue 33)", () => {
  const base = {
    organization: "acme",
    owner: "octo-org",
    ownerId: 65,
    repository: "octo-repo",
    repositoryId: 74,
  };
  it("claims without a workflow, format or head branch: the defaults, and no environment claim", () => {
    assert.deepEqual(claimsFor({ ...base, event: "push", branch: "main" }), {
      iss: "https://token.actions.githubusercontent.com",
      aud: AUD,
      sub: "repo:octo-org/octo-repo:ref:refs/heads/main",
      repository: "octo-org/octo-repo",
      repository_owner: "octo-org",
      repository_id: "74",
      repository_owner_id: "65",
      repository_visibility: "private",
      actor: "octocat",
      event_name: "push",
      ref: "refs/heads/main",
      ref_type: "branch",
      base_ref: "",
      head_ref: "",
      workflow: "pulumi",
      workflow_ref: "octo-org/octo-repo/.github/workflows/pulumi.yml@refs/heads/main",
      job_workflow_ref: "octo-org/octo-repo/.github/workflows/pulumi.yml@refs/heads/main",
      runner_environment: "github-hosted",
    });
    assert.equal(
      claimsFor({ ...base, event: "pull_request", baseBranch: "main" }).head_ref,
      "feature/change",
    );
  });

  it("the context table: only GitHub identities, no audit rows without an audit, expected tokens in candidate order", () => {
    const team = deploy();
    // The organization token for the same context (listed first): both are meant there.
    const org = deploy({ team: "acme", tokenType: "organization", project: "platform" });
    const jenkins = deploy({ team: "octo-ci-deploy", ci: "jenkins", githubEnvironment: undefined });
    const model = {
      ...modelOf([org, team, jenkins]),
      pipelines: [
        { key: "octo/prod", workflowPath: ".github/workflows/oidc.yml", deploy: team },
        { key: "octo/ci", deploy: jenkins },
      ],
    } as unknown as AccessModel;
    const rows = simulatePipelines(model, IDS, buildOidcPolicies(model, IDS));
    assert.equal(rows.length, 18); // 9 deploy scenarios (no other repository), 2 sub formats
    assert.deepEqual(
      rows.map((r) => r.pipeline),
      Array(18).fill("octo/prod"),
    );
    assert.deepEqual(rows[0].expected, ["team:octo-prod-deploy", "organization:admin"]);
    assert.deepEqual(rows[0].tokens, ["team:octo-prod-deploy", "organization:admin"]);
    assert.equal(rows[0].context, "deploy: push to main in environment prod [legacy sub]");
    // A team scope that is a pattern reaches every machine team, and only teams: the candidates.
    const anyTeam: OidcPolicy = {
      decision: "allow",
      tokenType: "team",
      teamName: "*",
      rules: {},
      description: "",
    };
    assert.deepEqual(simulatePipelines(model, IDS, [anyTeam])[0].tokens, [
      "team:octo-prod-deploy",
      "team:octo-ci-deploy",
    ]);
  });
});
