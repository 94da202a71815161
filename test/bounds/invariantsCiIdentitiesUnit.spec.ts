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
});
