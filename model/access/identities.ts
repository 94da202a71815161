/**
 * Machine identities of a pipeline on the default CI: the deploy identity (the organization token for
 * the bootstrap, a machine team otherwise), the optional pull-request preview identity, and the
 * machine teams, grants and findings that come with them.
 */
import { Finding } from "../config";
import { DEFAULT_CI } from "../ci/registry";
import {
  driftEnvironmentName,
  driftWorkflowPath,
  machineTeamName,
  previewEnvironmentName,
  workflowPath,
} from "../names";
import type { StackContext } from "./types";
import { machineTeam } from "./teams";
import { DriftCheckSpec, Grant, MachineIdentity, TeamSpec } from "./types";

/** A pipeline's identities and what they bring into the model. */
export interface PipelineIdentities {
  readonly deploy?: MachineIdentity;
  readonly preview?: MachineIdentity;
  /** The scheduled drift check (a tier with driftDetection). */
  readonly driftCheck?: DriftCheckSpec;
  readonly machineTeams: readonly TeamSpec[];
  readonly grants: readonly Grant[];
  readonly findings: readonly Finding[];
}

/** A pipeline without identities of its own (Deployments mode). */
export const NO_IDENTITIES: PipelineIdentities = { machineTeams: [], grants: [], findings: [] };

/** The identities of a pipeline on the default CI. */
export function actionsIdentities(ctx: StackContext): PipelineIdentities {
  if (ctx.project.bootstrap)
    return { deploy: bootstrapIdentity(ctx), machineTeams: [], grants: [], findings: [] };
  const deploy = teamDeployIdentity(ctx);
  const machineTeams = [machineTeam(deploy.team, "deploy", ctx.key, ctx.source)];
  const grants = [
    machineGrant(
      ctx,
      deploy.team,
      "write",
      `deploy identity of pipeline ${ctx.key}: pulumi up needs stack write and environment open`,
    ),
  ];
  const findings: Finding[] = [];
  let preview: MachineIdentity | undefined;
  if (ctx.previews) {
    preview = previewIdentity(ctx);
    machineTeams.push(machineTeam(preview.team, "preview", ctx.key, ctx.source));
    grants.push(
      machineGrant(
        ctx,
        preview.team,
        "read",
        `preview identity of pipeline ${ctx.key}: pulumi preview needs stack read and environment open`,
      ),
    );
    if (ctx.tier.deploy.reviewedPreviews) findings.push(reviewedPreviewFinding(ctx));
  }
  const driftCheck = driftCheckFor(ctx);
  if (driftCheck) {
    machineTeams.push(machineTeam(driftCheck.identity.team, "drift", ctx.key, ctx.source));
    grants.push(
      machineGrant(
        ctx,
        driftCheck.identity.team,
        "read",
        `drift check of pipeline ${ctx.key}: pulumi preview --refresh needs stack read and environment open`,
      ),
    );
  }
  return { deploy, preview, driftCheck, machineTeams, grants, findings };
}

/**
 * The scheduled drift check of a default-CI stack on a tier with driftDetection: a read-only
 * identity that only a scheduled run of the generated drift workflow, on the repository's default
 * branch, in the check's own GitHub environment, can obtain. Nobody can start it by hand.
 */
function driftCheckFor(ctx: StackContext): DriftCheckSpec | undefined {
  const { project, tier, environment } = ctx;
  if (!tier.driftDetection) return undefined;
  const githubEnvironment = driftEnvironmentName(project.name, tier.name);
  const workflow = driftWorkflowPath(project.name, tier.name);
  return {
    identity: {
      team: machineTeamName(project.name, tier.name, "drift"),
      ci: DEFAULT_CI,
      tokenType: "team",
      purpose: "drift",
      project: project.name,
      tier: tier.name,
      repository: project.repository,
      branch: project.defaultBranch,
      githubEnvironment,
      events: ["schedule"],
      workflowPath: workflow,
      may: [
        `read stack ${project.name}/${ctx.stackName}`,
        `open environment ${environment.project}/${environment.name}`,
      ],
    },
    cron: tier.driftDetection.schedule,
    workflowPath: workflow,
    githubEnvironment,
    branch: project.defaultBranch,
  };
}

