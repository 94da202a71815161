/**
 * `.circleci/config.yml` for the CircleCI pipelines of one repository: per project and tier a
 * preview job on branches other than the tier's (in the unrestricted preview context) and a deploy
 * job on the tier's branch in the tier's restricted context, after an approval job on protected
 * tiers (the restricted context's security group must approve). Each job asks for an id token with
 * the audience urn:pulumi:org:<org> (`circleci run oidc get --claims`) and logs in with it.
 */
import { Document } from "yaml";
import { PipelineSpec } from "../../access/types";
import {
  CiJob,
  CiRenderContext,
  HEADER_LINES,
  jobEnv,
  jobId,
  jobsOf,
  annotateImage,
  pulumiScript,
} from "../shared";

export function renderCircleciConfig(
  pipelines: readonly PipelineSpec[],
  ctx: CiRenderContext,
): string {
  if (pipelines.length === 0) throw new Error("no CircleCI pipeline to render");
  const jobs: Record<string, unknown> = {};
  const workflows: Record<string, unknown> = {};
  for (const p of pipelines) {
    if (p.ci !== "circleci") throw new Error(`pipeline ${p.key} does not run on CircleCI`);
    const entries: unknown[] = [];
    for (const j of jobsOf(p)) {
      jobs[jobId(j)] = circleJob(j, ctx);
      entries.push(...workflowEntries(j));
    }
    workflows[`pulumi-${p.project}-${p.tier}`.toLowerCase().replace(/[^a-z0-9-]/g, "-")] = {
      jobs: entries,
    };
  }
  const doc = new Document({ version: 2.1, jobs, workflows });
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

function contextOf(j: CiJob): string {
  const b = j.identity.binding;
  if (b?.system !== "circleci") throw new Error(`${j.identity.team} has no CircleCI binding`);
  return b.contextName;
}

function circleJob(j: CiJob, ctx: CiRenderContext): Record<string, unknown> {
  const p = j.pipeline;
  return {
    docker: [{ image: ctx.image.ref }],
    resource_class: "medium",
    environment: jobEnv(j, ctx),
    steps: [
      "checkout",
      {
        run: {
          name: `${j.kind === "preview" ? "pulumi preview" : j.kind === "up" ? "pulumi up" : "start deployment"} ${p.project}/${p.stack}`,
          no_output_timeout: `${p.timeoutMinutes}m`,
          command: [
            "set -eu",
            'PULUMI_OIDC_TOKEN_FILE="$(mktemp)"',
            "export PULUMI_OIDC_TOKEN_FILE",
            // Only `aud` can be customized; the rest of the claims stay CircleCI's.
            'circleci run oidc get --claims "{\\"aud\\":\\"$PULUMI_AUDIENCE\\"}" > "$PULUMI_OIDC_TOKEN_FILE"',
            ...pulumiScript(j.kind),
          ].join("\n"),
        },
      },
    ],
  };
}

function workflowEntries(j: CiJob): unknown[] {
  const p = j.pipeline;
  const id = jobId(j);
  if (j.kind === "preview")
    return [{ [id]: { context: [contextOf(j)], filters: { branches: { ignore: [p.branch] } } } }];
  const only = () => ({ branches: { only: [p.branch] } });
  if (!p.protected) return [{ [id]: { context: [contextOf(j)], filters: only() } }];
  const approval = `approve-${p.project}-${p.tier}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  return [
    { [approval]: { type: "approval", filters: only() } },
    { [id]: { context: [contextOf(j)], requires: [approval], filters: only() } },
  ];
}
