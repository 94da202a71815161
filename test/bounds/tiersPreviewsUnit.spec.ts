/**
 * Tiers (model/config/policy/tiers.ts), called directly: drift detection and pull-request previews
 * per mode and CI, one thing changed per test (tiersUnitSupport.ts), with the exact errors and
 * warnings. Nothing is computed while mocha loads this file (policy-tiers mutation group).
 */
import assert from "node:assert/strict";
import { run, tier, deploy, NONE, errorsOf, pathsOf } from "./tiersUnitSupport";

describe("bounds: tiers, unit: drift detection", () => {
  const NEEDS =
    "drift detection needs a pipeline: Pulumi Deployments runs drift schedules, and github-actions stacks get a " +
    'scheduled drift-check workflow. Set deploy.mode to "github-actions" or "pulumi-deployments", or remove driftDetection';
  it("on a pipeline tier: accepted, either pipeline", () => {
    assert.deepEqual(
      run((c) => (tier(c).driftDetection = {})),
      NONE,
    );
    assert.deepEqual(
      run((c) => {
        tier(c).driftDetection = { autoRemediate: true };
        deploy(c).mode = "pulumi-deployments";
      }),
      NONE,
    );
  });
  it("without a pipeline: refused", () =>
    assert.deepEqual(
      run((c) => {
        tier(c).protected = false;
        c.tiers[0].deploy = { mode: "direct" };
        tier(c).driftDetection = {};
      }).errors,
      [{ path: "tiers[0].driftDetection", message: NEEDS }],
    ));
  it("a project of a pipeline tier deploying otherwise still counts as a pipeline", () =>
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).driftDetection = {};
        c.projects[0].tiers.prod = { mode: "pulumi-deployments" };
      }),
      [],
    ));
  it("autoRemediate under github-actions is refused; false passes", () => {
    assert.deepEqual(
      errorsOf((c) => (tier(c).driftDetection = { autoRemediate: true })),
      [
        {
          path: "tiers[0].driftDetection.autoRemediate",
          message:
            "remediation runs through Pulumi Deployments only: a github-actions drift check fails its scheduled run " +
            "and a person decides (redeploy through a reviewed change). Set autoRemediate: false",
        },
      ],
    );
    assert.deepEqual(
      errorsOf((c) => (tier(c).driftDetection = { autoRemediate: false })),
      [],
    );
    assert.deepEqual(
      errorsOf((c) => (tier(c).driftDetection = true)),
      [],
    );
  });
  it("on an unprotected tier: an info finding", () =>
    assert.deepEqual(
      run((c) => {
        tier(c).protected = false;
        tier(c).driftDetection = {};
      }),
      {
        errors: [],
        warnings: [
          {
            severity: "info",
            code: "drift-unprotected",
            path: "tiers[0].driftDetection",
            message: 'drift detection on unprotected tier "prod"',
          },
        ],
      },
    ));
});

