/**
 * The distinct-CI-identities check (model/invariants/ciIdentities.ts) called directly on the
 * multi-CI example's model: nothing to report as it is, and an issuer URL claimed by two CI systems
 * (which the issuers cannot be built from) is reported at `projects` with the builder's message,
 * not thrown.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import type { ConfigIssue } from "../../model/config";
import { checkDistinctCiIdentities } from "../../model/invariants/ciIdentities";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc } from "../support/examples";

const r = loadOrgConfig(entriesOf(exampleDoc("multi-ci")));
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const config = r.config;
const model0 = buildAccessModel(r.config, r.warnings);

describe("bounds: distinct CI identities, unit", () => {
  it("the multi-CI example: nothing to report", () => {
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(config, model0, errors);
    assert.deepEqual(errors, []);
  });

  it("one issuer URL for GitLab and Azure DevOps: reported at projects, not thrown", () => {
    const model = structuredClone(model0);
    const gitlab = model.identities.find((i) => i.binding?.system === "gitlab")?.binding;
    const azure = model.identities.find((i) => i.binding?.system === "azure-devops")?.binding;
    assert.ok(gitlab && azure);
    (azure as { issuer: string }).issuer = gitlab.issuer;
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(config, model, errors);
    assert.deepEqual(errors, [
      {
        path: "projects",
        message: `issuer ${gitlab.issuer} is declared for both gitlab and azure-devops`,
      },
    ]);
  });
});
