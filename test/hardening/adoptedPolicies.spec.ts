/**
 * Review of issue 14 against adoption: an adopted OIDC allow policy whose only "context pin" admits
 * pull requests or unreviewed pushes (event_name, base_ref, a refs/pull ref, an empty pin, a branch
 * no ruleset covers) is wide, so it needs a declared break-glass like a wildcard does.
 */
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const PINS = { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" };

function adopt(rules: Record<string, string>, extra: Record<string, unknown> = {}) {
  return (d: StackDoc) => {
    d.config[key.projects][0].repositoryId = 2001;
    d.config[key.oidc] = {
      ...(d.config[key.oidc] ?? {}),
      adoptedPolicies: [
        { decision: "allow", tokenType: "team", teamName: "payments-prod-deploy", rules, ...extra },
      ],
    };
  };
}

describe("hardening: adopted OIDC policies that admit pull requests or unreviewed pushes", () => {
  it("refuses a policy whose only context pin is base_ref (set only for pull requests)", async () => {
    const run = await planEdited(adopt({ ...PINS, base_ref: "main" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "wide", "admits pull-request runs");
  });

  it("refuses a policy whose only context pin is event_name: push (any branch)", async () => {
    const run = await planEdited(adopt({ ...PINS, event_name: "push" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "pins none of ref, job_workflow_ref");
  });

  it("refuses a policy pinning a pull request's merge ref", async () => {
    const run = await planEdited(adopt({ ...PINS, ref: "refs/pull/7/merge" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "admits pull-request runs", "refs/pull/7/merge");
  });

  it("refuses a policy pinning a pull_request sub next to the default branch", async () => {
    const run = await planEdited(
      adopt({ ...PINS, ref: "refs/heads/main", sub: "repo:acme/payments-infra:pull_request" }),
    );
    assertRefused(run, "oidc.adoptedPolicies[0]", "admits pull-request runs");
  });

  it("refuses empty pins, which pin nothing", async () => {
    const run = await planEdited(
      adopt({ aud: "", repository_id: " ", repository_owner_id: "1001", ref: "" }),
    );
    assertRefused(run, "oidc.adoptedPolicies[0]", "does not pin aud, repository_id");
  });

  it("refuses a ref on a branch no ruleset of the pinned repository covers", async () => {
    const run = await planEdited(adopt({ ...PINS, ref: "refs/heads/feature" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", '"refs/heads/feature"', "no ruleset");
  });

  it("refuses a policy whose only context pin is an environment (any branch's workflow creates it)", async () => {
    const run = await planEdited(adopt({ ...PINS, environment: "scratch" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "pins none of ref, job_workflow_ref");
  });

  it("refuses a job_workflow_ref at a branch no ruleset covers", async () => {
    const run = await planEdited(
      adopt({
        ...PINS,
        job_workflow_ref: "acme/payments-infra/.github/workflows/deploy.yml@refs/heads/feature",
      }),
    );
    assertRefused(run, "oidc.adoptedPolicies[0]", 'job_workflow_ref to "refs/heads/feature"');
  });

  it("refuses an organization admin token pinned to a branch but no reviewed environment", async () => {
    const run = await planEdited((d) => {
      adopt({ ...PINS, ref: "refs/heads/main" })(d);
      d.config[key.oidc].adoptedPolicies[0] = {
        decision: "allow",
        tokenType: "organization",
        authorizedPermissions: ["admin"],
        rules: { ...PINS, ref: "refs/heads/main", environment: "" },
      };
    });
    assertRefused(run, "oidc.adoptedPolicies[0]", "organization admin token", "no environment");
  });

  it("refuses a person's token (an admin's) pinned to a branch but no environment", async () => {
    const run = await planEdited((d) => {
      adopt({ ...PINS, ref: "refs/heads/main" })(d);
      d.config[key.oidc].adoptedPolicies[0] = {
        decision: "allow",
        tokenType: "personal",
        userLogin: "alice",
        rules: { ...PINS, ref: "refs/heads/main" },
      };
    });
    assertRefused(run, "oidc.adoptedPolicies[0]", "a person's token", "no environment");
  });

  it("accepts an organization token pinned to an environment", async () => {
    assertAccepted(
      await planEdited((d) => {
        adopt({ ...PINS, ref: "refs/heads/main" })(d);
        d.config[key.oidc].adoptedPolicies[0] = {
          decision: "allow",
          tokenType: "organization",
          authorizedPermissions: ["admin"],
          rules: { ...PINS, ref: "refs/heads/main", environment: "prod" },
        };
      }),
    );
  });

  it("refuses a team token pinned to the default branch but to no environment (no reviewer approves the run)", async () => {
    const run = await planEdited(adopt({ ...PINS, ref: "refs/heads/main" }));
    assertRefused(
      run,
      "oidc.adoptedPolicies[0]",
      "hands a team token to a run no environment reviewer approved",
    );
    const wild = await planEdited(adopt({ ...PINS, ref: "refs/heads/main", environment: "pr*" }));
    assertRefused(wild, "oidc.adoptedPolicies[0]", "hands a team token");
  });

  it("accepts the default branch, or a protected branch, of the pinned repository", async () => {
    assertAccepted(
      await planEdited(adopt({ ...PINS, ref: "refs/heads/main", environment: "prod" })),
    );
    assertAccepted(
      await planEdited((d) => {
        adopt({ ...PINS, ref: "refs/heads/release", environment: "prod" })(d);
        d.config[key.projects][0].protectedBranches = ["release"];
      }),
    );
  });
});
