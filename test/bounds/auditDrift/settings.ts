/**
 * Drift cases: Pulumi Deployments settings and drift schedules, webhooks, and the guardrails'
 * policy groups. In the clean organization (prod example) web/staging and web/production deploy
 * with Deployments (web/production protected, with a drift schedule); hook0 is the organization
 * webhook (groups), hook1 the payments/prod stack webhook (filters), hook4 an environment webhook.
 */
import { Mutable, PACK_VERSION } from "../../audit/harness";
import { DriftCase } from "./case";

const deployment = (w: Mutable, project: string, stack: string) =>
  w.deployments.find((d: Mutable) => d.project === project && d.stack === stack);
const settings = (w: Mutable, stack: "staging" | "production") =>
  deployment(w, "web", stack).settings;
const hook = (w: Mutable, name: string) => w.webhooks.find((h: Mutable) => h.name === name);
const group = (w: Mutable, kind: "mandatory" | "advisory") =>
  w.policyGroups.find((g: Mutable) => g.name === `secure-org-guardrails-${kind}`);
const pack = (w: Mutable, kind: "mandatory" | "advisory") => group(w, kind).packs[0];

export const CASES: DriftCase[] = [
  // Deployments settings.
  {
    what: "every widening setting changed on the protected stack: high each",
    edit: (w) =>
      Object.assign(settings(w, "production"), {
        branch: "refs/heads/dev",
        provider: "gitlab",
        repository: "mallory/web-app",
        deployCommits: false,
        previewPullRequests: true,
        pullRequestTemplate: true,
        deployTags: true,
        tagFilters: ["v*"],
        preRunCommands: ["curl x | sh"],
        executorImage: "evil:latest",
        agentPoolID: "pool-1",
      }),
    want: [
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production agentPoolID",
        message:
          'the Deployments setting agentPoolID of web/production is "pool-1", declared "": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "",
        live: "pool-1",
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production executorContext.executorImage",
        message:
          'the Deployments setting executorContext.executorImage of web/production is "evil:latest", declared "": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "",
        live: "evil:latest",
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production operationContext.preRunCommands",
        message:
          'the Deployments setting operationContext.preRunCommands of web/production is ["curl x | sh"], declared []: it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: [],
        live: ["curl x | sh"],
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production sourceContext.git.branch",
        message:
          'the Deployments setting sourceContext.git.branch of web/production is "refs/heads/dev", declared "refs/heads/main": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "refs/heads/main",
        live: "refs/heads/dev",
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.deployTags",
        message:
          "the Deployments setting vcs.deployTags of web/production is true, declared false: it lets a deployment of this protected stack run from outside the reviewed branch and code",
        declared: false,
        live: true,
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.previewPullRequests",
        message:
          "the Deployments setting vcs.previewPullRequests of web/production is true, declared false: it lets a deployment of this protected stack run from outside the reviewed branch and code",
        declared: false,
        live: true,
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.provider",
        message:
          'the Deployments setting vcs.provider of web/production is "gitlab", declared "github": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "github",
        live: "gitlab",
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.pullRequestTemplate",
        message:
          "the Deployments setting vcs.pullRequestTemplate of web/production is true, declared false: it lets a deployment of this protected stack run from outside the reviewed branch and code",
        declared: false,
        live: true,
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.repository",
        message:
          'the Deployments setting vcs.repository of web/production is "mallory/web-app", declared "acme/web-app": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "acme/web-app",
        live: "mallory/web-app",
      },
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.tagFilters",
        message:
          'the Deployments setting vcs.tagFilters of web/production is ["v*"], declared []: it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: [],
        live: ["v*"],
      },
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.deployCommits",
        message:
          "the Deployments setting vcs.deployCommits of web/production is false, declared true",
        declared: true,
        live: false,
      },
    ],
  },
  {
    what: "the settings that do not widen changed on the protected stack: medium",
    edit: (w) => Object.assign(settings(w, "production"), { repoDir: "other", paths: ["**"] }),
    want: [
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/production sourceContext.git.repoDir",
        message:
          'the Deployments setting sourceContext.git.repoDir of web/production is "other", declared "deploy"',
        declared: "deploy",
        live: "other",
      },
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.paths",
        message:
          'the Deployments setting vcs.paths of web/production is ["**"], declared ["deploy/**"]',
        declared: ["deploy/**"],
        live: ["**"],
      },
    ],
  },
  {
    what: "repoDir and optional fields unset, and the repository in other case: as declared but repoDir",
    edit: (w) => {
      const s = settings(w, "production");
      delete s.repoDir;
      s.repository = "ACME/Web-App";
      s.paths = [...s.paths].reverse();
    },
    want: [
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/production sourceContext.git.repoDir",
        message:
          'the Deployments setting sourceContext.git.repoDir of web/production is "", declared "deploy"',
        declared: "deploy",
        live: "",
      },
    ],
  },
  {
    what: "no repository in the live settings",
    edit: (w) => delete settings(w, "production").repository,
    want: [
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:web/production vcs.repository",
        message:
          'the Deployments setting vcs.repository of web/production is undefined, declared "acme/web-app": it lets a deployment of this protected stack run from outside the reviewed branch and code',
        declared: "acme/web-app",
      },
    ],
  },
  {
    what: "a widening setting changed on an unprotected stack: medium",
    edit: (w) => (settings(w, "staging").branch = "refs/heads/dev"),
    want: [
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/staging sourceContext.git.branch",
        message:
          'the Deployments setting sourceContext.git.branch of web/staging is "refs/heads/dev", declared "refs/heads/main"',
        declared: "refs/heads/main",
        live: "refs/heads/dev",
      },
    ],
  },
  {
    what: "deployCommits that is not the boolean true reads as off",
    edit: (w) => (settings(w, "staging").deployCommits = "yes"),
    want: [
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:web/staging vcs.deployCommits",
        message: "the Deployments setting vcs.deployCommits of web/staging is false, declared true",
        declared: true,
        live: false,
      },
    ],
  },
  {
    what: "deployment settings missing on a stack that deploys with Deployments",
    edit: (w) => delete deployment(w, "web", "production").settings,
    want: [
      {
        severity: "medium",
        code: "deployment-settings-missing",
        subject: "stack:web/production",
        message:
          "stack web/production deploys with Pulumi Deployments but has no deployment settings: run the bootstrap (pulumi up) to restore them",
      },
    ],
  },
  {
    what: "deployment settings on a protected stack that deploys from its pipeline: high",
    edit: (w) =>
      (deployment(w, "payments", "prod").settings = { branch: "refs/heads/x", paths: [] }),
    want: [
      {
        severity: "high",
        code: "deployment-settings-changed",
        subject: "stack:payments/prod",
        message:
          "stack payments/prod has Pulumi Deployments settings, but the config deploys it only from its pipeline (protected tier): anyone who can start a deployment runs it from ?@refs/heads/x. Delete the settings",
        declared: null,
        live: { branch: "refs/heads/x", paths: [] },
      },
    ],
  },
  {
    what: "deployment settings on an unprotected stack deployed without Deployments: medium",
    edit: (w) =>
      (deployment(w, "payments", "dev").settings = {
        repository: "acme/payments-infra",
        branch: "refs/heads/main",
        paths: [],
      }),
    want: [
      {
        severity: "medium",
        code: "deployment-settings-changed",
        subject: "stack:payments/dev",
        message:
          "stack payments/dev has Pulumi Deployments settings, but the config deploys it without Deployments: anyone who can start a deployment runs it from acme/payments-infra@refs/heads/main. Delete the settings",
        declared: null,
        live: { repository: "acme/payments-infra", branch: "refs/heads/main", paths: [] },
      },
    ],
  },
  {
    what: "a stack whose deployment settings were not read is not compared",
    edit: (w) => (w.deployments = w.deployments.filter((d: Mutable) => d.stack !== "production")),
    want: [],
  },
  // Drift schedules.
  {
    what: "the drift schedule missing",
    edit: (w) => (deployment(w, "web", "production").driftSchedules = []),
    want: [
      {
        severity: "medium",
        code: "drift-schedule-missing",
        subject: "stack:web/production drift",
        message:
          "stack web/production has no drift schedule (declared 0 */6 * * *): drift goes unnoticed",
        declared: "0 */6 * * *",
      },
    ],
  },
  {
    what: "the drift schedule paused, on another cron, remediating",
    edit: (w) =>
      Object.assign(deployment(w, "web", "production").driftSchedules[0], {
        paused: true,
        cron: "0 0 * * 0",
        autoRemediate: true,
      }),
    want: [
      {
        severity: "medium",
        code: "drift-schedule-changed",
        subject: "stack:web/production drift autoRemediate",
        message: "the drift schedule of web/production: autoRemediate is true, declared false",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "drift-schedule-changed",
        subject: "stack:web/production drift paused",
        message: "the drift schedule of web/production: paused is true, declared false",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "drift-schedule-changed",
        subject: "stack:web/production drift scheduleCron",
        message:
          'the drift schedule of web/production: scheduleCron is "0 0 * * 0", declared "0 */6 * * *"',
        declared: "0 */6 * * *",
        live: "0 0 * * 0",
      },
    ],
  },
  {
    what: "a paused schedule beside the declared active one: the active one is compared",
    edit: (w) =>
      deployment(w, "web", "production").driftSchedules.unshift({
        id: "d-2",
        cron: "0 0 * * 0",
        autoRemediate: true,
        paused: true,
      }),
    want: [],
  },
  {
    what: "two active schedules: the one on the declared cron is compared",
    edit: (w) =>
      deployment(w, "web", "production").driftSchedules.unshift({
        id: "d-2",
        cron: "0 0 * * 0",
        autoRemediate: false,
        paused: false,
      }),
    want: [],
  },
  // Webhooks.
  {
    what: "the organization webhook deleted",
    edit: (w) => (w.webhooks = w.webhooks.filter((h: Mutable) => h.name !== "hook0")),
    want: [
      {
        severity: "medium",
        code: "webhook-missing",
        subject: "webhook:org secure-org security",
        message:
          'the declared webhook "secure-org security" (org) does not exist: the reviewers no longer get its events (a detective control lost). Run the bootstrap (pulumi up) to restore it',
        declared: { url: "https://hooks.example.com/pulumi", active: true },
      },
    ],
  },
  {
    what: "a webhook pointed elsewhere, disabled, in another format, unsigned",
    edit: (w) =>
      Object.assign(hook(w, "hook1"), {
        payloadUrl: "https://evil.example.com",
        active: false,
        format: "slack",
        hasSecret: false,
      }),
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod active",
        message:
          'webhook "secure-org prod-failures payments/prod": active is false, declared true: disabled; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: true,
        live: false,
      },
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod format",
        message:
          'webhook "secure-org prod-failures payments/prod": format is "slack", declared "raw": the receiver may not parse it; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: "raw",
        live: "slack",
      },
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod payloadUrl",
        message:
          'webhook "secure-org prod-failures payments/prod": payloadUrl is "https://evil.example.com", declared "https://siem.example.com/pulumi/prod": events go to another receiver; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: "https://siem.example.com/pulumi/prod",
        live: "https://evil.example.com",
      },
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod secret",
        message:
          'webhook "secure-org prod-failures payments/prod": secret is "none", declared "set": deliveries are unsigned, so the receiver cannot tell them from forged ones',
        declared: "set",
        live: "none",
      },
    ],
  },
  {
    what: "a webhook with fewer filters: narrower",
    edit: (w) => hook(w, "hook1").filters.pop(),
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod events",
        message:
          'webhook "secure-org prod-failures payments/prod": events is {"filters":["deployment_failed","drift_detected","update_failed"],"groups":[]}, declared {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":[]}: fewer events are delivered; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: {
          filters: [
            "deployment_failed",
            "drift_detected",
            "drift_detection_failed",
            "update_failed",
          ],
          groups: [],
        },
        live: { filters: ["deployment_failed", "drift_detected", "update_failed"], groups: [] },
      },
    ],
  },
  {
    what: "a webhook with one more filter: wider",
    edit: (w) => hook(w, "hook1").filters.push("update_succeeded"),
    want: [
      {
        severity: "low",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod events",
        message:
          'webhook "secure-org prod-failures payments/prod": events is {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed","update_succeeded"],"groups":[]}, declared {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":[]}: more events than declared',
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
            "update_succeeded",
          ],
          groups: [],
        },
      },
    ],
  },
  {
    what: "a webhook with no filters and no groups: every event, wider",
    edit: (w) => (hook(w, "hook1").filters = []),
    want: [
      {
        severity: "low",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod events",
        message:
          'webhook "secure-org prod-failures payments/prod": events is {"filters":[],"groups":[]}, declared {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":[]}: more events than declared',
        declared: {
          filters: [
            "deployment_failed",
            "drift_detected",
            "drift_detection_failed",
            "update_failed",
          ],
          groups: [],
        },
        live: { filters: [], groups: [] },
      },
    ],
  },
  {
    what: "a filtered webhook given groups instead: narrower (fail closed)",
    edit: (w) => {
      hook(w, "hook1").filters = [];
      hook(w, "hook1").groups = ["stacks"];
    },
    want: [
      {
        severity: "medium",
        code: "webhook-changed",
        subject: "webhook:stack:payments/prod secure-org prod-failures payments/prod events",
        message:
          'webhook "secure-org prod-failures payments/prod": events is {"filters":[],"groups":["stacks"]}, declared {"filters":["deployment_failed","drift_detected","drift_detection_failed","update_failed"],"groups":[]}: fewer events are delivered; the reviewers no longer get the events it should deliver (a detective control lost)',
        declared: {
          filters: [
            "deployment_failed",
            "drift_detected",
            "drift_detection_failed",
            "update_failed",
          ],
          groups: [],
        },
        live: { filters: [], groups: ["stacks"] },
      },
    ],
  },
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
