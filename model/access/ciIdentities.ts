/**
 * Machine identities of pipelines that do not run on the default CI (the CI units of
 * model/ci/registry.ts), and of the CI job that starts REST-triggered deployments. Each
 * identity carries its `CiBinding`: the issuer and the stable ids its OIDC policies pin.
 */
import { CI_BINDINGS } from "../ci/bindings";
import { CiSystem, Finding } from "../config";
import { DEFAULT_CI } from "../ci/registry";
import { machineTeamName, workflowPath } from "../names";
import { machineGrant, PipelineIdentities } from "./identities";
import type { StackContext } from "./types";
import { machineTeam } from "./teams";
import { CiBinding, MachineIdentity } from "./types";

/** The issuer of a CI's tokens, from its identity block. */
export function bindingFor(
  ctx: StackContext,
  purpose: "deploy" | "preview",
): CiBinding | undefined {
  const unit = ctx.ci === undefined ? undefined : CI_BINDINGS.get(ctx.ci);
  return unit?.binding(ctx, purpose);
}

/** The identity of one purpose of a non-GitHub pipeline (or of a REST caller). */
function ciIdentity(
  ctx: StackContext,
  purpose: "deploy" | "preview",
  may: string[],
): MachineIdentity {
  const { project, tier } = ctx;
  const ci = ctx.ci as CiSystem;
  const github = ci === DEFAULT_CI;
  return {
    team: machineTeamName(project.name, tier.name, purpose),
    ci,
    binding: github ? undefined : bindingFor(ctx, purpose),
    tokenType: "team",
    purpose,
    project: project.name,
    tier: tier.name,
    repository: project.repository,
    branch: tier.deploy.branch as string,
    ...(github
      ? { githubEnvironment: tier.name, workflowPath: workflowPath(project.name, tier.name) }
      : {}),
    events:
      purpose === "preview"
        ? ["merge_request"]
        : tier.deploy.manualDispatch
          ? github
            ? ["push", "workflow_dispatch"]
            : ["push", "manual"]
          : ["push"],
    may,
  };
}

/** Deploy (and preview) identities of a pipeline on a CI unit's CI. */
export function ciPipelineIdentities(ctx: StackContext): PipelineIdentities {
  const { project, environment } = ctx;
  const deploy = ciIdentity(ctx, "deploy", [
    `write stack ${project.name}/${ctx.stackName}`,
    `open environment ${environment.project}/${environment.name}`,
  ]);
  const deployTeam = machineTeam(deploy.team, "deploy", ctx.key, ctx.source);
  const deployGrant = machineGrant(
    ctx,
    deploy.team,
    "write",
    `deploy identity of pipeline ${ctx.key} (${ctx.ci}): pulumi up needs stack write and environment open`,
  );
  const findings = ciFindings(ctx);
  if (!ctx.previews) return { deploy, machineTeams: [deployTeam], grants: [deployGrant], findings };
  const preview = ciIdentity(ctx, "preview", [
    `read stack ${project.name}/${ctx.stackName}`,
    `open environment ${environment.project}/${environment.name}`,
  ]);
  return {
    deploy,
    preview,
    machineTeams: [deployTeam, machineTeam(preview.team, "preview", ctx.key, ctx.source)],
    grants: [
      deployGrant,
      machineGrant(
        ctx,
        preview.team,
        "read",
        `preview identity of pipeline ${ctx.key} (${ctx.ci}): pulumi preview needs stack read and environment open`,
      ),
    ],
    findings,
  };
}

/**
 * The caller of REST-triggered deployments: a machine team that may start deployments of one stack.
 * Pulumi Cloud's built-in stack permissions give `stack_deployment:create` only with stack write,
 * so that is what it holds (no environment: the deployment opens it with its own token).
 */
export function triggerIdentities(ctx: StackContext): PipelineIdentities {
  const { project } = ctx;
  const stack = `${project.name}/${ctx.stackName}`;
  const deploy = ciIdentity(ctx, "deploy", [
    `start deployments of stack ${stack} (stack write: the built-in permission that holds stack_deployment:create)`,
  ]);
  const grant = {
    ...machineGrant(
      ctx,
      deploy.team,
      "write",
      `REST caller of ${ctx.key}: POST /api/stacks/{org}/{project}/{stack}/deployments needs stack_deployment:create, which only stack write holds without custom roles`,
    ),
    environmentPermission: "none" as const,
  };
  return {
    deploy,
    machineTeams: [machineTeam(deploy.team, "deploy", ctx.key, ctx.source)],
    grants: [grant],
    findings: [triggerFinding(ctx, stack), ...ciFindings(ctx)],
  };
}

/** What the REST caller's token can do beyond starting deployments: always reported. */
function triggerFinding(ctx: StackContext, stack: string): Finding {
  return {
    severity: "medium",
    code: "deployments-trigger-scope",
    path: ctx.source,
    message:
      `the REST caller of ${ctx.key} holds stack write on ${stack}: without custom roles that is the ` +
      "narrowest built-in permission with stack_deployment:create, and it also lets the token run " +
      "`pulumi up` itself, decrypt the stack's config and rewrite its deployment settings. Even " +
      "stack_deployment:create alone lets a request override the saved settings (branch, pre-run " +
      "commands, environment variables), so whoever holds the token can run any code in a deployment " +
      "with Deployments' stack-admin token: its OIDC policy admits only the reviewed deploy context",
  };
}

/** What each CI's tokens cannot prove, where the plan must say so. */
function ciFindings(ctx: StackContext): Finding[] {
  const b = ctx.ci;
  const where = `${ctx.key} on ${b}`;
  const text = b ? CI_BINDINGS.get(b)?.claimsNote?.(where) : undefined;
  return text
    ? [
        {
          severity: ctx.tier.protected ? "medium" : "info",
          code: `ci-${b}-claims`,
          path: ctx.source,
          message: text,
        },
      ]
    : [];
}
