/**
 * CI gates unique across projects and tiers (model/config/policy/ciGates.ts), called directly over
 * small lenient views with Azure DevOps service connections (the unit whose gates are named and
 * numbered): a deploy gate of one project declared for another, by name (case-blind) or by id, is
 * refused at the later use; the same entry, or one project's two tiers using one deploy gate, is
 * not this check's business; a deploy gate reused as a preview gate is. Exact errors. Fast enough
 * to run under every mutant of the policy-cigates group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkCiGates } from "../../model/config/policy/ciGates";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const ORG = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const az = (name: string, id: string, preview?: [string, string]) => ({
  ci: "azure-devops",
  azureDevops: {
    organizationId: ORG,
    organization: "acme",
    project: "ledger",
    serviceConnection: { name, id },
    ...(preview ? { previewServiceConnection: { name: preview[0], id: preview[1] } } : {}),
  },
});
function base(): Any {
  return {
    tiers: [
      { name: "staging", deploy: { mode: "github-actions" } },
      { name: "prod", protected: true, deploy: { mode: "github-actions" } },
    ],
    projects: [
      { name: "ledger", tiers: { prod: az("sc-ledger", "id-1") } },
      { name: "billing", tiers: { prod: az("sc-billing", "id-2") } },
    ],
  };
}
function run(edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkCiGates(policyContext(lenientView(c), errors, []));
  return errors;
}
const TAIL =
  ": a CI identity that gates a deploy or tells a preview apart belongs to one project and tier, or one entry's " +
  "approval (or lack of one) would stand for another's. Give each its own";

describe("bounds: CI gates, unit", () => {
  it("distinct gates: nothing", () => assert.deepEqual(run(), []));

  it("another project's deploy gate, by name in another case: refused at the later use, naming the first", () =>
    assert.deepEqual(
      run((c) => (c.projects[1].tiers.prod = az("SC-Ledger", "id-2"))),
      [
        {
          path: "projects[1].tiers.prod.azureDevops.serviceConnection.name",
          message:
            'service connection "SC-Ledger" is also the deploy service connection of ledger at ' +
            `projects[0].tiers.prod.azureDevops.serviceConnection.name${TAIL}`,
        },
      ],
    ));

  it("another project's deploy gate by id alone", () =>
    assert.deepEqual(
      run((c) => (c.projects[1].tiers.prod = az("sc-billing", "ID-1"))),
      [
        {
          path: "projects[1].tiers.prod.azureDevops.serviceConnection.id",
          message:
            "service connection id ID-1 is also the deploy service connection of ledger at " +
            `projects[0].tiers.prod.azureDevops.serviceConnection.id${TAIL}`,
        },
      ],
    ));

  it("the same name in another Azure DevOps project is another gate", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[1].tiers.prod = az("sc-ledger", "id-2");
        c.projects[1].tiers.prod.azureDevops.project = "billing";
      }),
      [],
    ));

  it("one project's two tiers sharing a deploy gate are left to the invariants", () =>
    assert.deepEqual(
      run((c) => (c.projects[0].tiers.staging = az("sc-ledger", "id-1"))),
      [],
    ));

  it("two projects of one name are two projects: a shared gate is refused (the name is refused elsewhere)", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[1].name = "ledger";
        c.projects[1].tiers.prod = az("sc-ledger", "id-2");
      }).map((e) => e.path),
      ["projects[1].tiers.prod.azureDevops.serviceConnection.name"],
    ));

  it("one project's deploy gate reused as its preview gate on another tier is refused", () =>
    assert.deepEqual(
      run((c) => (c.projects[0].tiers.staging = az("sc-staging", "id-3", ["sc-ledger", "id-4"]))),
      [
        {
          // Tiers are walked in config order, so staging's preview gate is the first use.
          path: "projects[0].tiers.prod.azureDevops.serviceConnection.name",
          message:
            'service connection "sc-ledger" is also the preview service connection of ledger at ' +
            `projects[0].tiers.staging.azureDevops.previewServiceConnection.name${TAIL}`,
        },
      ],
    ));

  it("within one entry, preview and deploy sharing a gate is ci.ts's business, not a second use", () =>
    assert.deepEqual(
      run((c) => (c.projects[0].tiers.prod = az("sc-ledger", "id-1", ["sc-ledger", "id-1"]))),
      [],
    ));

  it("a third use names the first", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[1].tiers.prod = az("sc-ledger", "id-2");
        c.projects.push({ name: "search", tiers: { prod: az("sc-ledger", "id-9") } });
      }).map((e) => [e.path, e.message.includes("at projects[0].tiers.prod")]),
      [
        ["projects[1].tiers.prod.azureDevops.serviceConnection.name", true],
        ["projects[2].tiers.prod.azureDevops.serviceConnection.name", true],
      ],
    ));

  it("only entries that run on that CI: an entry of a direct tier or another CI claims nothing", () => {
    assert.deepEqual(
      run((c) => {
        c.tiers[1].deploy.mode = "direct";
        c.projects[1].tiers.prod = az("sc-ledger", "id-1");
      }),
      [],
    );
    assert.deepEqual(
      run((c) => {
        c.projects[1].tiers.prod = { ...az("sc-ledger", "id-1"), ci: "gitlab" };
      }),
      [],
    );
  });

  it("a tier no project uses claims nothing", () =>
    assert.deepEqual(
      run((c) => (c.projects[1].tiers = { other: az("sc-ledger", "id-1") })),
      [],
    ));
});
