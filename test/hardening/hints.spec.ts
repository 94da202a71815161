/**
 * Error messages that say what to write instead, through the command line: a deploy mode that
 * names a CI points to the project tier's `ci:` key, GitHub's web names of repository roles point
 * to the API's, other unknown enum values and keys get a did-you-mean (Levenshtein); and a team
 * with members but no githubMembers on a project whose pipeline runs on GitHub gets a finding that
 * says what its members cannot do.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { main } from "../../scripts/plan";
import { PlanReport } from "../../plan";
import { ROOT } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

/* eslint-disable @typescript-eslint/no-explicit-any */
const tiers = (d: any) => d.config[key.tiers];

describe("hints: refusals that say what to write instead", function () {
  this.timeout(120_000);

  const modes: [string, string][] = [
    ["gitlab-ci", "gitlab"],
    ["GitLab", "gitlab"],
    ["azure-pipelines", "azure-devops"],
    ["jenkins", "jenkins"],
    ["circleci", "circleci"],
  ];
  for (const [mode, ci] of modes)
    it(`mode: ${mode} points to ci: ${ci} on the project's tier`, async () => {
      const run = await planEdited((d) => (tiers(d)[1].deploy.mode = mode));
      assertRefused(
        run,
        "tiers[1].deploy.mode",
        `"${mode}" is not allowed`,
        `projects[].tiers.<tier>.ci: ${ci}`,
        "docs/deploy-routes.md",
      );
    });

  it("a misspelt mode gets a did-you-mean", async () => {
    const run = await planEdited((d) => (tiers(d)[1].deploy.mode = "githb-actions"));
    assertRefused(run, "tiers[1].deploy.mode", '(did you mean "github-actions"?)');
  });

  it("a project tier's ci: gitlab-ci gets did you mean gitlab", async () => {
    const run = await planEdited((d) => (d.config[key.projects][0].tiers.prod.ci = "gitlab-ci"));
    assertRefused(run, "projects[0].tiers.prod.ci", '(did you mean "gitlab"?)');
  });

  for (const [word, api] of [
    ["read", "pull"],
    ["Write", "push"],
    ["owner", "admin"],
  ])
    it(`repository: ${word} suggests ${api}`, async () => {
      const run = await planEdited((d) => (d.config[key.roles].oncall.repository = word));
      assertRefused(run, "roles.oncall.repository", `(did you mean "${api}"?)`);
    });

  it("a misspelt key gets the nearest allowed key", async () => {
    const run = await planEdited((d) => {
      const deploy = tiers(d)[2].deploy;
      deploy.aprovers = deploy.approvers;
      delete deploy.approvers;
    });
    assertRefused(run, "tiers[2].deploy.aprovers", '(did you mean "approvers"?)');
  });

  it("a value far from every allowed one gets no guess, and __proto__ is just a value", async () => {
    for (const value of ["kubernetes", "__proto__", "constructor"]) {
      const run = await planEdited((d) => (tiers(d)[1].deploy.mode = value));
      assertRefused(run, "tiers[1].deploy.mode", `${JSON.stringify(value)} is not allowed`);
      assert.doesNotMatch(run.stderr, /did you mean/, run.stderr);
    }
  });
});

describe("hints: a team the GitHub side will not know", function () {
  this.timeout(120_000);

  async function findings(file: string, edit?: (d: any) => void) {
    const doc = parse(readFileSync(path.join(ROOT, file), "utf8"));
    edit?.(doc);
    const dir = mkdtempSync(path.join(tmpdir(), "secure-org-hints-"));
    try {
      const config = path.join(dir, file);
      writeFileSync(config, stringify(doc));
      let out = "";
      let err = "";
      const code = await main(["--config", config, "--json"], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (err += t),
      });
      assert.equal(code, 0, err);
      return (JSON.parse(out) as PlanReport).findings.filter(
        (f) => f.code === "team-without-github-members",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("the dev example's search team (members, no githubMembers, Deployments by the GitHub App)", async () => {
    const found = await findings("Pulumi.dev.yaml");
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].path, "teams[2].githubMembers");
    assert.equal(found[0].severity, "low");
    assert.match(found[0].message, /team "search" has members but no githubMembers/);
    assert.match(found[0].message, /on search-infra \(pipelines on GitHub\)/);
    assert.match(found[0].message, /cannot push branches, open pull requests/);
  });

  it("a team on GitLab, Azure Repos or an empty team gets none; giving githubMembers clears it", async () => {
    // multi-ci: billing works on GitLab, ledger on Azure Repos, neither has githubMembers.
    assert.deepEqual(await findings("Pulumi.multi-ci.yaml"), []);
    assert.deepEqual(
      await findings(
        "Pulumi.dev.yaml",
        (d) => (d.config[key.teams][2].githubMembers = ["dave-gh"]),
      ),
      [],
    );
    assert.deepEqual(
      await findings("Pulumi.dev.yaml", (d) => (d.config[key.teams][2].members = [])),
      [],
    );
  });

  it("a team reaching every project with '*' is named on each GitHub repository", async () => {
    const found = await findings(
      "Pulumi.prod.yaml",
      (d) => delete d.config[key.teams][4].githubMembers,
    );
    assert.equal(found.length, 1);
    assert.match(
      found[0].message,
      /team "sre" .* on payments-infra, web-app \(pipelines on GitHub\)/,
    );
    const all = await findings("Pulumi.prod.yaml", (d) => {
      delete d.config[key.teams][3].githubMembers;
      d.config[key.teams][3].access = { "*": "auditor", "secure-org": "auditor" };
      // security approves prod: keep it a GitHub team there by moving approvals to platform.
      d.config[key.tiers][2].deploy.approvers = ["platform"];
      d.config[key.tiers][2].deploy.requiredApprovals = 1;
    });
    assert.match(all[0].message, /on payments-infra, web-app, platform \(pipelines on GitHub\)/);
  });

  it("the plan still accepts a config with such a team (a finding, not an error)", async () => {
    assertAccepted(await planEdited((d) => delete d.config[key.teams][1].githubMembers));
  });
});
