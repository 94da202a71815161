/**
 * Pipelines: one per project tier that does not deploy directly, with its machine identities
 * (its CI's), its deployment approval rule and its drift schedule (Deployments mode).
 */
import { DEPLOYMENT_ROLE_NAME } from "./roles";
import { Finding } from "../config";
import { CI_PIPELINE_FILES, DEFAULT_CI, DEPLOYMENTS_LABEL, isDefaultCi } from "../ci/registry";
import { workflowPath } from "../names";
import { ciPipelineIdentities, triggerIdentities } from "./ciIdentities";
import { actionsIdentities, NO_IDENTITIES, PipelineIdentities } from "./identities";
import type { StackContext } from "./types";
import { ApprovalSpec, DriftSpec, PipelineSpec } from "./types";

export const pipelineKey = (project: string, tier: string) => `${project}/${tier}`;

/** Name of the pull-request status check of a default-CI pipeline (a job name). */
export const checkNameFor = (project: string, tier: string, bootstrap: boolean) =>
  bootstrap ? `offline plan (${project}/${tier})` : `pulumi preview (${project}/${tier})`;

/** A pipeline and everything it brings into the model. */
export interface PipelineAccess extends PipelineIdentities {
  readonly pipeline: PipelineSpec;
  readonly approval?: ApprovalSpec;
  readonly drift?: DriftSpec;
}

/** The pipeline of one project tier deployed in `mode`. */
export function pipelineFor(ctx: StackContext, mode: PipelineSpec["mode"]): PipelineAccess {
  if (mode === DEFAULT_CI) {
    const identities = isDefaultCi(ctx.ci) ? actionsIdentities(ctx) : ciPipelineIdentities(ctx);
    const pipeline = pipelineSpec(ctx, mode, identities);
    return { ...identities, pipeline, approval: approvalFor(ctx, pipeline) };
  }
  const identities = ctx.trigger === "api" ? triggerIdentities(ctx) : NO_IDENTITIES;
  const pipeline = pipelineSpec(ctx, mode, identities);
  return {
    ...identities,
    findings: [...identities.findings, deploymentsFinding(ctx)],
    pipeline,
    approval: approvalFor(ctx, pipeline),
    drift: driftFor(ctx),
  };
}

function pipelineSpec(
  ctx: StackContext,
  mode: PipelineSpec["mode"],
  identities: PipelineIdentities,
): PipelineSpec {
  const { project, tier } = ctx;
  // A default-CI workflow: the pipeline's own, or the caller of REST-triggered deployments.
  const actions = ctx.ci === DEFAULT_CI;
  const previews = ctx.previews;
  return {
    key: ctx.key,
    project: project.name,
    tier: tier.name,
    mode,
    ci: ctx.ci,
    trigger: ctx.trigger,
    pipelineFile:
      ctx.ci === undefined
        ? undefined
        : actions
          ? workflowPath(project.name, tier.name)
          : CI_PIPELINE_FILES[ctx.ci],
    repository: project.repository,
    repositoryHost: ctx.repositoryHost,
    workDir: project.workDir,
    branch: tier.deploy.branch as string,
    stack: ctx.stackName,
    environment: ctx.environment,
    protected: tier.protected,
    approvers: tier.deploy.approvers,
    requiredApprovals: tier.deploy.requiredApprovals ?? (tier.deploy.approvers.length > 0 ? 1 : 0),
    previewPullRequests: previews,
    reviewedPreviews: previews && actions && mode === DEFAULT_CI && tier.deploy.reviewedPreviews,
    drift: identities.driftCheck,
    manualDispatch: tier.deploy.manualDispatch,
    timeoutMinutes: tier.deploy.timeoutMinutes,
    nodeVersion: project.nodeVersion,
    bootstrap: project.bootstrap,
    deploy: identities.deploy,
    preview: identities.preview,
    workflowPath: actions ? workflowPath(project.name, tier.name) : undefined,
    checkName:
      actions && (previews || project.bootstrap)
        ? checkNameFor(project.name, tier.name, project.bootstrap)
        : undefined,
    githubEnvironment: actions ? tier.name : undefined,
  };
}

/** The approval rule of a protected tier's environment, when the tier names approvers. */
function approvalFor(ctx: StackContext, pipeline: PipelineSpec): ApprovalSpec | undefined {
  const { project, tier } = ctx;
  if (!(tier.protected && tier.deploy.approvers.length > 0 && !project.bootstrap)) return undefined;
  return {
    key: ctx.key,
    environment: ctx.environment,
    approvers: tier.deploy.approvers,
    required: Math.max(1, pipeline.requiredApprovals),
  };
}

/** Deployments drift detection, when the tier asks for it. */
function driftFor(ctx: StackContext): DriftSpec | undefined {
  const drift = ctx.tier.driftDetection;
  if (!drift) return undefined;
  return {
    key: ctx.key,
    project: ctx.project.name,
    stack: ctx.stackName,
    schedule: drift.schedule,
    autoRemediate: drift.autoRemediate,
  };
}

function deploymentsFinding(ctx: StackContext): Finding {
  const { environment } = ctx;
  const env = `${environment.project}/${environment.name}`;
  if (ctx.config.defaults.customRoles && ctx.project.bootstrap === false)
    return {
      severity: "low",
      code: "deployments-role",
      path: ctx.source,
      message:
        `${DEPLOYMENTS_LABEL} runs ${ctx.key} with a token that is admin on that stack, plus the org's ` +
        `default deployment role "${DEPLOYMENT_ROLE_NAME}", which reads and opens ${env} and the ` +
        `other environments of stacks that deploy through ${DEPLOYMENTS_LABEL}, and nothing else. ` +
        "Binding each stack to only its own environment needs the stacks' ids, which pulumiservice " +
        "1.3.0 does not expose; whether the role adds to the stack token or replaces it is not " +
        "verified against the live service",
    };
  return {
    severity: "info",
    code: "deployments-environment-access",
    path: ctx.source,
    message:
      `${DEPLOYMENTS_LABEL} runs ${ctx.key} with a token that is admin on that stack only; with org ` +
      `defaults at none it cannot open ${env}: set defaults.customRoles (Enterprise) for a ` +
      `deployment role that opens only the environments of ${DEPLOYMENTS_LABEL} stacks`,
  };
}
