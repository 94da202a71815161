/**
 * Adopted OIDC policies (model/config/policy/adoption.ts), one pin at a time: a narrow policy is
 * accepted, and dropping or widening any single pin it checks makes it wide (refused without a
 * break-glass), with the reason named. `*` and `?` are both wildcards in Pulumi's rule matching.
 */
import assert from "node:assert/strict";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, key, StackDoc } from "../support/examples";

const OIDC = "secure-org:oidc";
const PINS = { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" };
const NARROW = { ...PINS, ref: "refs/heads/main", environment: "prod" };

type Policy = Record<string, unknown>;

function errorsFor(policy: Policy, edit?: (d: StackDoc) => void) {
  const doc = exampleDoc("prod");
  doc.config[key.projects][0].repositoryId = 2001;
  doc.config[OIDC] = { ...(doc.config[OIDC] ?? {}), adoptedPolicies: [policy] };
  edit?.(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return r.ok ? { errors: [], warnings: r.warnings } : { errors: r.errors, warnings: [] };
}

const team = (rules: Policy, extra: Policy = {}): Policy => ({
  decision: "allow",
  tokenType: "team",
  teamName: "payments-prod-deploy",
  rules,
  ...extra,
});

/** The one error at oidc.adoptedPolicies[0] (and no other), or undefined when accepted. */
function wide(policy: Policy, edit?: (d: StackDoc) => void): string | undefined {
  const { errors } = errorsFor(policy, edit);
  if (errors.length === 0) return undefined;
  assert.deepEqual(
    errors.map((e) => e.path),
    ["oidc.adoptedPolicies[0]"],
    JSON.stringify(errors, null, 1),
  );
  assert.match(errors[0].message, /this allow policy is wide/);
  return errors[0].message;
}

describe("bounds: adopted OIDC policies, one pin at a time", () => {
  it("accepts the narrow baseline (every pin exact, default branch, an environment)", () =>
    assert.equal(wide(team(NARROW)), undefined));

  const without = (k: string): Policy => {
    const r: Policy = { ...NARROW };
    delete r[k];
    return r;
  };

  for (const pin of ["aud", "repository_id", "repository_owner_id"])
    it(`dropping ${pin} alone makes it wide, naming ${pin}`, () =>
      assert.match(wide(team(without(pin))) ?? "", new RegExp(`does not pin ${pin}(\\W|$)`)));

  for (const pin of ["aud", "repository_id", "repository_owner_id"])
    it(`an empty ${pin} pins nothing`, () =>
      assert.match(wide(team({ ...NARROW, [pin]: " " })) ?? "", new RegExp(`does not pin ${pin}`)));

  it("dropping ref alone makes it wide (no context pin)", () =>
    assert.match(wide(team(without("ref"))) ?? "", /pins none of ref, job_workflow_ref/));

  it("a job_workflow_ref at the default branch stands in for ref", () =>
    assert.equal(
      wide(
        team({
          ...without("ref"),
          job_workflow_ref: "acme/payments-infra/.github/workflows/deploy.yml@refs/heads/main",
        }),
      ),
      undefined,
    ));

  it("dropping environment alone makes a team token wide", () =>
    assert.match(wide(team(without("environment"))) ?? "", /hands a team token/));

  for (const [what, value] of [
    ["*", "refs/heads/*"],
    ["?", "refs/heads/mai?"],
    ["* on tags", "refs/tags/*"],
  ])
    it(`a ${what} wildcard in ref is wide, and is not a context pin`, () => {
      const m = wide(team({ ...NARROW, ref: value })) ?? "";
      assert.match(
        m,
        new RegExp(
          `has a wildcard \\(.*\\) in ref = ${JSON.stringify(value).replace(/[*?]/g, "\\$&")}`,
        ),
      );
      assert.match(m, /pins none of ref, job_workflow_ref/);
      assert.doesNotMatch(
        m,
        /no ruleset/,
        "a wildcard is reported as such, not as an unruled branch",
      );
    });

  for (const [k, v] of [
    ["aud", "urn:pulumi:org:acm?"],
    ["repository_id", "200?"],
    ["repository_owner_id", "100*"],
  ])
    it(`a wildcard in ${k} (${v}) is wide`, () =>
      assert.match(
        wide(team({ ...NARROW, [k]: v })) ?? "",
        new RegExp(`has a wildcard \\(.*\\) in ${k} = `),
      ));

  for (const env of ["pro?", "pr*", "", " "])
    it(`environment ${JSON.stringify(env)} is no environment pin`, () =>
      assert.match(wide(team({ ...NARROW, environment: env })) ?? "", /hands a team token/));

  for (const ref of ["refs/tags/v1", "refs/heads/feature", "main", "refs/heads/Main"])
    it(`ref ${ref} is no branch a ruleset covers`, () =>
      assert.match(
        wide(team({ ...NARROW, ref })) ?? "",
        /which no ruleset of repository "payments-infra" covers/,
      ));

  it("a protected branch of the pinned repository is covered; of another repository it is not", () => {
    const release = team({ ...NARROW, ref: "refs/heads/release" });
    assert.equal(
      wide(release, (d) => (d.config[key.projects][0].protectedBranches = ["release"])),
      undefined,
    );
    assert.match(
      wide(release, (d) => (d.config[key.projects][1].protectedBranches = ["release"])) ?? "",
      /no ruleset/,
    );
  });

  for (const [k, v] of [
    ["event_name", "pull_request"],
    ["event_name", "pull_request_target"],
    ["base_ref", "main"],
    ["sub", "repo:acme/payments-infra:pull_request"],
    ["job_workflow_ref", "acme/payments-infra/.github/workflows/d.yml@refs/pull/7/merge"],
  ])
    it(`${k} = ${v} admits pull-request runs`, () =>
      assert.match(wide(team({ ...NARROW, [k]: v })) ?? "", /admits pull-request runs \(.*\)/));

  it("event_name push or workflow_dispatch does not admit pull requests", () => {
    assert.equal(wide(team({ ...NARROW, event_name: "push" })), undefined);
    assert.equal(wide(team({ ...NARROW, event_name: "workflow_dispatch" })), undefined);
  });

  it("a deny policy is never wide", () =>
    assert.equal(wide(team({ ref: "refs/heads/*" }, { decision: "deny" })), undefined));

  it("a wide policy with a break-glass is accepted and reported high; a narrow one with it is refused", () => {
    const bg = { breakGlass: { justification: "the legacy pipeline, until issue 12 lands" } };
    const { errors, warnings } = errorsFor(team({ ...NARROW, ref: "refs/heads/*" }, bg));
    assert.deepEqual(errors, []);
    assert.deepEqual(
      warnings.filter((w) => w.code === "adopted-oidc-policy").map((w) => [w.path, w.severity]),
      [["oidc.adoptedPolicies[0]", "high"]],
    );
    const narrow = errorsFor(team(NARROW, bg)).errors;
    assert.deepEqual(
      narrow.map((e) => [e.path, e.message]),
      [["oidc.adoptedPolicies[0].breakGlass", "this policy is not wide; remove breakGlass"]],
    );
  });

  for (const [tokenType, field] of [
    ["team", "teamName"],
    ["personal", "userLogin"],
    ["runner", "runnerID"],
    ["organization", "authorizedPermissions"],
  ])
    it(`a ${tokenType} token policy without ${field} is refused at that field`, () => {
      const { errors } = errorsFor({ decision: "allow", tokenType, rules: NARROW });
      assert.ok(
        errors.some(
          (e) => e.path === `oidc.adoptedPolicies[0].${field}` && /is required/.test(e.message),
        ),
        JSON.stringify(errors, null, 1),
      );
    });

  it("organization and personal tokens need an exact environment; a team token pinned to one passes", () => {
    const org = { decision: "allow", tokenType: "organization", authorizedPermissions: ["admin"] };
    assert.equal(wide({ ...org, rules: NARROW }), undefined);
    assert.match(wide({ ...org, rules: without("environment") }) ?? "", /organization admin token/);
    const person = { decision: "allow", tokenType: "personal", userLogin: "alice" };
    assert.match(
      wide({ ...person, rules: { ...NARROW, environment: "p*" } }) ?? "",
      /a person's token/,
    );
  });
});
