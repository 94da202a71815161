/**
 * The API budget (issue 20): the per-type cost table, and the plan's estimate for the prod example
 * and the 300-project synthetic org checked against counts worked out here by hand from the
 * providers' source (the numbers in EXPECTED are written out, not taken from plan/apiBudget.ts).
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { buildOrg } from "../../components/org";
import { GITHUB_PROVIDER_PACING } from "../../components/github";
import { syntheticConfig } from "../../bench/synthetic";
import { OrgConfig, validateConfig } from "../../model/config";
import { API_COSTS, OPERATIONS } from "../../plan/apiBudget";
import { apiBudgetFindings, estimateApiBudget, GITHUB_LIMITS } from "../../plan/apiEstimate";
import { RecordedInvoke, RecordedResource, runUnderMocks } from "../../plan/mockRun";
import { USED_RESOURCE_TYPES } from "../../plan/schemaFixtures";
import { exampleConfig } from "../support/examples";

interface C {
  requests: number;
  writes: number;
  graphql: number;
  commits: number;
}
const c = (requests: number, writes: number, graphql = 0, commits = 0): C => ({
  requests,
  writes,
  graphql,
  commits,
});
const count = (v: unknown) =>
  Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0;

/** Pages of the member list, for the run whose members `MEMBERS` counts. */
let MEMBERS = 0;
const memberPages = (_r: RecordedResource) => Math.max(1, Math.ceil(MEMBERS / 100));

/**
 * Create and read costs per type, by hand from the providers' source (see the README's API
 * budget table for the functions each is read from).
 */
const EXPECTED: Record<
  string,
  { create: (r: RecordedResource) => C; read: (r: RecordedResource) => C }
> = {
  "pulumiservice:index:Team": {
    create: (r) => c(2 + count(r.inputs.members), 1 + count(r.inputs.members)),
    read: () => c(1, 0),
  },
  "pulumiservice:index:Stack": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:StackTags": {
    create: (r) => c(count(r.inputs.tags), count(r.inputs.tags)),
    read: () => c(1, 0),
  },
  "pulumiservice:index:TeamStackPermission": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:TeamEnvironmentPermission": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:Environment": { create: () => c(4, 3), read: () => c(2, 0) },
  "pulumiservice:index:ApprovalRule": { create: () => c(1, 1), read: () => c(1, 0) },
  // The break-glass open gate (issue 28): one CreateChangeGate, one ReadChangeGate.
  "pulumiservice:api:Gate": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:Webhook": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:OidcIssuer": { create: () => c(3, 2), read: () => c(2, 0) },
  "pulumiservice:index:DeploymentSettings": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:DriftSchedule": { create: () => c(1, 1), read: () => c(1, 0) },
  // An existing member: add (409), role lookup and PATCH, then both member rosters (p pages
  // each, pages of 100 assumed) and the role list; reading lists both rosters and the roles.
  "pulumiservice:index:OrganizationMember": {
    create: (r) => c(4 + 2 * memberPages(r), 2),
    read: (r) => c(1 + 2 * memberPages(r), 0),
  },
  "pulumiservice:index:OrganizationRole": { create: () => c(1, 1), read: () => c(1, 0) },
  "pulumiservice:index:TeamRoleAssignment": { create: () => c(2, 1), read: () => c(1, 0) },
  "pulumiservice:index:PolicyPack": { create: () => c(2, 2), read: () => c(1, 0) },
  "pulumiservice:index:PolicyGroup": { create: () => c(3, 2), read: () => c(1, 0) },
  "pulumi-nodejs:dynamic:Resource": { create: () => c(2, 1), read: () => c(1, 0) },
  "github:index/team:Team": { create: () => c(1, 1), read: () => c(1, 0) },
  "github:index/teamMembers:TeamMembers": {
    create: (r) => c(1 + count(r.inputs.members), count(r.inputs.members), 1),
    read: () => c(0, 0, 1),
  },
  "github:index/teamRepository:TeamRepository": { create: () => c(2, 1), read: () => c(1, 0) },
  "github:index/repositoryEnvironment:RepositoryEnvironment": {
    create: () => c(2, 1),
    read: () => c(1, 0),
  },
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": {
    create: () => c(2, 1),
    read: () => c(1, 0),
  },
  "github:index/repositoryFile:RepositoryFile": {
    create: () => c(6, 1, 0, 1),
    read: () => c(2, 0),
  },
  "github:index/repositoryRuleset:RepositoryRuleset": {
    create: () => c(2, 1),
    read: () => c(1, 0),
  },
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": {
    create: () => c(2, 1),
    read: () => c(1, 0),
  },
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": {
    create: () => c(4, 2),
    read: () => c(2, 0),
  },
};

