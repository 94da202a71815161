/** Deployments mode: each protected stack's deployment settings and drift schedule. */
import { DEPLOYMENTS_LABEL } from "../model/ci/registry";
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import { s } from "./helpers";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{project}/{stack}`. */
export const deploymentSettingsId = (org: string, project: string, stack: string) =>
  parts("/", [org, project, stack], "DeploymentSettings");

/** `{organization}/{project}/{stack}/drift/{scheduleId}`. */
export const driftScheduleId = (org: string, project: string, stack: string, scheduleId: string) =>
  parts("/", [org, project, stack, "drift", scheduleId], "DriftSchedule");

export const deploymentSettings: ManagedType = {
  token: "pulumiservice:index:DeploymentSettings",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/settings"],
    codes: ["deployment-settings-changed", "deployment-settings-missing"],
    severity:
      "high on a protected tier when it lets someone deploy from elsewhere (branch, repository, tags, pull requests, triggers under trigger: api, pre-run commands, executor image, agent pool; settings on a stack that deploys from CI); medium otherwise",
  },
  importId: {
    format: "{organization}/{project}/{stack}",
    source: `${PS}deployment_settings.go (Read)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS_COSTS}/resources/deployment_settings.go Create/Update/Read (one client call each)`,
  ),
  lookup: (_r, i, ctx) => {
    const d = ctx.live.deploymentSettings.find(
      (x) => x.project === i.project && x.stack === i.stack,
    );
    if (!d) return undefined;
    return {
      id: deploymentSettingsId(ctx.org, s(i.project), s(i.stack)),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack) },
      live: {
        "sourceContext.git.branch": d.branch ?? null,
        "sourceContext.git.repoDir": d.repoDir ?? null,
        "vcs.provider": d.provider ?? null,
        "vcs.repository": d.repository ?? null,
        "vcs.deployCommits": d.deployCommits ?? null,
        "vcs.previewPullRequests": d.previewPullRequests ?? null,
        "vcs.pullRequestTemplate": d.pullRequestTemplate ?? null,
        "vcs.paths": d.paths ? [...d.paths] : null,
      },
    };
  },
};

export const driftSchedule: ManagedType = {
  token: "pulumiservice:index:DriftSchedule",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/schedules"],
    codes: ["drift-schedule-missing", "drift-schedule-changed"],
    severity: "medium (deleted, paused, another cron or remediation)",
  },
  importId: {
    format: "{organization}/{project}/{stack}/drift/{scheduleId}",
    source: `${PS}drift_schedules.go (Read) and ttl_schedules.go (parseStackScheduleID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS_COSTS}/resources/drift_schedules.go Create/Update/Read (CreateDriftSchedule, UpdateDriftSchedule, GetStackSchedule)`,
  ),
  lookup: (_r, i, ctx) => {
    const d = ctx.live.driftSchedules.find((x) => x.project === i.project && x.stack === i.stack);
    if (!d) return undefined;
    return {
      id: driftScheduleId(ctx.org, s(i.project), s(i.stack), d.id),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack) },
      live: { scheduleCron: d.cron, autoRemediate: d.autoRemediate },
    };
  },
};

export const deployments: ManagedArea = {
  name: "deployments",
  summary: `${DEPLOYMENTS_LABEL} settings and drift schedules of the stacks it deploys`,
  types: [deploymentSettings, driftSchedule],
  audit: ["deployments"],
  propose: "adopt/layout.ts",
};
