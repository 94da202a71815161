/**
 * Issue 27, class 2: names the program derives (GitHub environments, workflow files, teams,
 * webhook display names) collide with names the user gives. Hostile edits of the prod example
 * through the command line (see ./support.ts).
 */
import assert from "node:assert/strict";
import { derivedNames } from "../../model/config/policy/derived";
import { policyContext } from "../../model/config/policy/shared";
import { viewOf } from "../../model/config/view";
import {
  driftEnvironmentName,
  driftWorkflowPath,
  machineTeamName,
  previewEnvironmentName,
  workflowPath,
} from "../../model/names";
import { exampleConfig } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited, protectedTier } from "./support";

describe("hardening: derived names are reserved (issue 27, class 2)", () => {
  it("derives the reserved set with the functions that name the resources", () => {
    const { config } = exampleConfig("prod");
    const names = derivedNames(policyContext(viewOf(config), [], []));
    const of = (kind: string) => new Set(names.filter((n) => n.kind === kind).map((n) => n.name));
    assert.ok(of("GitHub environment").has(driftEnvironmentName("payments", "prod")));
    assert.ok(of("GitHub environment").has(previewEnvironmentName("web", "staging")));
    assert.ok(of("workflow file").has(driftWorkflowPath("payments", "prod")));
    assert.ok(of("workflow file").has(workflowPath("secure-org", "prod")));
    assert.ok(of("team").has(machineTeamName("web", "prod", "deploy")));
    assert.ok(of("GitHub environment").has("audit") && of("team").has("secure-org-auditor"));
  });

  it("refuses a protected tier named like a drift environment (it would deploy with no reviewers)", async () => {
    const run = await planEdited((d) => protectedTier(d, "payments-prod-drift"));
    assertRefused(
      run,
      "tiers[3].name",
      '"payments-prod-drift" is the GitHub environment secure-org derives for the drift check of payments/prod',
      "Rename the tier",
    );
  });

  it("refuses a protected tier named like a reviewed-preview environment (it would lose its approvers)", async () => {
    const run = await planEdited((d) => protectedTier(d, "payments-staging-preview"));
    assertRefused(run, "tiers[3].name", "the reviewed previews of payments/staging");
  });

  it("refuses it whatever the project's case (derived names are lower case)", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][1].name = "Web";
      for (const t of d.config[key.teams]) if (t.access.web) t.access = { Web: t.access.web };
      d.config[key.teams][4].access = { payments: "oncall", Web: "oncall" };
      protectedTier(d, "web-prod-preview");
    });
    assertRefused(run, "tiers[3].name", "the reviewed previews of Web/prod");
  });

  it("refuses a tier named like another project's drift environment, in another repository too", async () => {
    const run = await planEdited((d) => {
      protectedTier(d, "web-prod-drift");
    });
    assertRefused(run, "tiers[3].name", "the drift check of web/prod");
  });

  it("refuses a tier whose workflow file is another tier's drift workflow", async () => {
    const run = await planEdited((d) => protectedTier(d, "prod-drift"));
    assertRefused(
      run,
      "projects[0].tiers.prod-drift",
      "pulumi-payments-prod-drift.yml",
      "the drift check of payments/prod (projects[0].tiers.prod)",
    );
  });

  it("refuses a declared team named like a derived team", async () => {
    const run = await planEdited((d) =>
      d.config[key.teams].push({ name: "web-staging-preview", members: ["mallory"] }),
    );
    assertRefused(
      run,
      "teams[5].name",
      "is reserved for the pipeline identity of projects[1].tiers.staging",
    );
  });

  it("refuses an org-wide webhook display name another webhook derives, in any case", async () => {
    const run = await planEdited((d) =>
      d.config[key.audit].webhooks.push({
        name: "other",
        url: "https://hooks.example.com/other",
        displayName: "Secure-Org SECURITY",
        groups: ["stacks"],
      }),
    );
    assertRefused(
      run,
      "audit.webhooks[3].displayName",
      "the name secure-org gives audit.webhooks[0]",
    );
  });

  it("refuses two stacks of one project that differ only in case", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][1].tiers.staging.stack = "Production";
    });
    assertRefused(
      run,
      "projects[1].tiers.prod.stack",
      'stack "production" is already used by tier staging',
    );
  });

  it("accepts a protected tier whose name only resembles derived ones", async () => {
    assertAccepted(await planEdited((d) => protectedTier(d, "payments-prod-drift2")));
  });
});
