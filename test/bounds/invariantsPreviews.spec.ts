/**
 * The previews invariant (model/invariants/previews.ts) at the config level: two projects of one
 * repository previewing pull requests to one branch, unreviewed, could each obtain the other's
 * token (a pull_request job's claims do not name its workflow): refused, at the tier's
 * previewPullRequests. Reviewed previews (each in its own GitHub environment) or another
 * repository make them distinguishable: accepted.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, key, StackDoc } from "../support/examples";

/** payments and web both preview pull requests to main on staging, from one repository. */
function shared(d: StackDoc) {
  const t = d.config[key.tiers][1];
  delete t.deploy.reviewedPreviews;
  t.deploy.previewPullRequests = true;
  for (const r of ["developer", "maintainer", "auditor", "oncall"])
    t.roles[r] = { stack: "read", environment: "open" };
  const web = d.config[key.projects][1];
  web.repository = "payments-infra";
  web.tiers.staging = { cloud: web.tiers.staging.cloud };
}
function previewErrors(edit: (d: StackDoc) => void): ConfigIssue[] {
  const doc = exampleDoc("prod");
  edit(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return r.ok ? [] : r.errors.filter((e) => /both preview pull requests/.test(e.message));
}

describe("bounds: previews that cannot be told apart", () => {
  it("two unreviewed previews to one branch of one repository: refused, both named", () => {
    assert.deepEqual(
      previewErrors(shared).map((e) => [e.path, e.message]),
      [
        [
          "tiers[1].deploy.previewPullRequests",
          "payments/staging and web/staging both preview pull requests to main in repository payments-infra: " +
            "a pull_request job's OIDC claims do not name its workflow, so each preview could obtain the other's token. " +
            "Set deploy.reviewedPreviews: true (each project's previews then run in their own GitHub environment, which the policies pin), " +
            "preview only one of them, or move one project to its own repository",
        ],
      ],
    );
  });

  it("reviewed previews (each in its own GitHub environment): accepted", () => {
    assert.deepEqual(
      previewErrors((d) => {
        shared(d);
        d.config[key.tiers][1].deploy.reviewedPreviews = true;
      }),
      [],
    );
  });

  it("another repository: accepted", () => {
    assert.deepEqual(
      previewErrors((d) => {
        shared(d);
        d.config[key.projects][1].repository = "web-app";
      }),
      [],
    );
  });

  it("only one of them previews: accepted", () => {
    assert.deepEqual(
      previewErrors((d) => {
        shared(d);
        d.config[key.projects][1].tiers.staging.previewPullRequests = false;
      }),
      [],
    );
  });
});
