/**
 * The platform repository (model/config/policy/platform.ts: its CODEOWNERS team, the scheduled
 * audit's bootstrap stack and reserved GitHub environment) and audit webhooks
 * (model/config/policy/webhooks.ts), called directly over small lenient views, one condition at a
 * time, with exact errors. Fast enough to run under every mutant of the policy-platform group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkAuditSchedule, checkPlatformTeam } from "../../model/config/policy/platform";
import { checkWebhooks } from "../../model/config/policy/webhooks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function base(): Any {
  return {
    github: { platformTeam: "platform", platformRepository: "platform" },
    teams: [{ name: "platform", members: ["p"], githubMembers: ["p-gh"] }],
    tiers: [
      { name: "dev", deploy: { mode: "direct" } },
      { name: "prod", protected: true, deploy: { mode: "github-actions" } },
    ],
    projects: [
      { name: "payments", repository: "payments-infra", tiers: { dev: {}, prod: {} } },
      { name: "secure-org", repository: "platform", bootstrap: true, tiers: { prod: {} } },
    ],
    audit: { schedule: { cron: "0 3 * * *" } },
  };
}
function run(edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  const ctx = policyContext(lenientView(c), errors, []);
  checkPlatformTeam(ctx);
  checkAuditSchedule(ctx);
  checkWebhooks(ctx);
  return errors;
}
const PT = "github.platformTeam";

describe("bounds: platform team, unit", () => {
  it("the baseline passes", () => assert.deepEqual(run(), []));
  it("an undeclared team, named exactly", () =>
    assert.deepEqual(
      run((c) => (c.github.platformTeam = "Platform")),
      [{ path: PT, message: 'unknown team "Platform"; declared teams: "platform"' }],
    ));
  it("a team without githubMembers", () =>
    assert.deepEqual(
      run((c) => delete c.teams[0].githubMembers),
      [
        {
          path: PT,
          message: 'team "platform" has no githubMembers; CODEOWNERS needs a GitHub team',
        },
      ],
    ));
  it("required when a tier deploys with github-actions, even through one project's own mode", () => {
    const req = {
      path: PT,
      message:
        "is required when a tier deploys with github-actions: name the team that owns .github/workflows/ (CODEOWNERS)",
    };
    assert.deepEqual(
      run((c) => delete c.github.platformTeam),
      [req],
    );
    assert.deepEqual(
      run((c) => {
        delete c.github.platformTeam;
        delete c.audit;
        c.tiers[1].deploy.mode = "pulumi-deployments";
        c.projects[0].tiers.prod = { mode: "github-actions" };
      }),
      [req],
    );
  });
  it("required by a scheduled audit; not without one nor without github-actions", () => {
    const noActions = (c: Any) => {
      delete c.github.platformTeam;
      c.tiers[1].deploy.mode = "pulumi-deployments";
    };
    assert.deepEqual(run(noActions), [
      {
        path: PT,
        message:
          "is required by audit.schedule: name the team that owns .github/workflows/ (CODEOWNERS) of the platform repository",
      },
    ]);
    assert.deepEqual(
      run((c) => {
        noActions(c);
        delete c.audit;
      }),
      [],
    );
  });
});

describe("bounds: scheduled audit, unit", () => {
  it("needs a bootstrap project", () =>
    assert.deepEqual(
      run((c) => (c.projects[1].bootstrap = false)),
      [
        {
          path: "audit.schedule",
          message:
            "the scheduled audit reads the bootstrap stack's config in the platform repository: declare the bootstrap " +
            "project (projects[].bootstrap: true)",
        },
      ],
    ));
  it("whose project deploys exactly one stack: two, or none, is refused", () => {
    const msg = {
      path: "audit.schedule",
      message:
        "the scheduled audit needs the bootstrap project to deploy exactly one stack (the one whose Pulumi.<stack>.yaml it audits)",
    };
    assert.deepEqual(
      run((c) => (c.projects[1].tiers = { prod: {}, dev: {} })),
      [msg],
    );
    assert.deepEqual(
      run((c) => (c.projects[1].tiers = {})),
      [msg],
    );
  });
  it("no schedule: none of its checks", () =>
    assert.deepEqual(
      run((c) => {
        delete c.audit;
        c.projects[1].bootstrap = false;
        c.tiers.push({ name: "audit", deploy: { mode: "github-actions" } });
        c.projects[1].tiers.audit = {};
      }),
      [],
    ));
  describe("the platform repository's GitHub environment `audit` is reserved", () => {
    const auditTier = (mode: string, own?: string) => (c: Any) => {
      c.tiers.push({ name: "audit", deploy: { mode } });
      c.projects.push({
        name: "tools",
        repository: "Platform",
        tiers: { audit: own ? { mode: own } : {} },
      });
    };
    const reserved = {
      path: "projects[2].tiers.audit",
      message:
        'the GitHub environment "audit" of the platform repository is reserved for the scheduled audit (audit.schedule); rename the tier',
    };
    it("a github-actions tier named audit in the platform repository (any case) is refused", () =>
      assert.deepEqual(run(auditTier("github-actions")), [reserved]));
    it("also through the project's own mode; not for another mode", () => {
      assert.deepEqual(run(auditTier("pulumi-deployments", "github-actions")), [reserved]);
      assert.deepEqual(run(auditTier("github-actions", "pulumi-deployments")), []);
      assert.deepEqual(run(auditTier("direct")), []);
    });
    it("not in another repository, nor without a platform repository", () => {
      assert.deepEqual(
        run((c) => {
          auditTier("github-actions")(c);
          c.projects[2].repository = "tools-infra";
        }),
        [],
      );
      assert.deepEqual(
        run((c) => {
          auditTier("github-actions")(c);
          delete c.github.platformRepository;
        }),
        [],
      );
    });
    it("not for a project that does not deploy to it, nor an undeclared tier", () => {
      assert.deepEqual(
        run((c) => {
          auditTier("github-actions")(c);
          c.projects[2].tiers = { prod: {} };
        }),
        [],
      );
      assert.deepEqual(
        run((c) =>
          c.projects.push({ name: "tools", repository: "platform", tiers: { audit: {} } }),
        ),
        [],
      );
    });
  });
});

describe("bounds: audit webhooks, unit", () => {
  const hook = (w: Any) => (c: Any) =>
    (c.audit.webhooks = [{ name: "h", url: "https://hooks.example.com", ...w }]);
  it("a webhook with a url passes; scoped to a declared tier too", () => {
    assert.deepEqual(run(hook({})), []);
    assert.deepEqual(run(hook({ scope: { tier: "prod" } })), []);
  });
  it("a scope naming an undeclared tier, exactly", () =>
    assert.deepEqual(run(hook({ scope: { tier: "Prod" } })), [
      {
        path: "audit.webhooks[0].scope.tier",
        message: 'unknown tier "Prod"; declared tiers: "dev", "prod"',
      },
    ]));
  it("groups and filters together are refused; either alone passes", () => {
    assert.deepEqual(run(hook({ groups: ["stacks"], filters: ["x"] })), [
      { path: "audit.webhooks[0]", message: "set either groups or filters, not both" },
    ]);
    assert.deepEqual(run(hook({ groups: ["stacks"] })), []);
    assert.deepEqual(run(hook({ filters: ["x"] })), []);
  });
  it("exactly one of url and urlSecretConfigKey", () => {
    assert.deepEqual(run(hook({ urlSecretConfigKey: "hookUrl" })), [
      { path: "audit.webhooks[0].url", message: "set either url or urlSecretConfigKey, not both" },
    ]);
    assert.deepEqual(run(hook({ url: undefined })), [
      {
        path: "audit.webhooks[0].url",
        message:
          "is required: the endpoint's URL, or urlSecretConfigKey naming a secret config key that holds it",
      },
    ]);
    assert.deepEqual(run(hook({ url: undefined, urlSecretConfigKey: "hookUrl" })), []);
  });
  it("a pulumi_deployments webhook needs a scope", () => {
    assert.deepEqual(run(hook({ format: "pulumi_deployments" })), [
      {
        path: "audit.webhooks[0].format",
        message: '"pulumi_deployments" webhooks trigger deployments and need a stack scope',
      },
    ]);
    assert.deepEqual(run(hook({ format: "pulumi_deployments", scope: { tier: "prod" } })), []);
    assert.deepEqual(run(hook({ format: "slack" })), []);
  });
});
