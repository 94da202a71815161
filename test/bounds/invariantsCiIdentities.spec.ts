/**
 * The distinct-CI-identities invariant (model/invariants/ciIdentities.ts) at the config level, on
 * the multi-CI example: two tiers sharing one Jenkins job, or one Azure DevOps service connection,
 * get tokens that match each other's policy, so the staging job could obtain the prod token:
 * refused once per pair, at the narrower tier, naming both. The example (one identity per tier)
 * is accepted.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, key, StackDoc } from "../support/examples";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const project = (d: StackDoc, name: string): any =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d.config[key.projects].find((p: any) => p.name === name);
function shared(edit: (d: StackDoc) => void): ConfigIssue[] {
  const doc = exampleDoc("multi-ci");
  edit(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return r.ok ? [] : r.errors.filter((e) => /also match every rule/.test(e.message));
}
const FIX =
  "Give each tier its own CI identity: a different branch or Jenkins job, Azure service connection or CircleCI context";

describe("bounds: CI identities other CIs cannot tell apart", () => {
  it("the multi-CI example (one job, connection or context per tier) is accepted", () =>
    assert.deepEqual(
      shared(() => undefined),
      [],
    ));

  it("one Jenkins job for staging and prod: refused once, at staging, naming the prod team", () =>
    assert.deepEqual(
      shared((d) => (project(d, "search").tiers.prod.jenkins.jobPath = "search/search-infra")).map(
        (e) => [e.path, e.message],
      ),
      [
        [
          "projects[3].tiers.staging",
          "the jenkins tokens of search/staging deploy also match every rule of search/prod deploy's policy on " +
            `https://jenkins.example.com/oidc, so its job could obtain team search-prod-deploy's token too. ${FIX}`,
        ],
      ],
    ));

  it("one Azure DevOps service connection for staging and prod: refused once, at staging", () =>
    assert.deepEqual(
      shared((d) => {
        const ledger = project(d, "ledger");
        ledger.tiers.prod.azureDevops.serviceConnection =
          ledger.tiers.staging.azureDevops.serviceConnection;
      }).map((e) => [e.path, e.message]),
      [
        [
          "projects[2].tiers.staging",
          "the azure-devops tokens of ledger/staging deploy also match every rule of ledger/prod deploy's policy on " +
            `https://vstoken.dev.azure.com/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f, so its job could obtain team ledger-prod-deploy's token too. ${FIX}`,
        ],
      ],
    ));
});
