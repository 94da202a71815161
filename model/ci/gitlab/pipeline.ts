/**
 * `.gitlab-ci.yml` for the GitLab pipelines of one repository: per project and tier a preview job
 * on merge-request pipelines (where the tier allows previews) and a deploy job on pushes to the
 * tier's protected branch, in the tier's GitLab environment (protected, with required approvals,
 * on protected tiers) and a resource group (one deploy per stack at a time). Each job gets an ID
 * token with the audience urn:pulumi:org:<org> (`id_tokens:`) and logs in with it; values reach
 * the shell through `variables:` only.
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
  scriptFromVariable,
} from "../shared";

export function renderGitlabCi(pipelines: readonly PipelineSpec[], ctx: CiRenderContext): string {
  if (pipelines.length === 0) throw new Error("no GitLab pipeline to render");
  const jobs: Record<string, unknown> = {};
  for (const p of pipelines) {
    if (p.ci !== "gitlab") throw new Error(`pipeline ${p.key} does not run on GitLab`);
    for (const j of jobsOf(p)) jobs[jobId(j)] = gitlabJob(j, ctx);
  }
  const doc = new Document({
    workflow: {
      // Merge-request pipelines for previews, branch pipelines for deploys; never both for one push.
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", when: "never" },
        { if: "$CI_COMMIT_BRANCH" },
      ],
    },
    stages: ["preview", "deploy"],
    ...jobs,
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

function gitlabJob(j: CiJob, ctx: CiRenderContext): Record<string, unknown> {
  const p = j.pipeline;
  const preview = j.kind === "preview";
  const sources = p.manualDispatch ? ["push", "web"] : ["push"];
  return {
    stage: preview ? "preview" : "deploy",
    image: ctx.image.ref,
    rules: preview
      ? [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]
      : [
          {
            if:
              `$CI_COMMIT_BRANCH == "${p.branch}" && ` +
              `(${sources.map((s) => `$CI_PIPELINE_SOURCE == "${s}"`).join(" || ")})`,
          },
        ],
    ...(preview
      ? {}
      : {
          environment: { name: p.tier, action: "start" },
          // One deploy per stack at a time; a later one waits.
          resource_group: `pulumi-${p.project}-${p.stack}`,
        }),
    timeout: `${p.timeoutMinutes} minutes`,
    interruptible: preview,
    id_tokens: { PULUMI_OIDC_TOKEN: { aud: jobEnv(j, ctx).PULUMI_AUDIENCE } },
    variables: { ...jobEnv(j, ctx), GIT_DEPTH: "1" },
    script: scriptFromVariable(j.kind, "PULUMI_OIDC_TOKEN"),
  };
}
