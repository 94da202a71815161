import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { ApprovalSpec, BreakGlassSpec, Grant, StackSpec, WebhookSpec } from "../model/access";
import { BreakGlass } from "./breakGlass";
import { EnvironmentPermission } from "../model/config";
import { STACK_PERMISSION_SCOPE } from "../model/cloud/stackPermissions";
import { CloudEnvironmentSpec, CloudEnvironmentRef } from "../model/cloud/environments";
import { createCloudLogins } from "./cloudLogin";
import { TeamHandle } from "./secureTeam";
import { componentType } from "./types";

export const ENVIRONMENT_TIER_TYPE = componentType("EnvironmentTier");

/** Pulumi Cloud's numeric stack permission scopes (model/cloud/stackPermissions.ts). */
export { STACK_PERMISSION_SCOPE };

export interface EnvironmentTierArgs {
  readonly organization: string;
  /** Tier name; children are named `<project>/<tier>/...`. */
  readonly tier: string;
  readonly formerNames?: readonly string[];
  readonly protected: boolean;
  /** The stacks of this tier (one per project that deploys to it). */
  readonly stacks: readonly StackSpec[];
  /** Every grant of this tier, human and machine. */
  readonly grants: readonly Grant[];
  /** ESC approval rules (protected tiers). */
  readonly approvals: readonly ApprovalSpec[];
  /** Per-use break-glass environments, gates and grants (protected tiers). */
  readonly breakGlass?: readonly BreakGlassSpec[];
  /** Webhooks scoped to this tier's stacks or environments. */
  readonly webhooks: readonly WebhookSpec[];
  /** Teams by name; grants depend on the team existing (when this stack creates it). */
  readonly teams: ReadonlyMap<string, TeamHandle>;
  /** Resolves a webhook's secret config key to its (secret) value. */
  readonly secret: (key: string) => pulumi.Output<string>;
  /** The tier's login environments (model/cloud/); none when absent. */
  readonly cloud?: readonly CloudEnvironmentSpec[];
}

/** The starter definition of a new environment. The bootstrap never changes it afterwards. */
export function starterEnvironmentYaml(s: StackSpec, login?: CloudEnvironmentRef): string {
  return [
    `# ${s.environment.project}/${s.environment.name}: ${s.tier} configuration for ${s.project}/${s.stack}.`,
    "# Created by secure-org, which owns that this environment exists and who may open it.",
    "# Its contents are yours: secure-org ignores changes to this definition.",
    s.protected
      ? "# Protected tier: only the pipeline identity may open it; prefer fn::open::* OIDC logins to static keys."
      : "# Unprotected tier: developers may open it directly.",
    ...(login
      ? [
          `# Cloud credentials come from ${login.project}/${login.name}, which secure-org owns: keep the import.`,
          "imports:",
          `  - ${login.project}/${login.name}`,
        ]
      : []),
    "values:",
    "  pulumiConfig: {}",
    "",
  ].join("\n");
}

/** An ESC environment the tiers register (what other components hold on to). */
export type EnvironmentHandle = ps.Environment;

/** A tier's stacks and their ESC environments, by stack key (`<project>/<tier>`). */
export interface TierData {
  readonly stacks: ReadonlyMap<string, ps.Stack>;
  readonly environments: ReadonlyMap<string, ps.Environment>;
}

/**
 * One tier: its stacks (pre-created, so nobody becomes admin by creating one), tags, ESC
 * environments with a starter definition, every team grant, ESC approval rules on protected tiers
 * and tier-scoped audit webhooks.
 *
 * Data safety: stacks and environments are never deleted by removing them from the config
 * (`retainOnDelete`), are `protect`ed on protected tiers, and carry aliases for former names.
 */
export class EnvironmentTier extends pulumi.ComponentResource implements TierData {
  public readonly stacks: ReadonlyMap<string, ps.Stack>;
  public readonly environments: ReadonlyMap<string, ps.Environment>;
  /** The login environments, by stack key. */
  public readonly cloudEnvironments: ReadonlyMap<string, ps.Environment>;

