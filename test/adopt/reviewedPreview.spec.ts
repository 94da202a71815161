/**
 * Issue 30 item 1: the program's own reviewed-preview policy (event_name pull_request, base_ref,
 * an environment pin behind required reviewers, no ref or job_workflow_ref), kept as an adopted
 * policy, is judged by the one analysis the plan validates with (policyWidth with the config's
 * reviewedPreviewsOf): accepted when it is exactly a declared reviewed preview's, wide (refused
 * without break-glass) for every hostile variant. Through the plan command line.
 */
import assert from "node:assert/strict";
import { buildOidcPolicies, toProviderPolicies } from "../../model/oidc";
import { proposeOidc } from "../../adopt/extras";
import type { LiveOrg } from "../../adopt/live";
import type { AdoptFinding } from "../../adopt/types";
import { exampleDoc, StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "../hardening/support";
import { ids, shipped } from "../oidc/support";

/** The shipped prod example's generated reviewed-preview policy of payments on staging. */
const generated = toProviderPolicies(
  buildOidcPolicies(shipped, ids).filter(
    (p) => p.decision === "allow" && p.teamName === "payments-staging-preview",
  ),
);

function adopt(rules: Record<string, string>, edit?: (d: StackDoc) => void) {
  return (d: StackDoc) => {
    d.config[key.projects][0].repositoryId = 2001;
    d.config[key.oidc] = {
      ...(d.config[key.oidc] ?? {}),
      adoptedPolicies: [{ ...generated[0], rules }],
    };
    edit?.(d);
  };
}

describe("adopt: the program's own reviewed-preview policy (issue 30 item 1)", function () {
  this.timeout(120_000);

  it("the generator's policy has the reviewed-preview shape", () => {
    assert.equal(generated.length, 1);
    const r = generated[0].rules;
    assert.equal(r.event_name, "pull_request");
    assert.equal(r.base_ref, "main");
    assert.equal(r.environment, "payments-staging-preview");
    assert.equal(r.repository_id, "2001");
    assert.equal(r.ref, undefined);
    assert.equal(r.job_workflow_ref, undefined);
  });

  it("is accepted as an adopted policy without break-glass", async () => {
    assertAccepted(await planEdited(adopt({ ...generated[0].rules })));
  });

  const hostile: [
    string,
    (r: Record<string, string>) => Record<string, string>,
    ((d: StackDoc) => void)?,
  ][] = [
    ["an environment no reviewed preview declares", (r) => ({ ...r, environment: "staging" })],
    [
      "the same environment on a tier without reviewedPreviews",
      (r) => r,
      (d) => {
        d.config[key.tiers][1].deploy.reviewedPreviews = false;
      },
    ],
    ["another repository_id", (r) => ({ ...r, repository_id: "2002" })],
    ["a wildcard environment pin", (r) => ({ ...r, environment: "payments-staging-*" })],
    ["a '.' in the environment pin", (r) => ({ ...r, environment: "payments.staging-preview" })],
    [
      "a case variant of the environment",
      (r) => ({ ...r, environment: "Payments-Staging-Preview" }),
    ],
    [
      "no base_ref",
      (r) => {
        const rest = { ...r };
        delete rest.base_ref;
        return rest;
      },
    ],
    ["another base branch", (r) => ({ ...r, base_ref: "develop" })],
    ["event pull_request_target", (r) => ({ ...r, event_name: "pull_request_target" })],
  ];
  for (const [what, rules, edit] of hostile)
    it(`refuses ${what} as wide`, async () => {
      const run = await planEdited(adopt(rules({ ...generated[0].rules }), edit));
      assertRefused(run, "oidc.adoptedPolicies[0]", "this allow policy is wide");
    });

  it("refuses the reviewed shape for another team's token", async () => {
    const run = await planEdited((d) => {
      adopt({ ...generated[0].rules })(d);
      d.config[key.oidc].adoptedPolicies[0].teamName = "payments-staging-deploy";
    });
    assertRefused(run, "oidc.adoptedPolicies[0]", "admits pull-request runs");
  });
});

describe("adopt: proposeOidc judges the reviewed-preview policy with the plan's analysis", () => {
  const doc = exampleDoc("prod");
  doc.config[key.projects][0].repositoryId = 2001;
  const proposal = { tiers: doc.config[key.tiers], projects: doc.config[key.projects] };
  const liveWith = (rules: Record<string, string>) =>
    ({
      oidcIssuers: [
        {
          id: "iss-github",
          name: "github-actions",
          url: "https://token.actions.githubusercontent.com",
          maxExpiration: 3600,
          thumbprints: [],
          policies: [{ ...generated[0], rules }],
        },
      ],
    }) as unknown as LiveOrg;
  const run = (rules: Record<string, string>) => {
    const findings: AdoptFinding[] = [];
    const oidc = proposeOidc(liveWith(rules), "2026-11-25", findings, [], proposal as never);
    return { oidc, wide: findings.filter((f) => f.code === "oidc-wide-policy") };
  };

  it("keeps the generated policy without break-glass or a wide finding (nothing for --tighten to drop)", () => {
    const { oidc, wide } = run({ ...generated[0].rules });
    assert.deepEqual(wide, []);
    assert.equal(oidc.adoptedPolicies.length, 1);
    assert.equal(oidc.adoptedPolicies[0].breakGlass, undefined);
  });

  it("flags the hostile variants as wide", () => {
    for (const rules of [
      { ...generated[0].rules, event_name: "pull_request_target" },
      { ...generated[0].rules, environment: "payments-staging-*" },
      { ...generated[0].rules, repository_id: "2002" },
    ]) {
      const { oidc, wide } = run(rules);
      assert.equal(wide.length, 1, JSON.stringify(rules));
      assert.ok(oidc.adoptedPolicies[0].breakGlass);
    }
  });

  it("without a declared reviewed preview in the proposal, the same policy is wide", () => {
    const findings: AdoptFinding[] = [];
    proposeOidc(liveWith({ ...generated[0].rules }), "2026-11-25", findings, []);
    assert.equal(findings.filter((f) => f.code === "oidc-wide-policy").length, 1);
  });
});
