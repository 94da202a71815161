/**
 * Every resource the program registers, checked against the provider schemas (pulumiservice 1.3.0,
 * github 6.15.0): mocks accept anything, the schemas are the closest offline stand-in for the
 * providers' own input checks.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CheckableResource, SchemaChecker } from "../plan/schemaCheck";
import {
  COMPONENT_TYPES,
  FIXTURE_DIR,
  fixturePaths,
  USED_RESOURCE_TYPES,
} from "../plan/schemaFixtures";
import { trimmedSchemas } from "../scripts/refresh-schemas";
import { fullSchemaDir } from "./support/fullSchemas";
import { runExample } from "./support/run";

const checker = SchemaChecker.fromFiles(fixturePaths(), { componentTypes: COMPONENT_TYPES });

const res = (type: string, inputs: Record<string, unknown>, custom = true): CheckableResource => ({
  type,
  name: "sample",
  custom,
  inputs,
});
const issues = (r: CheckableResource) => checker.check(r).map((i) => `${i.path}: ${i.message}`);

describe("schema: the program's resources", () => {
  for (const stack of ["prod", "dev"] as const)
    it(`every resource of the ${stack} example validates against the provider schemas`, async () => {
      const run = await runExample(stack);
      const found = checker.checkAll(run.resources);
      assert.deepEqual(
        found.map((i) => `${i.resource} ${i.path}: ${i.message}`),
        [],
      );
      // Every provider type the program registered is covered by the fixtures.
      const used = new Set(Object.values(USED_RESOURCE_TYPES).flat());
      for (const r of run.resources)
        if (r.custom && r.type.includes(":index") && !used.has(r.type))
          assert.fail(
            `${r.type} is registered but not in USED_RESOURCE_TYPES: add it and run npm run refresh-schemas`,
          );
    });
});

describe("schema: the checker catches what mocks let through", () => {
  const team = {
    organizationName: "acme",
    teamType: "pulumi",
    name: "platform",
    members: ["alice"],
  };

  it("accepts a correct resource", () =>
    assert.deepEqual(issues(res("pulumiservice:index:Team", team)), []));

  it("flags a misspelled property", () =>
    assert.deepEqual(issues(res("pulumiservice:index:Team", { ...team, memberz: ["x"] })), [
      "memberz: unknown property; known: description, displayName, githubTeamId, members, name, organizationName, teamType",
    ]));

  it("flags a missing required property", () => {
    const rest: Record<string, unknown> = { ...team };
    delete rest.organizationName;
    assert.deepEqual(issues(res("pulumiservice:index:Team", rest)), [
      "organizationName: required property is missing",
    ]);
  });

  it("flags a wrong type", () =>
    assert.deepEqual(issues(res("pulumiservice:index:Team", { ...team, members: "alice" })), [
      'members: expected array, got string "alice"',
    ]));

  it("flags a wrong array element type", () =>
    assert.deepEqual(issues(res("pulumiservice:index:Team", { ...team, members: ["alice", 7] })), [
      "members[1]: expected string, got number 7",
    ]));

  it("flags a numeric enum value the API does not know (stack permission 104)", () =>
    assert.deepEqual(
      issues(
        res("pulumiservice:index:TeamStackPermission", {
          organization: "acme",
          project: "p",
          stack: "s",
          team: "t",
          permission: 104,
        }),
      ),
      ["permission: 104 is not one of 101, 102, 103"],
    ));

  it("flags a camelCase enum where the API wants snake_case", () =>
    assert.deepEqual(
      issues(
        res("pulumiservice:index:Webhook", {
          organizationName: "acme",
          displayName: "x",
          payloadUrl: "https://x",
          active: true,
          format: "msTeams",
          filters: ["updateFailed"],
        }),
      ),
      [
        'format: "msTeams" is not one of "raw", "slack", "pulumi_deployments", "ms_teams"',
        'filters[0]: "updateFailed" is not one of ' +
          JSON.parse(readFileSync(path.join(FIXTURE_DIR, "pulumiservice.json"), "utf8"))
            .types["pulumiservice:index:WebhookFilters"].enum.map((e: { value: string }) =>
              JSON.stringify(e.value),
            )
            .join(", "),
      ],
    ));

  it("flags problems inside nested object types", () =>
    assert.deepEqual(
      issues(
        res("github:index/repositoryRuleset:RepositoryRuleset", {
          repository: "r",
          target: "branch",
          enforcement: "active",
          conditions: { refName: { includes: ["~DEFAULT_BRANCH"] } },
          rules: { pullRequest: { requiredApprovals: 2, requireCodeOwnerReview: "yes" } },
        }),
      ),
      [
        "conditions.refName.excludes: required property is missing",
        "rules.pullRequest.requiredApprovals: unknown property; known: allowedMergeMethods, dismissStaleReviewsOnPush, requireCodeOwnerReview, requireLastPushApproval, requiredApprovingReviewCount, requiredReviewThreadResolution, requiredReviewers",
        'rules.pullRequest.requireCodeOwnerReview: expected boolean, got string "yes"',
      ],
    ));

  it("flags a non-integer where the schema wants an integer (numeric reviewer ids)", () =>
    assert.deepEqual(
      issues(
        res("github:index/repositoryEnvironment:RepositoryEnvironment", {
          repository: "r",
          environment: "prod",
          reviewers: [{ teams: ["123"] }],
        }),
      ),
      ['reviewers[0].teams[0]: expected integer, got string "123"'],
    ));

  it("flags a string where the schema wants an asset", () =>
    assert.deepEqual(
      issues(
        res("pulumiservice:index:Environment", {
          organization: "acme",
          name: "dev",
          yaml: "values: {}",
        }),
      ),
      ['yaml: expected Asset, got string "values: {}"'],
    ));

  it("flags a resource type the provider does not have", () =>
    assert.deepEqual(issues(res("pulumiservice:index:OrgSettings", {})), [
      ": pulumiservice:index:OrgSettings is not a resource of pulumiservice 1.3.0",
    ]));

  it("flags a component that is not this program's", () =>
    assert.deepEqual(issues(res("acme:index:Anything", {}, false)), [
      ": component type acme:index:Anything is not one of this program's components",
    ]));

  it("flags a dynamic resource without its serialized provider", () =>
    assert.deepEqual(issues(res("pulumi-nodejs:dynamic:Resource", { organization: "acme" })), [
      "__provider: dynamic resource without a serialized provider",
    ]));

  it("checks provider configuration too", () =>
    assert.deepEqual(
      issues(res("pulumi:providers:github", { owner: "acme", ownr: "x" })).length,
      1,
    ));

  it("fails clearly when a schema file is missing", () =>
    assert.throws(
      () => SchemaChecker.fromFiles([path.join(FIXTURE_DIR, "nope.json")], { componentTypes: [] }),
      /provider schema .*nope\.json is missing: run `npm run refresh-schemas`/,
    ));
});

describe("schema: the fixtures", () => {
  it("are present in the repository", () => {
    for (const p of fixturePaths())
      assert.ok(existsSync(p), `${p} is missing: run npm run refresh-schemas`);
  });

  it("match the full published schemas (vendored in test/fixtures/full; checked against ../shared when present)", () => {
    for (const [file, text] of trimmedSchemas(fullSchemaDir()))
      assert.equal(
        readFileSync(path.join(FIXTURE_DIR, file), "utf8"),
        text,
        `${file} is stale: npm run refresh-schemas`,
      );
  });
});