/** The bootstrap deploys with the organization admin token: it administers the organization. */
function bootstrapIdentity(ctx: StackContext): MachineIdentity {
  const organization = ctx.config.organization;
  return deployIdentity(ctx, organization, "organization", [
    `administer organization ${organization} (runs this bootstrap)`,
  ]);
}

/** A project's deploy identity: the token of its own machine team. */
function teamDeployIdentity(ctx: StackContext): MachineIdentity {
  const { project, tier, environment } = ctx;
  return deployIdentity(ctx, machineTeamName(project.name, tier.name, "deploy"), "team", [
    `write stack ${project.name}/${ctx.stackName}`,
    `open environment ${environment.project}/${environment.name}`,
  ]);
}

/** Pushes (and manual dispatches, when enabled) to the tier's branch in its GitHub environment. */
function deployIdentity(
  ctx: StackContext,
  team: string,
  tokenType: MachineIdentity["tokenType"],
  may: string[],
): MachineIdentity {
  const { project, tier } = ctx;
  return {
    team,
    ci: DEFAULT_CI,
    tokenType,
    purpose: "deploy",
    project: project.name,
    tier: tier.name,
    repository: project.repository,
    branch: tier.deploy.branch as string,
    // Pipelines on the default CI run in the GitHub environment named after the tier.
    githubEnvironment: tier.name,
    events: tier.deploy.manualDispatch ? ["push", "workflow_dispatch"] : ["push"],
    workflowPath: workflowPath(project.name, tier.name),
    may,
  };
}

/**
 * Pull requests targeting the tier's branch, with read on the stack; with reviewed previews, only
 * in the tier's preview environment, whose reviewers approve each run.
 */
function previewIdentity(ctx: StackContext): MachineIdentity {
  const { project, tier, environment } = ctx;
  return {
    team: machineTeamName(project.name, tier.name, "preview"),
    ci: DEFAULT_CI,
    tokenType: "team",
    purpose: "preview",
    project: project.name,
    tier: tier.name,
    repository: project.repository,
    branch: tier.deploy.branch as string,
    ...(tier.deploy.reviewedPreviews
      ? { githubEnvironment: previewEnvironmentName(project.name, tier.name) }
      : {}),
    events: ["pull_request"],
    may: [
      `read stack ${project.name}/${ctx.stackName}`,
      `open environment ${environment.project}/${environment.name}`,
    ],
  };
}

/** A machine team's grant on the pipeline's stack (the given permission) and environment (open). */
export function machineGrant(
  ctx: StackContext,
  team: string,
  stackPermission: "read" | "write",
  reason: string,
): Grant {
  return {
    tier: ctx.tier.name,
    project: ctx.project.name,
    stack: ctx.stackName,
    environment: ctx.environment,
    team,
    identity: "machine",
    stackPermission,
    environmentPermission: "open",
    reason,
  };
}

/** Reviewed previews: a person approves every run of a pull request's code with the token. */
function reviewedPreviewFinding(ctx: StackContext): Finding {
  const { project, tier } = ctx;
  return {
    severity: tier.protected ? "medium" : "info",
    code: "reviewed-preview",
    path: `tiers[${ctx.tierIndex}].deploy.reviewedPreviews`,
    message:
      `pull-request previews of ${ctx.key} run the PR's code with a token that reads the stack and ` +
      `opens ${ctx.environment.project}/${ctx.environment.name}, only after one of ` +
      `${tier.deploy.approvers.join(", ")} approves the run in GitHub environment ` +
      `${previewEnvironmentName(project.name, tier.name)} of ${project.repository}: approvers must read the diff first`,
  };
}