/** Invokes: one call each per program run; the GitHub provider's configuration: one call. */
const INVOKE_SERVICE: Record<string, "pulumi" | "github"> = {
  "pulumiservice:index:getCurrentUser": "pulumi",
  "github:index/getOrganization:getOrganization": "github",
  "github:index/getRepository:getRepository": "github",
};

function expectedRuns(resources: readonly RecordedResource[], invokes: readonly RecordedInvoke[]) {
  const zero = () => ({ pulumi: c(0, 0), github: c(0, 0) });
  const add = (a: C, b: C) => {
    a.requests += b.requests;
    a.writes += b.writes;
    a.graphql += b.graphql;
    a.commits += b.commits;
  };
  MEMBERS = resources.filter((r) => r.type === "pulumiservice:index:OrganizationMember").length;
  const creates = zero();
  const reads = zero();
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const e = EXPECTED[r.type];
    assert.ok(e, `no hand count for ${r.type}`);
    const service = r.type.startsWith("github:") ? "github" : "pulumi";
    add(creates[service], e.create(r));
    add(reads[service], e.read(r));
  }
  const program = zero();
  program.github.requests += 1; // the provider's configuration
  for (const inv of invokes) program[INVOKE_SERVICE[inv.token]].requests += 1;
  const up = zero();
  for (const s of ["pulumi", "github"] as const) {
    add(up[s], creates[s]);
    add(up[s], program[s]);
    add(up[s], program[s]);
  }
  reads.github.requests += 1;
  return { up, refresh: reads, preview: program };
}

async function record(config: OrgConfig) {
  return runUnderMocks(
    (rootOptions) =>
      buildOrg(config, { rootOptions, secret: (k) => pulumi.secret(`[secret ${k}]`), env: {} }),
    { stack: "test", organization: config.organization },
  );
}

function checkAgainstHandCounts(run: Awaited<ReturnType<typeof record>>) {
  const budget = estimateApiBudget(run.resources, run.invokes);
  assert.deepEqual(budget.unknownTypes, []);
  const want = expectedRuns(run.resources, run.invokes);
  for (const r of budget.runs) {
    const w = want[r.kind];
    for (const s of ["pulumi", "github"] as const)
      assert.deepEqual(
        {
          requests: r[s].requests,
          writes: r[s].writes,
          graphql: r[s].graphql,
          commits: r[s].contentCreating,
        },
        w[s],
        `${r.kind} ${s}`,
      );
  }
  return budget;
}

