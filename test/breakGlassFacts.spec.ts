/**
 * Issue 28: the facts per-use break-glass rests on, pinned from their sources' own text (rows of
 * docs/assumptions.md, section "ESC approvals and break-glass"): the Pulumi Cloud OpenAPI spec and
 * provider 1.3.0's schema (vendored in test/fixtures/full), and the audit log event catalog
 * (slice vendored in test/fixtures/docs). If a source changes, the row's test fails here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { exampleModel } from "./support/examples";
import { fullSchemaDir } from "./support/fullSchemas";
import { gateRequest } from "../model/access/breakGlass";
import { OPEN_EVENTS } from "../audit/compare/auditLog";

type Json = Record<string, unknown>;
const spec = (): {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
} => JSON.parse(readFileSync(path.join(fullSchemaDir(), "pulumi-cloud-openapi.json"), "utf8"));
const provider = (): { resources: Record<string, Json>; types: Record<string, Json> } =>
  JSON.parse(readFileSync(path.join(fullSchemaDir(), "pulumiservice-1.3.0.schema.json"), "utf8"));
const schemaOf = (name: string) => spec().components.schemas[name] as Json;
const props = (s: Json) => s.properties as Record<string, Json>;
const description = (method: string, p: string) =>
  String((spec().paths[p][method] as Json).description);

describe("ESC approvals and break-glass: the facts, from their sources", () => {
  const model = exampleModel("prod");
  const gates = model.breakGlass.map(gateRequest);

  it("a gate targets an environment by project/env and action open; the plan's gates are that shape", () => {
    const target = schemaOf("ChangeGateTargetInput");
    const actions = (props(target).actionTypes.items as Json).enum;
    assert.deepEqual(actions, ["update", "open"]);
    assert.deepEqual(props(target).entityType.enum, ["environment"]);
    assert.match(
      String(props(target).qualifiedName.description),
      /The qualified name of the entity this gate targets \(e\.g\., 'project\/env'\)/,
    );
    const create = schemaOf("CreateChangeGateRequest");
    assert.deepEqual([...(create.required as string[])].sort(), [
      "enabled",
      "name",
      "rule",
      "target",
    ]);
    assert.ok(gates.length > 0);
    for (const g of gates) {
      for (const k of create.required as string[]) assert.ok(k in g, k);
      assert.deepEqual(Object.keys(g.target).sort(), Object.keys(props(target)).sort());
      assert.deepEqual(g.target.actionTypes, ["open"]);
      assert.match(g.target.qualifiedName, /^[^/]+\/[^/]+-breakglass$/);
    }
  });

  it("an approval rule has the spec's four required fields, team eligibility by teamName, and no self-approval", () => {
    const rule = schemaOf("ChangeGateRuleInput");
    assert.deepEqual((rule.discriminator as Json).mapping, {
      approval_required: "#/components/schemas/ChangeGateApprovalRuleInput",
    });
    const approval = (schemaOf("ChangeGateApprovalRuleInput").allOf as Json[])[1];
    assert.deepEqual([...(approval.required as string[])].sort(), [
      "allowSelfApproval",
      "eligibleApprovers",
      "numApprovalsRequired",
      "requireReapprovalOnChange",
    ]);
    assert.match(
      String(props(approval).allowSelfApproval.description),
      /Whether self approval is allowed, \(assuming the author matches approver eligibility criteria\)/,
    );
    const team = schemaOf("ApprovalRuleEligibilityInputTeam");
    const teamProps = JSON.stringify(team);
    assert.match(teamProps, /"teamName"/);
    assert.match(teamProps, /Team name for team eligibility condition/);
    model.breakGlass.forEach((b, n) => {
      const g = gates[n];
      assert.equal(g.rule.ruleType, "approval_required");
      assert.equal(g.rule.allowSelfApproval, false);
      for (const k of approval.required as string[]) assert.ok(k in g.rule, k);
      assert.deepEqual(g.rule.eligibleApprovers, [
        { eligibilityType: "team_member", teamName: "security" },
      ]);
      for (const a of g.rule.eligibleApprovers)
        assert.ok(!b.requesters.includes(a.teamName), `${a.teamName} requests ${b.key}`);
    });
  });

  it("provider 1.3.0: api:Gate takes rule and target untyped; ApprovalRule gates update only", () => {
    const p = provider();
    const gate = p.resources["pulumiservice:api:Gate"].inputProperties as Record<string, Json>;
    assert.deepEqual(gate.rule.$ref, "pulumi.json#/Any");
    assert.deepEqual(gate.target.$ref, "pulumi.json#/Any");
    const actions = (p.types["pulumiservice:index:TargetActionType"].enum as Json[]).map(
      (e) => e.value,
    );
    assert.deepEqual(actions, ["update"], "ApprovalRule cannot gate open");
  });

  it("ListGates lists one entity's gates, named by entityType and qualifiedName", () => {
    assert.match(
      description("get", "/api/change-gates/{orgName}"),
      /Currently supports listing gates for a single entity specified by entityType and qualifiedName query parameters\./,
    );
  });

  it("an open request carries both durations, and creates requests for imported environments with open gates", () => {
    const req = schemaOf("CreateEnvironmentOpenRequest");
    assert.deepEqual([...(req.required as string[])].sort(), [
      "accessDurationSeconds",
      "grantExpirationSeconds",
    ]);
    assert.match(
      String(props(req).accessDurationSeconds.description),
      /Total duration that the resulting grant can be used to access the environment open endpoint \(after first open\)/,
    );
    assert.match(
      String(props(req).grantExpirationSeconds.description),
      /Time from application of the request until the resulting grant expires/,
    );
    const d = description(
      "post",
      "/api/esc/environments/{orgName}/{projectName}/{envName}/open/request",
    );
    assert.match(
      d,
      /When an environment has open gates configured, opening the environment requires an approval workflow\./,
    );
    assert.match(
      d,
      /also creates corresponding open requests for each imported environment that has open gates/,
    );
  });

  it("change requests and their events carry who, when, what and the approvals the audit reports", () => {
    const cr = JSON.stringify(schemaOf("ChangeRequest"));
    for (const f of ["createdBy", "createdAt", "status", "action", "entity"])
      assert.match(cr, new RegExp(`"${f}"`), f);
    const ev = schemaOf("ChangeRequestEvent");
    const mapping = (ev.discriminator as Json).mapping as Record<string, string>;
    assert.ok("approved_by_user" in mapping, Object.keys(mapping).join(", "));
  });

  it("the audit log records gate changes and environment opens, never open requests or approvals", () => {
    const slice = JSON.parse(
      readFileSync(path.join(__dirname, "fixtures", "docs", "audit-log-events.slice.json"), "utf8"),
    ) as { eventTypes: { event: string; description: string }[] };
    const ids = slice.eventTypes.map((e) => e.event);
    for (const id of ["change-gate-created", "change-gate-updated", "change-gate-deleted"])
      assert.ok(ids.includes(id), id);
    // The only change-request event is a failed authorization; no approval or open request.
    assert.deepEqual(
      ids.filter((i) => /change-request|approv|request/.test(i)),
      ["auth-failure-change-request"],
    );
    // The audit matches the catalog's environment open events (human opens of break-glass).
    for (const id of [
      "environment-open",
      "environment-revision-tag-open",
      "environment-draft-open",
    ]) {
      assert.ok(ids.includes(id), id);
      assert.ok(OPEN_EVENTS.has(id), id);
    }
  });

  it("the runbook passes both durations, each within the prod example's maxDuration", () => {
    const runbook = readFileSync(path.join(__dirname, "..", "docs", "break-glass.md"), "utf8");
    // Each command of the runbook's sh blocks, continuation lines joined.
    const commands = [...runbook.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((b) =>
      b[1].replace(/\\\n\s*/g, " ").split("\n"),
    );
    const cli = commands.filter((c) => /env open-request /.test(c));
    assert.ok(cli.length > 0, "the runbook shows the CLI request");
    const max = model.breakGlass[0].maxDurationSeconds;
    assert.equal(max, 3600);
    for (const c of cli) {
      for (const flag of ["--grant-expiration-seconds", "--access-duration-seconds"]) {
        const m = new RegExp(`${flag} (\\d+)([hm])\\b`).exec(c);
        assert.ok(m, `${flag} in ${c}`);
        assert.ok(Number(m[1]) * (m[2] === "h" ? 3600 : 60) <= max, c);
      }
    }
    const body = /-d '(\{[^']*\})'/.exec(runbook);
    assert.ok(body, "the runbook shows the REST request");
    const json = JSON.parse(body[1]) as Record<string, number>;
    assert.deepEqual(Object.keys(json).sort(), ["accessDurationSeconds", "grantExpirationSeconds"]);
    for (const v of Object.values(json)) assert.ok(v > 0 && v <= max, String(v));
  });

  it("a gate's rule bounds no duration; ReadOpenEnvironmentRequest answers the durations a request asked for", () => {
    const approval = (schemaOf("ChangeGateApprovalRuleInput").allOf as Json[])[1];
    assert.deepEqual(Object.keys(props(approval)).sort(), [
      "allowSelfApproval",
      "eligibleApprovers",
      "numApprovalsRequired",
      "requireReapprovalOnChange",
    ]);
    const read = spec().paths[
      "/api/esc/environments/{orgName}/{projectName}/{envName}/open/request/{changeRequestID}"
    ].get as Json;
    assert.equal(read.operationId, "ReadOpenEnvironmentRequest");
    const ok = (read.responses as Record<string, Json>)["200"];
    assert.deepEqual(((ok.content as Json)["application/json"] as Json).schema, {
      $ref: "#/components/schemas/CreateEnvironmentOpenRequest",
    });
  });
});
