/**
 * Issue 14, classes 3, 4, 5, 6 and 11: deploy branches outside the rules, repository admins,
 * the bootstrap without reviewers, identities that collide, and code owners who cannot own.
 * Hostile edits of the prod example through the command line (see ./support.ts).
 */
import assert from "node:assert/strict";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

describe("hardening: deploy branches outside the rules (class 3)", () => {
  it("refuses a protected tier deploying (GitHub Actions) from a branch the ruleset does not cover", async () => {
    const run = await planEdited((d) => (d.config[key.tiers][2].deploy.branch = "release"));
    assertRefused(
      run,
      "projects[0].tiers.prod",
      'deploys from branch "release"',
      "protectedBranches",
    );
  });

  it("refuses the same through Pulumi Deployments and for the bootstrap", async () => {
    const run = await planEdited((d) => (d.config[key.tiers][2].deploy.branch = "release"));
    assertRefused(run, "projects[1].tiers.prod", "does not cover");
    assertRefused(run, "projects[2].tiers.prod", "does not cover");
  });

  it("refuses a project whose default branch is not the protected tier's branch", async () => {
    const run = await planEdited((d) => (d.config[key.projects][0].defaultBranch = "develop"));
    assertRefused(run, "projects[0].tiers.prod", '"develop"');
  });

  it("refuses two projects of one repository that disagree on its default branch", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][1].repository = "payments-infra";
      d.config[key.projects][1].defaultBranch = "release";
      d.config[key.projects][1].protectedBranches = ["main"];
    });
    assertRefused(run, "projects[1].defaultBranch", "one default branch");
  });

  it("refuses a '.' in a protected deploy branch even when a ruleset covers it", async () => {
    const run = await planEdited((d) => {
      d.config[key.tiers][2].deploy.branch = "release/1.0";
      for (const p of d.config[key.projects]) p.protectedBranches = ["release/1.0"];
    });
    assertRefused(run, "tiers[2].deploy.branch", "matches as any character");
  });

  it("refuses an unprotected pipeline tier deploying from a branch nobody reviews", async () => {
    const run = await planEdited((d) => (d.config[key.tiers][1].deploy.branch = "develop"));
    assertRefused(run, "projects[0].tiers.staging", "a direct push to develop", "stack write");
    assertRefused(run, "projects[1].tiers.staging", "Pulumi Deployments' token", "stack admin");
  });

  it("accepts another branch once the rulesets cover it, with a ruleset of its own", async () => {
    const run = await planEdited(
      (d) => {
        d.config[key.tiers][2].deploy.branch = "release";
        for (const p of d.config[key.projects]) p.protectedBranches = ["release"];
      },
      "prod",
      ["--json"],
    );
    assertAccepted({
      ...run,
      stdout: run.stdout.includes('"formatVersion"') ? "secure-org plan:" : "",
    });
    const report = JSON.parse(run.stdout) as {
      resources: { type: string; inputs: Record<string, unknown> }[];
    };
    const includes = report.resources
      .filter((r) => r.type === "github:index/repositoryRuleset:RepositoryRuleset")
      .map((r) => JSON.stringify((r.inputs.conditions as { refName: unknown }).refName));
    for (const n of ["~DEFAULT_BRANCH", "refs/heads/release"])
      assert.ok(
        includes.some((i) => i.includes(n)),
        `no ruleset includes ${n}: ${includes.join(" ")}`,
      );
  });
});

describe("hardening: repository admins (class 4)", () => {
  it("refuses a role that gives admin on a repository deploying a protected tier", async () => {
    const run = await planEdited((d) => (d.config[key.roles].maintainer = { repository: "admin" }));
    assertRefused(
      run,
      "roles.maintainer.repository",
      "admin on repository payments-infra",
      "edit the ruleset",
    );
  });

  it("refuses it through a project entry that beats '*'", async () => {
    const run = await planEdited((d) => {
      d.config[key.roles].owner = { repository: "admin" };
      for (const t of d.config[key.tiers]) t.roles.owner = { stack: "none", environment: "none" };
      d.config[key.teams][1].access = { payments: "owner" };
    });
    assertRefused(run, "roles.owner.repository", "team payments", "payments-infra");
  });

  it("refuses it for the platform repository, which deploys the bootstrap", async () => {
    const run = await planEdited((d) => {
      d.config[key.roles].owner = { repository: "admin" };
      for (const t of d.config[key.tiers]) t.roles.owner = { stack: "none", environment: "none" };
      d.config[key.teams][2].access = { web: "developer", "secure-org": "owner" };
    });
    assertRefused(run, "roles.owner.repository", "repository platform");
  });

  it("accepts it as break-glass with a justification, reported as high", async () => {
    const run = await planEdited(
      (d) => {
        d.config[key.roles].maintainer = {
          repository: "admin",
          breakGlass: {
            justification: "Platform administers repositories during the migration (PLAT-12)",
          },
        };
      },
      "prod",
      ["--json"],
    );
    assert.equal(run.code, 0, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: { code: string; severity: string }[] })
      .findings;
    assert.ok(findings.some((f) => f.code === "repository-admin" && f.severity === "high"));
  });
});