describe("API budget (issue 20)", function () {
  this.timeout(300_000);
  // The SDK captures a stack trace for every pending promise, which ts-node maps through source
  // maps: a 300-project org takes minutes that way. The plan runs with traces off (scripts/run.js).
  let limit = Error.stackTraceLimit;
  before(() => {
    limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
  });
  after(() => {
    Error.stackTraceLimit = limit;
  });

  it("has a cost for every resource type the program registers, with its source", () => {
    const types = [
      ...USED_RESOURCE_TYPES.pulumiservice,
      ...USED_RESOURCE_TYPES.github,
      "pulumi-nodejs:dynamic:Resource",
    ];
    assert.deepEqual(Object.keys(API_COSTS).sort(), [...types].sort());
    for (const [type, cost] of Object.entries(API_COSTS)) {
      assert.match(cost.source, /\.go |\.ts /, `${type}: the source names a file and function`);
      for (const op of OPERATIONS) assert.ok(cost.formula[op], `${type}: no ${op} formula`);
      const preview = cost.cost.preview({ inputs: {}, orgMembers: 1 });
      assert.equal(preview.requests, 0, `${type}: an unchanged preview calls nothing`);
    }
  });

  it("paces the GitHub provider deliberately: serial, a second after writes, reads unpaced", async () => {
    const { config } = exampleConfig("prod");
    const run = await record(config);
    const provider = run.resources.find((r) => r.type === "pulumi:providers:github");
    assert.ok(provider);
    // Provider configuration reaches the engine as strings.
    assert.equal(provider.inputs.parallelRequests, "false");
    assert.equal(provider.inputs.writeDelayMs, "1000");
    assert.equal(provider.inputs.readDelayMs, "0");
    assert.deepEqual(estimateApiBudget(run.resources, run.invokes).githubPacing, {
      ...GITHUB_PROVIDER_PACING,
    });
  });

  it("estimates the prod example per service, as counted by hand, within GitHub's limits", async () => {
    const { config } = exampleConfig("prod");
    const run = await record(config);
    const budget = checkAgainstHandCounts(run);
    const up = budget.runs.find((r) => r.kind === "up");
    assert.ok(up && up.github.requests > 0 && up.pulumi.requests > 0);
    assert.deepEqual(apiBudgetFindings(budget), []);
  });

  it("estimates the 300-project org as counted by hand, and warns that its first up passes the hourly limit", async () => {
    const v = validateConfig(syntheticConfig(300));
    assert.ok(v.ok);
    const run = await record(v.config);
    const budget = checkAgainstHandCounts(run);
    const up = budget.runs.find((r) => r.kind === "up");
    assert.ok(up && up.github.requests > GITHUB_LIMITS.restPerHour, `${up?.github.requests}`);
    const findings = apiBudgetFindings(budget);
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].code, "api-rate-limit");
    assert.equal(findings[0].severity, "medium");
    assert.match(findings[0].message, /^first pulumi up/);
    assert.match(findings[0].message, /over the 5,000 an hour/);
    assert.match(findings[0].message, /content-creating/);
    // The refresh reads every resource once: within the hour's budget at this size.
    const refresh = budget.runs.find((r) => r.kind === "refresh");
    assert.ok(refresh && refresh.github.requests < GITHUB_LIMITS.restPerHour);
  });

  it("cannot bound the time of a parallel provider, and says a long run outlives the App token", () => {
    const provider = {
      urn: "urn:p",
      type: "pulumi:providers:github",
      name: "github",
      custom: true,
      inputs: { parallelRequests: "true" },
      secretInputs: [],
      options: {} as RecordedResource["options"],
    } satisfies RecordedResource;
    const files = Array.from({ length: 4000 }, (_, i) => ({
      ...provider,
      urn: `urn:f${i}`,
      type: "github:index/repositoryFile:RepositoryFile",
      name: `f${i}`,
      inputs: {},
    }));
    const parallel = estimateApiBudget([provider, ...files], []);
    assert.equal(parallel.runs[0].githubMinSeconds, undefined);
    const serial = estimateApiBudget([{ ...provider, inputs: {} }, ...files], []);
    // 4,000 commits a second apart: over an hour, over the commit limit, over the REST budget.
    assert.equal(serial.runs[0].githubMinSeconds, 4000);
    const [finding] = apiBudgetFindings(serial);
    assert.match(finding.message, /installation token lives/);
    assert.match(finding.message, /24,002 REST requests/);
  });
});
