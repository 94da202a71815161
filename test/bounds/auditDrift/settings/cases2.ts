/** Drift cases of settings.ts, part 2 of 2. */
import { PACK_VERSION } from "../../../audit/harness";
import { DriftCase } from "../case";
import { hook, group, pack } from "./support";

export const CASES: DriftCase[] = [
  {
    what: "a filtered webhook given a group as well: narrower (fail closed)",
    edit: (w) => hook(w, "hook1").groups.push("stacks"),
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod events",
        message:
          'webhook "secure-org prod-failures payments/prod": events is {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":["stacks"]}, declared {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":[]}: fewer events are delivered; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: {
          filters: [
            "deployment_failed",
            "drift_detected",
            "drift_detection_failed",
            "update_failed",
          ],
          groups: [],
        },
        live: {
          filters: [
            "deployment_failed",
            "drift_detected",
            "drift_detection_failed",
            "update_failed",
          ],
          groups: ["stacks"],
        },
      },
    ],
  },
  {
    what: "a grouped webhook with one more group: wider; the same filters in another order: same",
    edit: (w) => {
      hook(w, "hook0").groups.push("policies");
      hook(w, "hook4").filters.reverse();
    },
    want: [
      {
        severity: "low",
        code: "webhook-changed",
        subject: "webhook:org secure-org security events",
        message:
          'webhook "secure-org security": events is {"filters":[],"groups":["deployments","environments","policies","stacks"]}, declared {"filters":[],"groups":["deployments","environments","stacks"]}: more events than declared',
        declared: { filters: [], groups: ["deployments", "environments", "stacks"] },
        live: { filters: [], groups: ["deployments", "environments", "policies", "stacks"] },
      },
    ],
  },
  {
    what: "a grouped webhook with one group fewer: narrower",
    edit: (w) => hook(w, "hook0").groups.pop(),
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:org secure-org security events",
        message:
          'webhook "secure-org security": events is {"filters":[],"groups":["deployments","stacks"]}, declared {"filters":[],"groups":["deployments","environments","stacks"]}: fewer events are delivered; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: { filters: [], groups: ["deployments", "environments", "stacks"] },
        live: { filters: [], groups: ["deployments", "stacks"] },
      },
    ],
  },
  {
    what: "a grouped webhook given filters instead: narrower",
    edit: (w) => {
      hook(w, "hook0").groups = [];
      hook(w, "hook0").filters = ["stack_update"];
    },
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:org secure-org security events",
        message:
          'webhook "secure-org security": events is {"filters":["stack_update"],"groups":[]}, declared {"filters":[],"groups":["deployments","environments","stacks"]}: fewer events are delivered; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: { filters: [], groups: ["deployments", "environments", "stacks"] },
        live: { filters: ["stack_update"], groups: [] },
      },
    ],
  },
  {
    what: "a second webhook of the same name and scope: the one on the declared URL is compared, the other undeclared",
    edit: (w) =>
      w.webhooks.unshift({
        ...JSON.parse(JSON.stringify(hook(w, "hook1"))),
        name: "hookX",
        payloadUrl: "https://evil.example.com",
      }),
    want: [
      {
        severity: "low",
        code: "webhook-undeclared",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod",
        message:
          "a webhook no config declares sends the events of stack:payments/prod to https://evil.example.com",
        live: { payloadUrl: "https://evil.example.com", active: true },
      },
    ],
  },
  {
    what: "a disabled copy beside the declared one: the active one is compared",
    edit: (w) =>
      w.webhooks.unshift({
        ...JSON.parse(JSON.stringify(hook(w, "hook1"))),
        name: "hookX",
        active: false,
      }),
    want: [
      {
        severity: "low",
        code: "webhook-undeclared",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod",
        message:
          "a webhook no config declares sends the events of stack:payments/prod to https://siem.example.com/pulumi/prod",
        live: { payloadUrl: "https://siem.example.com/pulumi/prod", active: false },
      },
    ],
  },
  {
    what: "a webhook moved to another stack: missing there, undeclared here",
    edit: (w) =>
      (hook(w, "hook1").scope = { kind: "stack", project: "payments", stack: "staging" }),
    want: [
      {
        severity: "medium",
        code: "webhook-missing",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod",
        message:
          'the declared webhook "secure-org prod-failures payments/prod" (stack:payments/prod) does not exist: the reviewers no longer get its events (a detective control lost). Run the bootstrap (pulumi up) to restore it',
        declared: { url: "https://siem.example.com/pulumi/prod", active: true },
      },
      {
        severity: "low",
        code: "webhook-undeclared",
        subject: "webhook:stack:payments/staging secure-org prod-failures payments/prod",
        message:
          "a webhook no config declares sends the events of stack:payments/staging to https://siem.example.com/pulumi/prod",
        live: { payloadUrl: "https://siem.example.com/pulumi/prod", active: true },
      },
    ],
  },
  {
    what: "undeclared webhooks at each scope (one without a display name)",
    edit: (w) =>
      w.webhooks.push(
        { ...JSON.parse(JSON.stringify(hook(w, "hook0"))), name: "x1", displayName: "other" },
        { ...JSON.parse(JSON.stringify(hook(w, "hook4"))), name: "x2", displayName: "" },
      ),
    want: [
      {
        severity: "low",
        code: "webhook-undeclared",
        subject: "webhook:environment:payments/prod x2",
        message:
          "a webhook no config declares sends the events of environment:payments/prod to https://siem.example.com/pulumi/esc",
        live: { payloadUrl: "https://siem.example.com/pulumi/esc", active: true },
      },
      {
        severity: "low",
        code: "webhook-undeclared",
        subject: "webhook:org other",
        message:
          "a webhook no config declares sends the events of org to https://hooks.example.com/pulumi",
        live: { payloadUrl: "https://hooks.example.com/pulumi", active: true },
      },
    ],
  },
  // Guardrails.
  {
    what: "the mandatory policy group missing: high",
    edit: (w) => w.policyGroups.splice(w.policyGroups.indexOf(group(w, "mandatory")), 1),
    want: [
      {
        severity: "high",
        code: "guardrail-group-missing",
        subject: "policygroup:secure-org-guardrails-mandatory",
        message:
          "the mandatory policy group secure-org-guardrails-mandatory does not exist: 3 stack(s) deploy without its guardrails (payments/prod, web/production, secure-org/prod)",
      },
    ],
  },
  {
    what: "the advisory policy group missing: medium",
    edit: (w) => w.policyGroups.splice(w.policyGroups.indexOf(group(w, "advisory")), 1),
    want: [
      {
        severity: "medium",
        code: "guardrail-group-missing",
        subject: "policygroup:secure-org-guardrails-advisory",
        message:
          "the advisory policy group secure-org-guardrails-advisory does not exist: 4 stack(s) deploy without its guardrails (payments/dev, payments/staging, web/dev, web/staging)",
      },
    ],
  },
  {
    what: "each group in the other's mode",
    edit: (w) => {
      group(w, "mandatory").mode = "audit";
      group(w, "advisory").mode = "preventative";
    },
    want: [
      {
        severity: "high",
        code: "guardrail-mode-changed",
        subject: "policygroup:secure-org-guardrails-mandatory",
        message: "runs in audit mode, declared preventative",
        declared: "preventative",
        live: "audit",
      },
      {
        severity: "medium",
        code: "guardrail-mode-changed",
        subject: "policygroup:secure-org-guardrails-advisory",
        message: "runs in preventative mode, declared audit",
        declared: "audit",
        live: "preventative",
      },
    ],
  },
  {
    what: "a stack out of each group, and one more in each",
    edit: (w) => {
      group(w, "mandatory").stacks.shift();
      group(w, "advisory").stacks.shift();
      group(w, "mandatory").stacks.push({ project: "payments", stack: "dev" });
      group(w, "advisory").stacks.push(
        { project: "zeta", stack: "a" },
        { project: "alpha", stack: "b" },
      );
    },
    want: [
      {
        severity: "high",
        code: "guardrail-stack-outside",
        subject: "policygroup:secure-org-guardrails-mandatory stack:payments/prod",
        message:
          "stack payments/prod of protected tier prod is not in the mandatory policy group: its deploys run without the mandatory guardrails",
      },
      {
        severity: "low",
        code: "guardrail-stack-outside",
        subject: "policygroup:secure-org-guardrails-advisory stack:payments/dev",
        message: "stack payments/dev (tier dev) is not in the advisory policy group",
      },
      {
        severity: "low",
        code: "guardrail-stack-undeclared",
        subject: "policygroup:secure-org-guardrails-advisory stack:alpha/b",
        message:
          "the advisory policy group covers stack alpha/b, which the config does not put there",
      },
      {
        severity: "low",
        code: "guardrail-stack-undeclared",
        subject: "policygroup:secure-org-guardrails-advisory stack:zeta/a",
        message:
          "the advisory policy group covers stack zeta/a, which the config does not put there",
      },
      {
        severity: "low",
        code: "guardrail-stack-undeclared",
        subject: "policygroup:secure-org-guardrails-mandatory stack:payments/dev",
        message:
          "the mandatory policy group covers stack payments/dev, which the config does not put there",
      },
    ],
  },
  {
    what: "the pack gone from each group",
    edit: (w) => {
      pack(w, "mandatory").name = "other-pack";
      group(w, "advisory").packs = [];
    },
    want: [
      {
        severity: "high",
        code: "guardrail-pack-missing",
        subject: "policygroup:secure-org-guardrails-mandatory",
        message: "does not apply the policy pack secure-org-guardrails",
        live: ["other-pack"],
      },
      {
        severity: "medium",
        code: "guardrail-pack-missing",
        subject: "policygroup:secure-org-guardrails-advisory",
        message: "does not apply the policy pack secure-org-guardrails",
        live: [],
      },
    ],
  },
  {
    what: "another pack version in each group, one without a version",
    edit: (w) => {
      pack(w, "mandatory").versionTag = "0.9.0";
      delete pack(w, "advisory").versionTag;
    },
    want: [
      {
        severity: "high",
        code: "guardrail-pack-version",
        subject: "policygroup:secure-org-guardrails-mandatory",
        message: `applies secure-org-guardrails version 0.9.0, the config's pack is ${PACK_VERSION}: the protected tiers' deploys run policies other than the reviewed ones (an older pack, or one published outside the bootstrap). Run the bootstrap (pulumi up)`,
        declared: PACK_VERSION,
        live: "0.9.0",
      },
      {
        severity: "medium",
        code: "guardrail-pack-version",
        subject: "policygroup:secure-org-guardrails-advisory",
        message: `applies secure-org-guardrails version (none), the config's pack is ${PACK_VERSION}. Run the bootstrap (pulumi up)`,
        declared: PACK_VERSION,
        live: null,
      },
    ],
  },
  {
    what: "each policy's level one step down in the mandatory group; settings changed",
    edit: (w) => {
      const c = pack(w, "mandatory").config;
      c["no-pulumi-tokens"].enforcementLevel = "advisory";
      c["no-pulumi-access-management"] = "disabled";
      c["no-plaintext-secrets"] = { enforcementLevel: "remediate" };
      c["protect-stateful-resources"].extraTypes = ["aws:s3/bucket:Bucket"];
    },
    want: [
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-access-management",
        message: "policy no-pulumi-access-management is disabled, declared mandatory",
        declared: "mandatory",
        live: "disabled",
      },
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-tokens",
        message: "policy no-pulumi-tokens is advisory, declared mandatory",
        declared: "mandatory",
        live: "advisory",
      },
      {
        severity: "high",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-access-management",
        message: "the settings of policy no-pulumi-access-management differ from the declared ones",
        declared: { platformStacks: ["secure-org/prod"] },
        live: {},
      },
      {
        severity: "high",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-mandatory policy:protect-stateful-resources",
        message: "the settings of policy protect-stateful-resources differ from the declared ones",
        declared: { extraTypes: [] },
        live: { extraTypes: ["aws:s3/bucket:Bucket"] },
      },
    ],
  },
  {
    what: "a level read from `all`, then the pack's default, in the advisory group",
    edit: (w) => {
      const c = pack(w, "advisory").config;
      c.all = "mandatory";
      delete c["no-pulumi-tokens"].enforcementLevel;
      c["no-plaintext-secrets"] = { enforcementLevel: 3 };
      delete c["protect-stateful-resources"];
    },
    want: [
      {
        severity: "medium",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-advisory policy:protect-stateful-resources",
        message: "the settings of policy protect-stateful-resources differ from the declared ones",
        declared: { extraTypes: [] },
        live: {},
      },
    ],
  },
  {
    what: "an unknown level counts as disabled",
    edit: (w) => (pack(w, "advisory").config["no-plaintext-secrets"].enforcementLevel = "strict"),
    want: [
      {
        severity: "medium",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-advisory policy:no-plaintext-secrets",
        message: "policy no-plaintext-secrets is strict, declared advisory",
        declared: "advisory",
        live: "strict",
      },
    ],
  },
  {
    what: "a pack with no config at all",
    edit: (w) => delete pack(w, "mandatory").config,
    want: [
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-plaintext-secrets",
        message: "policy no-plaintext-secrets is advisory, declared mandatory",
        declared: "mandatory",
        live: "advisory",
      },
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-access-management",
        message: "policy no-pulumi-access-management is advisory, declared mandatory",
        declared: "mandatory",
        live: "advisory",
      },
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-tokens",
        message: "policy no-pulumi-tokens is advisory, declared mandatory",
        declared: "mandatory",
        live: "advisory",
      },
      {
        severity: "high",
        code: "guardrail-level-weakened",
        subject: "policygroup:secure-org-guardrails-mandatory policy:protect-stateful-resources",
        message: "policy protect-stateful-resources is advisory, declared mandatory",
        declared: "mandatory",
        live: "advisory",
      },
      {
        severity: "high",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-access-management",
        message: "the settings of policy no-pulumi-access-management differ from the declared ones",
        declared: { platformStacks: ["secure-org/prod"] },
        live: {},
      },
      {
        severity: "high",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-mandatory policy:no-pulumi-tokens",
        message: "the settings of policy no-pulumi-tokens differ from the declared ones",
        declared: { platformStacks: ["secure-org/prod"] },
        live: {},
      },
      {
        severity: "high",
        code: "guardrail-settings-changed",
        subject: "policygroup:secure-org-guardrails-mandatory policy:protect-stateful-resources",
        message: "the settings of policy protect-stateful-resources differ from the declared ones",
        declared: { extraTypes: [] },
        live: {},
      },
    ],
  },
];
