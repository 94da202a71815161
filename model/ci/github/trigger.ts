/**
 * The GitHub Actions caller of REST-triggered deployments (Deployments mode, `trigger: api`): on a push to the tier's branch, in the tier's GitHub environment (its reviewers
 * approve each run on protected tiers), it exchanges the job's OIDC token for the caller team's
 * token (pulumi/auth-actions) and runs the generated caller, which starts `pulumi up` with the
 * stack's saved deployment settings and fails when the deployment fails.
 */
import { Document } from "yaml";
import { PipelineSpec } from "../../access";
import { TRIGGER_SCRIPT_PATH } from "../../names";
import { PULUMI_API } from "../shared";
import { DEFAULT_CI, DEPLOYMENTS_LABEL, DEPLOYMENTS_MODE } from "../registry";
import {
  annotatePins,
  checkValues,
  HEADER_LINES,
  setupSteps,
  stackJob,
  tokenStep,
  WorkflowContext,
} from "./workflow";

export function renderTriggerWorkflow(p: PipelineSpec, ctx: WorkflowContext): string {
  if (p.mode !== DEPLOYMENTS_MODE || p.trigger !== "api" || p.ci !== DEFAULT_CI)
    throw new Error(`pipeline ${p.key} is not REST-triggered from GitHub Actions`);
  checkValues(p, ctx);
  if (!p.workflowPath || !p.githubEnvironment || !p.deploy)
    throw new Error(`pipeline ${p.key} has no workflow, environment or caller identity`);
  const on: Record<string, unknown> = {
    push: {
      branches: [p.branch],
      ...(p.workDir === "."
        ? {}
        : { paths: [`${p.workDir}/**`, p.workflowPath, TRIGGER_SCRIPT_PATH] }),
    },
  };
  if (p.manualDispatch) on.workflow_dispatch = {};
  const [harden, checkout, node] = setupSteps(p);
  const doc = new Document({
    name: `pulumi ${p.project}/${p.tier} (${DEPLOYMENTS_LABEL})`,
    on,
    permissions: {},
    defaults: { run: { shell: "bash" } },
    jobs: {
      deploy: stackJob(p, {
        name: `start deployment (${p.project}/${p.tier})`,
        if:
          `github.repository == '${ctx.githubOwner}/${p.repository}' && ` +
          `github.ref == 'refs/heads/${p.branch}'`,
        environment: p.githubEnvironment,
        steps: [
          harden,
          checkout,
          node,
          tokenStep(p, p.deploy, ctx),
          {
            name: `Start pulumi up of ${ctx.organization}/${p.project}/${p.stack} and wait for it`,
            run: `node ${TRIGGER_SCRIPT_PATH}`,
            env: {
              PULUMI_BACKEND_URL: PULUMI_API,
              PULUMI_ORG: ctx.organization,
              PULUMI_PROJECT: p.project,
              PULUMI_STACK: p.stack,
              PULUMI_TEAM: p.deploy.team,
              PULUMI_DEADLINE_MINUTES: String(p.timeoutMinutes),
            },
          },
        ],
      }),
    },
  });
  doc.commentBefore = [
    ...HEADER_LINES,
    "",
    `Pipeline ${p.key}: ${DEPLOYMENTS_LABEL} of ${ctx.organization}/${p.project}/${p.stack}, started from branch`,
    `${p.branch} of ${ctx.githubOwner}/${p.repository} through the GitHub environment ${p.githubEnvironment}.`,
  ]
    .map((l) => (l ? ` ${l}` : ""))
    .join("\n");
  annotatePins(doc);
  return doc.toString({ lineWidth: 0 });
}
