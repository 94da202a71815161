/**
 * `azure-pipelines.yml` for the Azure DevOps pipelines of one repository: per project and tier a
 * preview stage for pull-request validation builds (where the tier allows previews) and a
 * deployment job on the tier's branch in the Azure DevOps environment named after the tier, whose
 * approvals and checks (branch control) gate it. Each job asks Azure DevOps for an id token of its
 * service connection (`$(System.OidcRequestUri)`, with the job's own access token mapped into the
 * step's environment) and logs in with it.
 */
import { Document } from "yaml";
import { PipelineSpec } from "../../access";
import { RULE_NAME } from "../../config";
import {
  CiJob,
  CiRenderContext,
  HEADER_LINES,
  jobEnv,
  jobsOf,
  PULUMI_IMAGE,
  pulumiScript,
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
    stages,
  });
  doc.commentBefore = [
    ...HEADER_LINES,
    "",
    `Pipelines: ${pipelines.map((p) => p.key).join(", ")} (Pulumi organization ${ctx.organization}).`,
  ]
    .map((l) => (l ? ` ${l}` : ""))
    .join("\n");
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

/** The steps of a job: obtain the service connection's id token, then Pulumi or the caller. */
function steps(j: CiJob, ctx: CiRenderContext): unknown[] {
  const sc = serviceConnectionOf(j);
  return [
    { checkout: "self", fetchDepth: 1, persistCredentials: false },
    {
      bash: [
        "set -eu",
        'PULUMI_OIDC_TOKEN_FILE="$(mktemp)"',
        "export PULUMI_OIDC_TOKEN_FILE",
        // Azure DevOps issues it only to a job the service connection admits (pipeline permission).
        'curl -sSf -X POST -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" -H "Content-Type: application/json" -H "X-TFS-FedAuthRedirect: Suppress" -d "{}" "$SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=$SERVICE_CONNECTION_ID" | node -e \'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).oidcToken)\' > "$PULUMI_OIDC_TOKEN_FILE"',
        ...pulumiScript(j.kind),
      ].join("\n"),
      displayName: `${j.kind === "preview" ? "pulumi preview" : j.kind === "up" ? "pulumi up" : "start deployment"} ${j.pipeline.project}/${j.pipeline.stack}`,
      env: {
        ...jobEnv(j, ctx),
        SERVICE_CONNECTION_ID: sc.id,
        SYSTEM_ACCESSTOKEN: "$(System.AccessToken)",
      },
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
          container: PULUMI_IMAGE,
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
        container: PULUMI_IMAGE,
        timeoutInMinutes: p.timeoutMinutes,
        strategy: { runOnce: { deploy: { steps: steps(j, ctx) } } },
      },
    ],
  };
}