  constructor(name: string, args: EnvironmentTierArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      ENVIRONMENT_TIER_TYPE,
      name,
      {},
      pulumi.mergeOptions(opts, {
        aliases: (args.formerNames ?? []).map((n) => ({ name: n })),
      }),
    );
    for (const s of args.stacks)
      if (s.tier !== args.tier)
        throw new Error(`stack ${s.key} does not belong to tier ${args.tier}`);

    // Login environments first: a tier environment's definition imports its login environment.
    this.cloudEnvironments = createCloudLogins(this, {
      organization: args.organization,
      cloud: args.cloud ?? [],
      teams: args.teams,
    });
    const data = createStacks(this, args, opts?.parent, this.cloudEnvironments);
    this.stacks = data.stacks;
    this.environments = data.environments;
    createGrants(this, args, data);
    createApprovals(this, args, data);
    for (const b of args.breakGlass ?? [])
      new BreakGlass(
        `${b.project}/${b.tier}/breakglass`,
        { organization: args.organization, spec: b, teams: args.teams },
        { parent: this },
      );
    createWebhooks(this, name, args, data);

    this.registerOutputs({
      stacks: [...this.stacks.keys()],
      environments: [...this.environments.keys()],
      cloudEnvironments: [...this.cloudEnvironments.keys()],
    });
  }
}

/**
 * Options of a stack or an environment: kept when removed from the config, protected on
 * protected tiers, aliased to where it lived under former project/tier names. `tierParent` is the
 * tier component's own parent (for the aliases' parent URN).
 */
function dataOptions(
  tier: pulumi.ComponentResource,
  tierParent: pulumi.Resource | undefined,
  s: StackSpec,
  suffix: string,
): pulumi.CustomResourceOptions {
  return {
    parent: tier,
    retainOnDelete: true,
    protect: s.protected,
    aliases: s.formerKeys.map((k) => {
      const [project, tierName] = k.split("/");
      return {
        name: `${project}/${tierName}/${suffix}`,
        parent: pulumi.createUrn(tierName, ENVIRONMENT_TIER_TYPE, tierParent),
      };
    }),
  };
}

/** Each managed stack of the tier with its tags and its ESC environment (starter definition). */
export function createStacks(
  tier: pulumi.ComponentResource,
  args: EnvironmentTierArgs,
  tierParent: pulumi.Resource | undefined,
  logins: ReadonlyMap<string, ps.Environment> = new Map(),
): TierData {
  const { organization } = args;
  const stacks = new Map<string, ps.Stack>();
  const environments = new Map<string, ps.Environment>();
  for (const s of args.stacks) {
    if (!s.managed) continue;
    const stack = new ps.Stack(
      `${s.project}/${s.tier}/stack`,
      { organizationName: organization, projectName: s.project, stackName: s.stack },
      dataOptions(tier, tierParent, s, "stack"),
    );
    stacks.set(s.key, stack);
    new ps.StackTags(
      `${s.project}/${s.tier}/tags`,
      { organization, project: s.project, stack: s.stack, tags: { ...s.tags } },
      { parent: tier, dependsOn: [stack] },
    );
    environments.set(
      s.key,
      new ps.Environment(
        `${s.project}/${s.tier}/environment`,
        {
          organization,
          project: s.environment.project,
          name: s.environment.name,
          yaml: new pulumi.asset.StringAsset(
            starterEnvironmentYaml(s, args.cloud?.find((c) => c.key === s.key)?.environment),
          ),
        },
        // The definition belongs to the app team after creation: never diff or overwrite it.
        {
          ...dataOptions(tier, tierParent, s, "environment"),
          ignoreChanges: ["yaml"],
          ...(logins.has(s.key) ? { dependsOn: [logins.get(s.key) as ps.Environment] } : {}),
        },
      ),
    );
  }
  return { stacks, environments };
}

/**
 * Every team grant of the tier: a stack permission and an environment permission, each unless
 * "none".
 *
 * Grants wait for the Pulumi team itself, not the whole SecureTeam component: depending on the
 * component would also wait for its GitHub repository permissions, one per repository, which
 * makes the dependency edges grow with projects x repositories.
 */
