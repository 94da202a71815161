/**
 * Break-glass approved per use (issue 28). A role's `breakGlass` on a protected tier is per use
 * unless it declares `standing: true`: the role then holds nothing elevated on the tier's
 * environment. Its teams hold `open` on a separate environment, `<project>/<env>-breakglass`,
 * which secure-org creates with its own definition (it imports nothing) and gates with an ESC
 * change gate on `open`: each open needs an approved open request, approved by members of the
 * approver teams, never by the requester (docs/break-glass.md, docs/assumptions.md "ESC approvals
 * and break-glass").
 *
 * Why a separate environment: an open gate applies to every opener of the environment, the
 * pipeline's identity included, so a gate on the tier's own environment would stop every deploy.
 */
import { RolePolicy } from "../config";
import { parseDuration } from "../duration";
import type { StackContext } from "./stacks";
import { teamIndex } from "./teamIndex";
import { BreakGlassSpec, EnvironmentRef, Grant } from "./types";

/** The suffix of every break-glass environment's name. */
export const BREAK_GLASS_SUFFIX = "-breakglass";

/** The break-glass environment of a tier environment. */
export function breakGlassEnvironment(env: EnvironmentRef): EnvironmentRef {
  return { project: env.project, name: `${env.name}${BREAK_GLASS_SUFFIX}` };
}

type BreakGlassConfig = NonNullable<RolePolicy["breakGlass"]>;

/** `standing` when declared so, `per-use` otherwise (the default), none without breakGlass. */
export function breakGlassMode(
  bg: { standing?: unknown } | undefined,
): "standing" | "per-use" | undefined {
  if (bg === undefined) return undefined;
  return bg.standing === true ? "standing" : "per-use";
}

/** The declared bound: `maxDuration`, or its former name `maxOpenDuration`. */
export function breakGlassDuration(bg: {
  maxDuration?: unknown;
  maxOpenDuration?: unknown;
}): string | undefined {
  const d = bg.maxDuration ?? bg.maxOpenDuration;
  return typeof d === "string" ? d : undefined;
}

/** Seconds in a validated duration (0 when it does not parse; validation refuses that first). */
export function durationSeconds(text: string): number {
  const d = parseDuration(text);
  return "minutes" in d ? d.minutes * 60 : 0;
}

/**
 * The per-use break-glass of every role on a protected tier of this project: its environment, gate
 * and the requesting teams' `open` grants on it. Standing break-glass stays a plain grant
 * (./grants.ts).
 */
export function breakGlassFor(ctx: StackContext): {
  specs: BreakGlassSpec[];
  grants: Grant[];
} {
  const { config, project, tier } = ctx;
  const specs: BreakGlassSpec[] = [];
  const grants: Grant[] = [];
  if (!tier.protected) return { specs, grants };
  const requesters = new Map<string, string[]>();
  for (const ti of teamIndex(config).withRole(project.name)) {
    const team = config.teams[ti];
    const role = team.access[project.name] ?? team.access["*"];
    if (!role || breakGlassMode(tier.roles[role]?.breakGlass) !== "per-use") continue;
    requesters.set(role, [...(requesters.get(role) ?? []), team.name]);
  }
  for (const [role, teams] of requesters) {
    const bg = tier.roles[role].breakGlass as BreakGlassConfig;
    const maxDuration = breakGlassDuration(bg) ?? "1h";
    const spec: BreakGlassSpec = {
      key: `${ctx.key}/${role}`,
      project: project.name,
      tier: tier.name,
      role,
      protectedEnvironment: ctx.environment,
      environment: breakGlassEnvironment(ctx.environment),
      requesters: teams,
      approvers: [...(bg.approvers ?? [])],
      requiredApprovals: bg.requiredApprovals ?? 1,
      maxDuration,
      maxDurationSeconds: durationSeconds(maxDuration),
      justification: bg.justification,
      source: `tiers[${ctx.tierIndex}].roles.${role}.breakGlass`,
    };
    specs.push(spec);
    for (const team of teams)
      grants.push({
        tier: tier.name,
        project: project.name,
        stack: ctx.stackName,
        environment: spec.environment,
        team,
        identity: "human",
        role,
        stackPermission: "none",
        environmentPermission: "open",
        maxOpenDuration: maxDuration,
        breakGlass: bg.justification,
        approval: {
          approvers: spec.approvers,
          required: spec.requiredApprovals,
          maxDuration,
        },
        reason:
          `${spec.source}: open on ${spec.environment.project}/${spec.environment.name} ` +
          `only through a request approved by ${spec.approvers.join(", ")}`,
      });
  }
  return { specs, grants };
}

/** The gate's name: stable, so the audit finds it by name as well as by target. */
export const gateName = (s: BreakGlassSpec) =>
  `secure-org break-glass ${s.environment.project}/${s.environment.name}`;

/**
 * The open gate of a break-glass environment, as the spec's `CreateChangeGateRequest` (the
 * provider's `api:Gate` passes `rule` and `target` through untyped): an `approval_required` rule,
 * no self-approval, reapproval on change, eligible approvers the approver teams (`team_member`),
 * on action `open` of entity type `environment` named `project/env`.
 */
export function gateRequest(s: BreakGlassSpec) {
  return {
    name: gateName(s),
    enabled: true,
    rule: {
      ruleType: "approval_required",
      numApprovalsRequired: s.requiredApprovals,
      allowSelfApproval: false,
      requireReapprovalOnChange: true,
      eligibleApprovers: s.approvers.map((teamName) => ({
        eligibilityType: "team_member",
        teamName,
      })),
    },
    target: {
      entityType: "environment",
      qualifiedName: `${s.environment.project}/${s.environment.name}`,
      actionTypes: ["open"],
    },
  };
}

/** The starter definition of a break-glass environment: its own, importing nothing. */
export function breakGlassEnvironmentYaml(s: BreakGlassSpec): string {
  return [
    `# ${s.environment.project}/${s.environment.name}: break-glass for ${s.protectedEnvironment.project}/${s.protectedEnvironment.name} (${s.key}).`,
    "# Created by secure-org. Every open needs an open request approved by " +
      `${s.approvers.join(", ")} (docs/break-glass.md).`,
    "# Put the incident credentials here (prefer fn::open::* logins to a break-glass cloud role).",
    "# Never import the tier's own environment: opening this one would then need standing open there.",
    "values: {}",
    "",
  ].join("\n");
}
