/**
 * `buildAccessModel`: validated config -> the access model, composed from the per-stack parts
 * (stack, human grants, pipeline) and the org-wide ones (scheduled audit, repositories, teams,
 * webhooks, findings). Every array keeps config order: the plan output depends on it.
 */
import { Finding, OrgConfig } from "../config";
import { auditorGrants, auditorTeam, buildAudit } from "./audit";
import { imageFindings, orgDefaultFindings } from "./findings";
import { buildGuardrails } from "./guardrails";
import { humanGrants } from "./grants";
import { breakGlassFor } from "./breakGlass";
import { PipelineAccess, pipelineFor } from "./pipelines";
import { buildRepositories } from "./repositories";
import { StackContext, stackContexts, stackSpec } from "./stacks";
import { humanTeams } from "./teams";
import { AccessModel, BreakGlassSpec, Grant, MachineIdentity, StackSpec } from "./types";
import { buildMembers } from "./members";
import { buildRoles } from "./roles";
import { buildShardAccess } from "./shards";
import { buildWebhooks } from "./webhooks";
import { buildCloud } from "./cloud";

/** What one project tier contributes: its stack, human grants and pipeline (unless direct). */
interface StackAccess {
  readonly stack: StackSpec;
  readonly grants: readonly Grant[];
  readonly breakGlass: readonly BreakGlassSpec[];
  readonly pipeline?: PipelineAccess;
}

function stackAccess(ctx: StackContext): StackAccess {
  const bg = breakGlassFor(ctx);
  return {
    stack: stackSpec(ctx),
    grants: [...humanGrants(ctx), ...bg.grants],
    breakGlass: bg.specs,
    pipeline: ctx.mode === "direct" ? undefined : pipelineFor(ctx, ctx.mode),
  };
}

export function buildAccessModel(
  config: OrgConfig,
  warnings: readonly Finding[] = [],
): AccessModel {
  const parts = stackContexts(config).map(stackAccess);
  const perPipeline = parts.flatMap((s) => (s.pipeline ? [s.pipeline] : []));
  const pipelines = perPipeline.map((p) => p.pipeline);
  const stacks = parts.map((s) => s.stack);
  // Per stack: the human grants, then its pipeline's machine grants.
  const grants = parts.flatMap((s) => [...s.grants, ...(s.pipeline?.grants ?? [])]);
  const identities = perPipeline.flatMap((p) =>
    [p.deploy, p.preview, p.driftCheck?.identity].filter((x): x is MachineIdentity => !!x),
  );
  const machineTeams = perPipeline.flatMap((p) => p.machineTeams);
  const driftSchedules = perPipeline.flatMap((p) => (p.drift ? [p.drift] : []));
  // The shards' own stacks, identities and pipelines (issue 20), after the projects'.
  const shards = buildShardAccess(config);
  if (shards) {
    stacks.push(...shards.stacks);
    grants.push(...shards.grants);
    identities.push(...shards.identities);
    machineTeams.push(...shards.machineTeams);
    pipelines.push(...shards.pipelines);
  }

  const audit = buildAudit(config, stacks);
  if (audit) {
    identities.push(audit.identity);
    machineTeams.push(auditorTeam(config));
    grants.push(...auditorGrants(stacks));
  }
  const repositories = buildRepositories(config, pipelines, audit);
  const cloud = buildCloud(config, stacks, grants);

  return {
    organization: config.organization,
    github: config.github,
    defaults: config.defaults,
    oidc: config.oidc,
    images: config.images,
    teams: [...humanTeams(config, repositories), ...machineTeams],
    stacks,
    grants,
    identities,
    pipelines,
    repositories,
    approvals: perPipeline.flatMap((p) => (p.approval ? [p.approval] : [])),
    breakGlass: parts.flatMap((s) => s.breakGlass),
    driftSchedules,
    webhooks: buildWebhooks(config, stacks),
    cloud,
    members: buildMembers(config),
    roles: [
      ...buildRoles(
        config.defaults.customRoles,
        stacks,
        audit !== undefined,
        new Map(cloud.map((c) => [c.key, c.environment])),
      ),
      ...(shards?.roles ?? []),
    ],
    audit,
    guardrails: buildGuardrails(config.guardrails, stacks),
    findings: [
      ...warnings,
      ...perPipeline.flatMap((p) => p.findings),
      ...(shards?.findings ?? []),
      ...imageFindings(config, pipelines),
      ...orgDefaultFindings(
        config,
        stacks,
        new Set([
          ...driftSchedules.map((d) => d.key),
          ...perPipeline.flatMap((p) => (p.driftCheck ? [p.pipeline.key] : [])),
        ]),
      ),
    ],
    ...(shards ? { sharding: shards.sharding } : {}),
  };
}