export function createGrants(
  tier: pulumi.ComponentResource,
  args: EnvironmentTierArgs,
  { stacks, environments }: TierData,
): void {
  const { organization } = args;
  for (const g of args.grants) {
    if (g.tier !== args.tier) throw new Error(`grant for ${g.team} is not on tier ${args.tier}`);
    // Per-use break-glass grants belong to their BreakGlass component (after its gate).
    if (g.approval) continue;
    const team = args.teams.get(g.team);
    if (!team) throw new Error(`grant references undeclared team ${g.team}`);
    const key = `${g.project}/${g.tier}`;
    const stack = stacks.get(key);
    const env = environments.get(key);
    if (g.stackPermission !== "none") {
      new ps.TeamStackPermission(
        `${key}/stack-grant/${g.team}`,
        {
          organization,
          project: g.project,
          stack: g.stack,
          team: team.teamName,
          permission: STACK_PERMISSION_SCOPE[g.stackPermission],
        },
        { parent: tier, dependsOn: [...(team.team ? [team.team] : []), ...(stack ? [stack] : [])] },
      );
    }
    if (g.environmentPermission !== "none") {
      new ps.TeamEnvironmentPermission(
        `${key}/environment-grant/${g.team}`,
        {
          organization,
          project: g.environment.project,
          environment: g.environment.name,
          team: team.teamName,
          permission: g.environmentPermission as Exclude<EnvironmentPermission, "none">,
          maxOpenDuration: g.maxOpenDuration,
        },
        { parent: tier, dependsOn: [...(team.team ? [team.team] : []), ...(env ? [env] : [])] },
      );
    }
  }
}

/** ESC approval rules: changes to a protected environment need the approver teams. */
export function createApprovals(
  tier: pulumi.ComponentResource,
  args: EnvironmentTierArgs,
  { environments }: TierData,
): void {
  const { organization } = args;
  for (const a of args.approvals) {
    const env = environments.get(a.key);
    new ps.ApprovalRule(
      `${a.key}/approval`,
      {
        name: `secure-org ${a.environment.project}/${a.environment.name} changes`,
        enabled: true,
        targetActionTypes: ["update"],
        environmentIdentifier: {
          organization,
          project: a.environment.project,
          name: a.environment.name,
        },
        approvalRuleConfig: {
          numApprovalsRequired: a.required,
          allowSelfApproval: false,
          requireReapprovalOnChange: true,
          eligibleApprovers: a.approvers.map((teamName) => ({ teamName })),
        },
      },
      {
        parent: tier,
        dependsOn: [
          ...(env ? [env] : []),
          ...a.approvers
            .map((t) => args.teams.get(t)?.team)
            .filter((t): t is pulumi.Resource => !!t),
        ],
      },
    );
  }
}

/** Webhooks scoped to one of the tier's stacks or environments, after their target exists. */
export function createWebhooks(
  tier: pulumi.ComponentResource,
  name: string,
  args: EnvironmentTierArgs,
  { stacks, environments }: TierData,
): void {
  for (const w of args.webhooks) {
    const key = `${w.projectName}/${args.tier}`;
    const target = w.stackName ? stacks.get(key) : environments.get(key);
    new ps.Webhook(`${name}/webhook/${w.key}`, webhookArgs(args.organization, w, args.secret), {
      parent: tier,
      dependsOn: target ? [target] : [],
    });
  }
}

/** Webhook inputs from the model; shared with org-wide webhooks. */
export function webhookArgs(
  organization: string,
  w: WebhookSpec,
  secret: (key: string) => pulumi.Output<string>,
): ps.WebhookArgs {
  return {
    organizationName: organization,
    displayName: w.displayName,
    // A URL that is itself a credential comes from a secret config key (validation refuses it
    // in plain config); exactly one of the two is set.
    payloadUrl: w.urlSecretConfigKey ? secret(w.urlSecretConfigKey) : (w.url as string),
    active: w.active,
    format: w.format as ps.WebhookArgs["format"],
    groups: w.groups as ps.WebhookArgs["groups"],
    filters: w.filters as ps.WebhookArgs["filters"],
    secret: w.secretConfigKey ? secret(w.secretConfigKey) : undefined,
    projectName: w.projectName,
    stackName: w.stackName,
    environmentName: w.environmentName,
  };
}
