/**
 * `azure-pipelines.yml` for the Azure DevOps pipelines of one repository: per project and tier a
 * preview stage for pull-request validation builds (where the tier allows previews) and a
 * deployment job on the tier's branch in the Azure DevOps environment named after the tier, whose
 * approvals and checks (branch control) gate it. Each job obtains the id token of its service
 * connection through an `AzureCLI@2` task that references the connection, and logs in with it.
 */
import { Document } from "yaml";
import { PipelineSpec } from "../../access/types";
import { RULE_NAME } from "../values";
import {
  CiJob,
  CiRenderContext,
  HEADER_LINES,
  jobEnv,
  jobsOf,
  annotateImage,
  scriptFromVariable,
} from "../shared";

export function renderAzurePipelines(
  pipelines: readonly PipelineSpec[],
  ctx: CiRenderContext,
): string {
  if (pipelines.length === 0) throw new Error("no Azure DevOps pipeline to render");
  const branches = [...new Set(pipelines.map((p) => p.branch))];
  const previews = pipelines.some((p) => p.preview);
  const stages: unknown[] = [];
  for (const p of pipelines) {
    if (p.ci !== "azure-devops") throw new Error(`pipeline ${p.key} does not run on Azure DevOps`);
    for (const j of jobsOf(p)) stages.push(azureStage(j, ctx));
  }
  const doc = new Document({
    trigger: { batch: true, branches: { include: branches } },
    pr: previews ? { branches: { include: branches } } : "none",
    pool: { vmImage: "ubuntu-24.04" },
    resources: { containers: [{ container: PULUMI_CONTAINER, image: ctx.image.ref }] },
    stages,
  });
  doc.commentBefore = [
    ...HEADER_LINES,
    "",
    `Pipelines: ${pipelines.map((p) => p.key).join(", ")} (Pulumi organization ${ctx.organization}).`,
  ]
    .map((l) => (l ? ` ${l}` : ""))
    .join("\n");
  annotateImage(doc, ctx.image);
  return doc.toString({ lineWidth: 0 });
}

const safeId = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");

function serviceConnectionOf(j: CiJob): { name: string; id: string } {
  const b = j.identity.binding;
  if (b?.system !== "azure-devops")
    throw new Error(`${j.identity.team} has no Azure DevOps binding`);
  // The config's rule for rule names (model/config/ci.ts): the generator accepts what validation did.
  if (!RULE_NAME.test(b.serviceConnection.name) || b.serviceConnection.name.length > 100)
    throw new Error(`service connection: "${b.serviceConnection.name}" is not a rule name`);
  return b.serviceConnection;
}

/** The secret pipeline variable that carries the id token from the Azure CLI step to the next. */
export const ID_TOKEN_VARIABLE = "PULUMI_OIDC_ID_TOKEN";

/** The container resource the Pulumi steps run in. */
export const PULUMI_CONTAINER = "pulumi";

/**
 * The steps of a job. Azure DevOps issues a service connection's id token only to a task that
 * references the connection: `AzureCLI@2` with the connection as `azureSubscription` and
 * `addSpnToEnvironment: true` puts it in the script's environment as `idToken`
 * (docs/assumptions.md, "Azure DevOps"). That task runs on the agent host (which has the Azure
 * CLI; the Pulumi image does not; the published schema allows no `target` on a task) and sets one
 * secret variable that hands the token to the next step, run in the Pulumi container (a step
 * target), which exchanges it with Pulumi Cloud.
 */
function steps(j: CiJob, ctx: CiRenderContext): unknown[] {
  const sc = serviceConnectionOf(j);
  const what = `${j.kind === "preview" ? "pulumi preview" : j.kind === "up" ? "pulumi up" : "start deployment"} ${j.pipeline.project}/${j.pipeline.stack}`;
  return [
    { checkout: "self", fetchDepth: 1, persistCredentials: false },
    {
      task: "AzureCLI@2",
      displayName: `id token of service connection ${sc.name}`,
      inputs: {
        azureSubscription: sc.name,
        scriptType: "bash",
        scriptLocation: "inlineScript",
        addSpnToEnvironment: true,
        inlineScript: [
          "set -eu",
          'test -n "${idToken:-}" || { echo "the service connection gave no idToken (is it a workload identity federation connection?)" >&2; exit 1; }',
          `echo "##vso[task.setvariable variable=${ID_TOKEN_VARIABLE};issecret=true]$idToken"`,
        ].join("\n"),
      },
    },
    {
      bash: scriptFromVariable(j.kind, ID_TOKEN_VARIABLE).join("\n"),
      displayName: what,
      // The Pulumi image runs this step only; the Azure CLI task runs on the agent host.
      target: PULUMI_CONTAINER,
      env: { ...jobEnv(j, ctx), [ID_TOKEN_VARIABLE]: `$(${ID_TOKEN_VARIABLE})` },
    },
  ];
}

function azureStage(j: CiJob, ctx: CiRenderContext): Record<string, unknown> {
  const p = j.pipeline;
  const name = safeId(`${j.kind}_${p.project}_${p.tier}`);
  if (j.kind === "preview")
    return {
      stage: name,
      displayName: `pulumi preview (${p.project}/${p.tier})`,
      condition: "eq(variables['Build.Reason'], 'PullRequest')",
      jobs: [
        {
          job: "preview",
          timeoutInMinutes: p.timeoutMinutes,
          steps: steps(j, ctx),
        },
      ],
    };
  const reasons = p.manualDispatch
    ? ["IndividualCI", "BatchedCI", "Manual"]
    : ["IndividualCI", "BatchedCI"];
  return {
    stage: name,
    displayName: `${j.kind === "up" ? "pulumi up" : "start deployment"} (${p.project}/${p.tier})`,
    condition:
      `and(eq(variables['Build.SourceBranch'], 'refs/heads/${p.branch}'), ` +
      `in(variables['Build.Reason'], ${reasons.map((r) => `'${r}'`).join(", ")}))`,
    // One deploy per stack at a time.
    lockBehavior: "sequential",
    jobs: [
      {
        deployment: "deploy",
        // The environment's approvals and checks (branch control) gate the job.
        environment: p.tier,
        timeoutInMinutes: p.timeoutMinutes,
        strategy: { runOnce: { deploy: { steps: steps(j, ctx) } } },
      },
    ],
  };
}