describe("bounds: tiers, unit: pull-request previews", () => {
  const unreviewed = (where: string) => ({
    path: where,
    message:
      'previews of payments on protected tier "prod" run a pull request\'s unreviewed code with a token that ' +
      "decrypts the tier's config, so anyone who can push a branch could read it: set previewPullRequests: false, " +
      "or set deploy.reviewedPreviews: true so an approver must approve each preview run in its GitHub environment",
  });
  it("a protected tier's previews are refused, at the tier or the project that asks for them", () => {
    assert.deepEqual(
      errorsOf((c) => (deploy(c).previewPullRequests = true)),
      [unreviewed("tiers[0].deploy.previewPullRequests")],
    );
    assert.deepEqual(
      errorsOf((c) => (c.projects[0].tiers.prod = { previewPullRequests: true })),
      [unreviewed("projects[0].tiers.prod.previewPullRequests")],
    );
  });
  it("a protected direct tier's previews are unreviewed previews (no CI to name)", () =>
    assert.deepEqual(
      errorsOf((c) => {
        c.tiers[0].deploy = { mode: "direct", previewPullRequests: true };
      }).map((e) => [e.path, e.message.slice(0, 40)]),
      [
        ["tiers[0].deploy.mode", '"direct" is not allowed on a protected t'],
        ["tiers[0].deploy.previewPullRequests", 'previews of payments on protected tier "'],
      ],
    ));
  it("an unprotected tier's previews pass", () =>
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        deploy(c).previewPullRequests = true;
      }),
      [],
    ));
  it("reviewed previews on github-actions pass", () =>
    assert.deepEqual(
      run((c) => (deploy(c).reviewedPreviews = true)),
      NONE,
    ));
  it("Pulumi Deployments previews of a protected tier are refused, reviewed or not", () => {
    const msg =
      'Pulumi Deployments previews of payments on protected tier "prod" run a pull request\'s unreviewed code ' +
      "with a token that is admin on the stack, and nothing can gate them: set previewPullRequests: false";
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).mode = "pulumi-deployments";
        deploy(c).previewPullRequests = true;
      }),
      [{ path: "tiers[0].deploy.previewPullRequests", message: msg }],
    );
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).reviewedPreviews = true;
        c.projects[0].tiers.prod = { mode: "pulumi-deployments" };
      }),
      [
        {
          path: "tiers[0].deploy.reviewedPreviews",
          message:
            "reviewed previews run in a GitHub environment: no project of this tier deploys with github-actions",
        },
        { path: "tiers[0].deploy.previewPullRequests", message: msg },
      ],
    );
  });
  it("another CI's previews of a protected tier are refused, reviewed or not", () => {
    const msg =
      'gitlab previews of payments on protected tier "prod" would run a merge request\'s unreviewed code with a ' +
      "token that decrypts the tier's config, and no claim of that CI's tokens proves that someone approved the " +
      "run (reviewed previews are GitHub environments): set previewPullRequests: false";
    assert.deepEqual(
      errorsOf((c) => (c.projects[0].tiers.prod = { ci: "gitlab", previewPullRequests: true })),
      [{ path: "projects[0].tiers.prod.previewPullRequests", message: msg }],
    );
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).reviewedPreviews = true;
        c.projects[0].tiers.prod = { ci: "gitlab" };
      }),
      [
        {
          path: "tiers[0].deploy.reviewedPreviews",
          message:
            "reviewed previews run in GitHub environments, but payments previews on gitlab, where nothing would " +
            "review them: set its previewPullRequests: false",
        },
        { path: "tiers[0].deploy.previewPullRequests", message: msg },
      ],
    );
  });
  it("reviewed previews: another CI's own previewPullRequests is reported at the project; off is fine", () => {
    assert.deepEqual(
      pathsOf((c) => {
        tier(c).protected = false;
        deploy(c).reviewedPreviews = true;
        c.projects[0].tiers.prod = { ci: "gitlab", previewPullRequests: true };
      }),
      ["projects[0].tiers.prod.previewPullRequests"],
    );
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).reviewedPreviews = true;
        c.projects[0].tiers.prod = { ci: "gitlab", previewPullRequests: false };
      }),
      [],
    );
  });
  it("reviewed previews need approvers and previews", () => {
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        deploy(c).reviewedPreviews = true;
        deploy(c).approvers = [];
      }),
      [
        {
          path: "tiers[0].deploy.reviewedPreviews",
          message:
            "reviewed previews need deploy.approvers: the teams that approve each preview run",
        },
      ],
    );
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).reviewedPreviews = true;
        deploy(c).previewPullRequests = false;
      }),
      [
        {
          path: "tiers[0].deploy.reviewedPreviews",
          message: "previewPullRequests is false: there is nothing to review",
        },
      ],
    );
  });
  it("a project that turns its previews off is not checked", () =>
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).previewPullRequests = true;
        c.projects[0].tiers.prod = { previewPullRequests: false };
      }),
      [],
    ));
});
