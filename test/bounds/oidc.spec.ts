/**
 * The generated OIDC policies against expectations written here by hand, not derived from the
 * scenarios the context table is built from: every pin of a deploy and a preview policy, literally;
 * and for each pin, dropping it alone lets a claim set that differs only in that claim obtain the
 * token (so no pin is decoration, and dropping `ref` fails a test).
 */
import assert from "node:assert/strict";
import { buildOidcPolicies, claimsFor, OidcPolicy } from "../../model/oidc";
import { granted, ids, model, paymentsPr, paymentsProdPush } from "../oidc/support";
import { setUp } from "../support/stryker";

// sub pinned (legacy format) on payments-infra, as `subjectFormats` sets it.
let policies: ReturnType<typeof buildOidcPolicies>;
setUp(() => {
  policies = buildOidcPolicies(model, {
    ...ids,
    subjectFormats: { "payments-infra": "legacy" },
  });
});

const allow = (team: string) => {
  const p = policies.filter((x) => x.decision === "allow" && x.teamName === team);
  assert.equal(p.length, 1, team);
  return p[0];
};

describe("bounds: OIDC policies pin every claim, literally", () => {
  it("payments/prod deploy: push to main of payments-infra in environment prod, its workflow only", () =>
    assert.deepEqual(allow("payments-prod-deploy").rules, {
      aud: "urn:pulumi:org:acme",
      repository_owner_id: "1001",
      repository_id: "2001",
      sub: "repo:acme/payments-infra:environment:prod",
      environment: "prod",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
      job_workflow_ref:
        "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
    }));

  it("payments/prod preview: a pull_request into main, in its reviewed environment", () =>
    assert.deepEqual(allow("payments-prod-preview").rules, {
      aud: "urn:pulumi:org:acme",
      repository_owner_id: "1001",
      repository_id: "2001",
      sub: "repo:acme/payments-infra:environment:payments-prod-preview",
      environment: "payments-prod-preview",
      event_name: "pull_request",
      base_ref: "main",
    }));
});

describe("bounds: each pin of the deploy policy, dropped alone, admits a foreign claim", () => {
  let deploy: OidcPolicy;
  setUp(() => {
    deploy = allow("payments-prod-deploy");
  });
  let claims: ReturnType<typeof claimsFor>;
  setUp(() => {
    claims = claimsFor({ ...paymentsProdPush, subjectFormat: "legacy" });
  });
  /** A claim value the pin must refuse (same shape, another context). */
  const FOREIGN: Readonly<Record<string, string>> = {
    aud: "urn:pulumi:org:evil",
    repository_owner_id: "9999",
    repository_id: "9998",
    sub: "repo:acme/payments-infra:environment:scratch",
    environment: "scratch",
    ref: "refs/heads/feature",
    ref_type: "tag",
    event_name: "workflow_dispatch",
    job_workflow_ref: "acme/payments-infra/.github/workflows/other.yml@refs/heads/main",
  };
  const only = (rules: Record<string, string>): OidcPolicy[] => [{ ...deploy, rules }];

  it("the untouched claim set gets exactly the deploy token", () =>
    assert.deepEqual(granted(only(deploy.rules), claims), ["team:payments-prod-deploy"]));

  it("every pin has a foreign value here", () =>
    assert.deepEqual(Object.keys(FOREIGN).sort(), Object.keys(deploy.rules).sort()));

  for (const [k, v] of Object.entries(FOREIGN))
    it(`${k}: refused with the pin, granted without it`, () => {
      const hostile = { ...claims, [k]: v };
      assert.deepEqual(granted(only(deploy.rules), hostile), [], "the pin refuses it");
      const rest: Record<string, string> = { ...deploy.rules };
      delete rest[k];
      assert.deepEqual(
        granted(only(rest), hostile),
        ["team:payments-prod-deploy"],
        "dropped: admitted",
      );
    });

  it("a preview policy refuses a pull_request into another base branch and a push", () => {
    const preview = allow("payments-prod-preview");
    const pr = claimsFor({
      ...paymentsPr,
      environment: "payments-prod-preview",
      subjectFormat: "legacy",
    });
    assert.deepEqual(granted([preview], pr), ["team:payments-prod-preview"]);
    assert.deepEqual(granted([preview], { ...pr, base_ref: "release" }), []);
    assert.deepEqual(granted([preview], { ...pr, event_name: "pull_request_target" }), []);
  });
});
