/**
 * The `Jenkinsfile` of the Jenkins pipelines of one repository (declarative pipeline, one
 * multibranch job per tier): a stage per project and tier that runs only in that tier's job on the
 * tier's branch, waits for an approver's `input` on protected tiers (before any agent or token),
 * binds the OpenID Connect id token credential and logs in with it. Values are single-quoted
 * Groovy literals and reach the shell through `environment`; every `sh` script is a
 * triple-single-quoted string, so Groovy interpolates nothing.
 */
import { PipelineSpec } from "../../access/types";
import {
  assertName,
  CiJob,
  CiRenderContext,
  HEADER_LINES,
  jobEnv,
  jobsOf,
  scriptFromVariable,
} from "../shared";

/** A Groovy single-quoted literal of a value that has passed its name rule. */
function lit(value: string): string {
  if (/['\\\n$]/.test(value))
    throw new Error(`value ${JSON.stringify(value)} cannot be a Groovy literal`);
  return `'${value}'`;
}

export function renderJenkinsfile(
  pipelines: readonly PipelineSpec[],
  ctx: CiRenderContext,
): string {
  if (pipelines.length === 0) throw new Error("no Jenkins pipeline to render");
  const stages: string[] = [];
  for (const p of pipelines) {
    if (p.ci !== "jenkins") throw new Error(`pipeline ${p.key} does not run on Jenkins`);
    for (const j of jobsOf(p)) stages.push(...stage(j, ctx));
  }
  const maxTimeout = Math.max(...pipelines.map((p) => p.timeoutMinutes));
  return [
    ...HEADER_LINES.map((l) => `// ${l}`),
    "//",
    `// Pipelines: ${pipelines.map((p) => p.key).join(", ")} (Pulumi organization ${ctx.organization}).`,
    "pipeline {",
    "  agent none",
    "  options {",
    "    disableConcurrentBuilds()",
    `    timeout(time: ${maxTimeout}, unit: 'MINUTES')`,
    "  }",
    "  stages {",
    ...stages,
    "  }",
    "}",
    "",
  ].join("\n");
}

function stage(j: CiJob, ctx: CiRenderContext): string[] {
  const p = j.pipeline;
  const b = j.identity.binding;
  if (b?.system !== "jenkins") throw new Error(`${j.identity.team} has no Jenkins binding`);
  if (j.kind === "preview") throw new Error(`Jenkins cannot run previews (${p.key})`);
  assertName("branch", p.branch, "branch");
  p.approvers.forEach((a) => assertName("team", a, "approver"));
  const env = jobEnv(j, ctx);
  const job = `${b.jobPath}/${encodeURIComponent(p.branch)}`;
  const script = scriptFromVariable(j.kind, "PULUMI_OIDC_TOKEN").map((l) => `              ${l}`);
  if (script.some((l) => l.includes("'''"))) throw new Error("a script line contains '''");
  return [
    `    stage(${lit(`${j.kind === "up" ? "pulumi up" : "start deployment"} ${p.project}/${p.tier}`)}) {`,
    "      when {",
    "        beforeInput true",
    "        allOf {",
    `          branch ${lit(p.branch)}`,
    // The tier's own job: the token's sub is this job's URL.
    `          expression { env.JOB_NAME == ${lit(job)} }`,
    "        }",
    "      }",
    ...(p.protected
      ? [
          "      input {",
          `        message ${lit(`Deploy ${p.project}/${p.stack} to ${p.tier}?`)}`,
          `        submitter ${lit(p.approvers.join(","))}`,
          "      }",
        ]
      : []),
    "      agent {",
    "        docker {",
    `          image ${lit(ctx.image.ref)} // ${ctx.image.comment}`,
    "        }",
    "      }",
    "      options {",
    `        timeout(time: ${p.timeoutMinutes}, unit: 'MINUTES')`,
    "      }",
    "      environment {",
    ...Object.entries(env).map(([k, v]) => `        ${k} = ${lit(v)}`),
    "      }",
    "      steps {",
    `        withCredentials([string(credentialsId: ${lit(b.credentialsId)}, variable: 'PULUMI_OIDC_TOKEN')]) {`,
    "          sh '''",
    ...script,
    "          '''",
    "        }",
    "      }",
    "    }",
  ];
}