describe("hardening: the bootstrap deploys only from a protected tier (class 5)", () => {
  it("refuses the bootstrap on an unprotected pipeline tier", async () => {
    const run = await planEdited((d) => (d.config[key.projects][2].tiers = { staging: {} }));
    assertRefused(run, "projects[2].tiers.staging", "organization token", "protected tier");
  });

  it("refuses the bootstrap on a direct tier", async () => {
    const run = await planEdited((d) => (d.config[key.projects][2].tiers = { dev: {} }));
    assertRefused(run, "projects[2].tiers.dev", "protected tier");
  });

  it("refuses it when the tier it uses is made unprotected", async () => {
    const run = await planEdited((d) => {
      const prod = d.config[key.tiers][2];
      prod.protected = false;
      delete prod.roles.oncall.breakGlass;
      prod.roles.oncall.environment = "read";
    });
    assertRefused(run, "projects[2].tiers.prod", "not protected");
  });
});

describe("hardening: identities that collide (class 6)", () => {
  it("refuses two repositories with the same numeric id", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][0].repositoryId = 4242;
      d.config[key.projects][1].repositoryId = 4242;
    });
    assertRefused(run, "projects[1].repositoryId", 'also given to repository "payments-infra"');
  });

  it("refuses one repository with two ids", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][1].repository = "payments-infra";
      d.config[key.projects][0].repositoryId = 4242;
      d.config[key.projects][1].repositoryId = 4343;
    });
    assertRefused(run, "projects[1].repositoryId", "already has id 4242");
  });

  it("refuses it whatever the case of the repository names", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][0].repositoryId = 7;
      d.config[key.projects][2].repositoryId = 7;
      d.config[key.projects][2].repository = "platform";
    });
    assertRefused(run, "projects[2].repositoryId", "also given to");
  });

  it("refuses a repository id that is the owner's id", async () => {
    const run = await planEdited((d) => {
      d.config[key.github].ownerId = 5150;
      d.config[key.projects][0].repositoryId = 5150;
    });
    assertRefused(run, "projects[0].repositoryId", "is github.ownerId");
  });

  it("refuses two unreviewed previews that cannot be told apart", async () => {
    const run = await planEdited((d) => {
      // Web moves into payments-infra and previews staging with GitHub Actions, unreviewed.
      d.config[key.projects][1].repository = "payments-infra";
      d.config[key.projects][1].tiers.staging = {};
      d.config[key.tiers][1].deploy.reviewedPreviews = false;
      d.config[key.tiers][1].roles.developer = { stack: "read", environment: "open" };
      d.config[key.tiers][1].roles.maintainer = { stack: "read", environment: "open" };
      d.config[key.tiers][1].roles.auditor = { stack: "read", environment: "open" };
      d.config[key.tiers][1].roles.oncall = { stack: "read", environment: "open" };
      d.config[key.teams][2].access = { web: "developer", payments: "developer" };
      d.config[key.teams][1].access = { payments: "developer", web: "developer" };
    });
    assertRefused(
      run,
      "tiers[1].deploy.previewPullRequests",
      "could obtain the other's token",
      "reviewedPreviews",
    );
  });
});

describe("hardening: code owners who cannot own (class 11)", () => {
  it("refuses an approver team that holds only pull (the prod example before the fix)", async () => {
    const run = await planEdited((d) => (d.config[key.roles].auditor = { repository: "pull" }));
    assertRefused(run, "tiers[2].deploy.approvers[1]", "team security", "holds only pull");
  });

  it("refuses an approver team with no role on the repository (reviewing gives it only pull)", async () => {
    const run = await planEdited((d) => (d.config[key.teams][3].access = { web: "auditor" }));
    assertRefused(
      run,
      "tiers[2].deploy.approvers[1]",
      "in repository payments-infra",
      "holds only pull",
    );
  });

  it("refuses a platform team (owner of the workflows) without write", async () => {
    const run = await planEdited((d) => {
      d.config[key.github].platformTeam = "sre";
    });
    assertRefused(run, "github.platformTeam", "team sre");
  });
});
