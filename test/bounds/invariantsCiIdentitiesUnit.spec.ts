/**
 * The distinct-CI-identities check (model/invariants/ciIdentities.ts) called directly on the
 * multi-CI example's model: nothing to report as it is, and an issuer URL claimed by two CI systems
 * (which the issuers cannot be built from) is reported at `projects` with the builder's message,
 * not thrown.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { checkDistinctCiIdentities } from "../../model/invariants/ciIdentities";
import { fixture } from "../support/invariantFixtures";

// Loaded on first use inside a test (test/support/invariantFixtures.ts), not at module level.
const cfg = () => fixture("multi-ci").config;
const model0 = () => fixture("multi-ci").model;

describe("bounds: distinct CI identities, unit", () => {
  it("the multi-CI example: nothing to report", () => {
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(cfg(), model0(), errors);
    assert.deepEqual(errors, []);
  });

  it("one issuer URL for GitLab and Azure DevOps: reported at projects, not thrown", () => {
    const model = structuredClone(model0());
    const gitlab = model.identities.find((i) => i.binding?.system === "gitlab")?.binding;
    const azure = model.identities.find((i) => i.binding?.system === "azure-devops")?.binding;
    assert.ok(gitlab && azure);
    (azure as { issuer: string }).issuer = gitlab.issuer;
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(cfg(), model, errors);
    assert.deepEqual(errors, [
      {
        path: "projects",
        message: `issuer ${gitlab.issuer} is declared for both gitlab and azure-devops`,
      },
    ]);
  });

  const FIX =
    "Give each tier its own CI identity: a different branch or Jenkins job, Azure service connection or CircleCI context";
  /** The model with `wide`'s CI binding given to `narrow`'s identity too (one job or connection). */
  function shared(narrow: string, wide: string): ConfigIssue[] {
    const model = structuredClone(model0());
    const a = model.identities.find((i) => i.team === narrow);
    const b = model.identities.find((i) => i.team === wide);
    assert.ok(a?.binding && b);
    (b as { binding: unknown }).binding = structuredClone(a.binding);
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(cfg(), model, errors);
    return errors;
  }

  it("one Jenkins job for staging and prod: refused once, at staging, naming the prod team", () =>
    assert.deepEqual(shared("search-staging-deploy", "search-prod-deploy"), [
      {
        path: "projects[3].tiers.staging",
        message:
          "the jenkins tokens of search/staging deploy also match every rule of search/prod deploy's policy on " +
          `https://jenkins.example.com/oidc, so its job could obtain team search-prod-deploy's token too. ${FIX}`,
      },
    ]));

  it("one Azure DevOps service connection for staging and prod: refused once, at staging", () =>
    assert.deepEqual(shared("ledger-staging-deploy", "ledger-prod-deploy"), [
      {
        path: "projects[2].tiers.staging",
        message:
          "the azure-devops tokens of ledger/staging deploy also match every rule of ledger/prod deploy's policy on " +
          `https://vstoken.dev.azure.com/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f, so its job could obtain team ledger-prod-deploy's token too. ${FIX}`,
      },
    ]));
});
