import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import * as github from "@pulumi/github";
import { declaredDeploymentSettings, DriftSpec, PipelineSpec } from "../model/access";
import type { DeclaredDeploymentSettings } from "../model/access";
import { renderTriggerWorkflow } from "../model/ci/github/trigger";
import { renderDriftWorkflow, renderWorkflow } from "../model/ci/github/workflow";
import { DEFAULT_CI, DEPLOYMENTS_MODE, isDefaultCi } from "../model/ci/registry";
import { componentType } from "./types";

export interface DeploymentPipelineArgs {
  readonly organization: string;
  readonly githubOwner: string;
  readonly pipeline: PipelineSpec;
  /** The repository's default branch: generated files are committed there. */
  readonly defaultBranch: string;
  /** The stack must exist before its deployment settings (absent for the bootstrap's own). */
  readonly stack?: ps.Stack;
  /** The GitHub environment the deploy job runs in must exist (with its reviewers) before the
   * workflow lands, or GitHub would create it unprotected on the first run. */
  readonly githubEnvironment?: pulumi.Resource;
  /** Teams and the OIDC issuer the workflow's token exchange needs. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  readonly drift?: DriftSpec;
  readonly githubProvider: github.Provider;
}

/**
 * One project's pipeline for one tier.
 *
 * - Deployments mode: deployment settings driven by the Pulumi GitHub App: preview on
 *   pull requests, `pulumi up` on pushes to the tier's branch, limited to the project's work dir,
 *   every trigger value explicit; plus the tier's drift schedule, which needs the settings.
 * - the default CI: the hardened workflow rendered by `model/ci/github/workflow.ts`, committed to the
 *   repository's default branch with `[skip ci]` so committing it deploys nothing.
 * - Deployments mode with `trigger: api`: the settings with every GitHub App trigger off; when
 *   the default CI calls the REST API, also the caller's workflow (`model/ci/github/trigger.ts`).
 * - other CIs (the units of model/ci/registry.ts): nothing here; their one file per
 *   repository is rendered by `model/ci/files.ts` and committed by `buildOrg` (GitHub only).
 */
export class DeploymentPipeline extends pulumi.ComponentResource {
  public readonly settings?: ps.DeploymentSettings;
  public readonly driftSchedule?: ps.DriftSchedule;
  public readonly workflowFile?: github.RepositoryFile;
  public readonly workflowContent?: string;
  /** The drift check's workflow (default-CI stacks of a tier with driftDetection). */
  public readonly driftWorkflowFile?: github.RepositoryFile;
  public readonly driftWorkflowContent?: string;

  constructor(name: string, args: DeploymentPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("DeploymentPipeline"), name, {}, opts);
    const p = args.pipeline;
    const deps = [...(args.dependsOn ?? []), ...(args.stack ? [args.stack] : [])];

    if (p.mode === DEPLOYMENTS_MODE) {
      if (p.bootstrap)
        throw new Error(`${p.key}: a stack must not manage its own deployment settings`);
      this.settings = createDeploymentSettings(this, name, args, deps);
      if (args.drift)
        this.driftSchedule = createDriftSchedule(this, name, args, args.drift, this.settings);
      // REST-triggered from the default CI: the caller's workflow, once the settings exist.
      if (p.trigger === "api" && p.ci === DEFAULT_CI) {
        const { content, file } = createWorkflowFile(this, name, args, [...deps, this.settings]);
        this.workflowContent = content;
        this.workflowFile = file;
      }
    } else if (isDefaultCi(p.ci)) {
      const { content, file } = createWorkflowFile(this, name, args, deps);
      this.workflowContent = content;
      this.workflowFile = file;
      if (p.drift) {
        const drift = createDriftWorkflowFile(this, name, args, deps);
        this.driftWorkflowContent = drift.content;
        this.driftWorkflowFile = drift.file;
      }
    }

    this.registerOutputs({
      mode: p.mode,
      workflowPath: p.workflowPath,
    });
  }
}

/**
 * Deployment settings: preview on pull requests, `pulumi up` on pushes to the tier's
 * branch, limited to the project's work dir, every trigger value explicit.
 */
export function createDeploymentSettings(
  parent: pulumi.Resource,
  name: string,
  args: DeploymentPipelineArgs,
  dependsOn: pulumi.Input<pulumi.Resource>[],
): ps.DeploymentSettings {
  const p = args.pipeline;
  return new ps.DeploymentSettings(
    `${name}-settings`,
    {
      organization: args.organization,
      project: p.project,
      stack: p.stack,
      ...settingsInputs(declaredDeploymentSettings(p, args.githubOwner)),
    },
    { parent, dependsOn },
  );
}

/** The provider's inputs (mutable arrays, repoDir undefined at the root). */
const settingsInputs = (d: DeclaredDeploymentSettings) => ({
  sourceContext: {
    git: { branch: d.sourceContext.git.branch, repoDir: d.sourceContext.git.repoDir },
  },
  vcs: { ...d.vcs, paths: [...d.vcs.paths] },
});

/** The tier's drift schedule, which needs the deployment settings. */
export function createDriftSchedule(
  parent: pulumi.Resource,
  name: string,
  args: DeploymentPipelineArgs,
  drift: DriftSpec,
  settings: ps.DeploymentSettings,
): ps.DriftSchedule {
  const p = args.pipeline;
  return new ps.DriftSchedule(
    `${name}-drift`,
    {
      organization: args.organization,
      project: p.project,
      stack: p.stack,
      scheduleCron: drift.schedule,
      autoRemediate: drift.autoRemediate,
    },
    { parent, dependsOn: [settings] },
  );
}

/**
 * The rendered workflow, committed to the repository's default branch with `[skip ci]` once the
 * GitHub environment it deploys in exists.
 */
export function createWorkflowFile(
  parent: pulumi.Resource,
  name: string,
  args: DeploymentPipelineArgs,
  dependsOn: pulumi.Input<pulumi.Resource>[],
): { content: string; file: github.RepositoryFile } {
  const p = args.pipeline;
  const context = { organization: args.organization, githubOwner: args.githubOwner };
  const content =
    p.trigger === "api" ? renderTriggerWorkflow(p, context) : renderWorkflow(p, context);
  const file = new github.RepositoryFile(
    `${name}-workflow`,
    {
      repository: p.repository,
      branch: args.defaultBranch,
      file: p.workflowPath as string,
      content,
      commitMessage: `secure-org: pipeline for ${p.key} [skip ci]`,
      overwriteOnCreate: true,
    },
    {
      parent,
      provider: args.githubProvider,
      dependsOn: [...dependsOn, ...(args.githubEnvironment ? [args.githubEnvironment] : [])],
    },
  );
  return { content, file };
}

/** The drift check's workflow, committed like the pipeline's once its environment exists. */
export function createDriftWorkflowFile(
  parent: pulumi.Resource,
  name: string,
  args: DeploymentPipelineArgs,
  dependsOn: pulumi.Input<pulumi.Resource>[],
): { content: string; file: github.RepositoryFile } {
  const p = args.pipeline;
  const drift = p.drift as NonNullable<typeof p.drift>;
  const content = renderDriftWorkflow(p, {
    organization: args.organization,
    githubOwner: args.githubOwner,
  });
  const file = new github.RepositoryFile(
    `${name}-drift-workflow`,
    {
      repository: p.repository,
      branch: args.defaultBranch,
      file: drift.workflowPath,
      content,
      commitMessage: `secure-org: drift check for ${p.key} [skip ci]`,
      overwriteOnCreate: true,
    },
    { parent, provider: args.githubProvider, dependsOn },
  );
  return { content, file };
}
