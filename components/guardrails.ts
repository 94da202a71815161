/**
 * `Guardrails`: publishes the policy pack of policy/pack (a `PolicyPack` versioned by content) and
 * attaches it to the stacks with one `PolicyGroup` per kind of tier (model/access/guardrails.ts):
 * mandatory and preventative on protected tiers, advisory and audit elsewhere.
 *
 * The pack's policy metadata is given to the provider (`policies`), so publishing needs no policy
 * analyzer plugin on the deploying machine, and Pulumi Cloud validates each group's config
 * against the very schemas the pack reads. Published versions are kept when a new one replaces
 * them (`retainOnDelete`): versions are history, and a stack's last update names the one it ran.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { GuardrailGroupSpec, groupPackConfig, GuardrailsSpec } from "../model/access";
import {
  DEFAULT_ENFORCEMENT,
  PACK_DISPLAY_NAME,
  POLICY_METADATA,
  POLICY_NAMES,
} from "../policy/pack/metadata";
import { componentType } from "./types";

export const GUARDRAILS_TYPE = componentType("Guardrails");

export interface GuardrailsArgs {
  readonly organization: string;
  readonly spec: GuardrailsSpec;
  /** The pack's version tag for its current content (policy/source.ts). */
  readonly versionTag: string;
  /** The pack's directory, relative to the project directory (where the provider runs). */
  readonly sourcePath: string;
  /**
   * The stacks the program creates, by model key (`project/tier`): a group waits for those it
   * lists (the bootstrap's own stack exists before the program runs).
   */
  readonly stackResources?: ReadonlyMap<string, pulumi.Resource>;
}

/** The pack's policies as the PolicyPack resource publishes them. */
export function packPolicies(): ps.types.input.PolicyPackPolicyInputArgs[] {
  return POLICY_NAMES.map((name) => {
    const m = POLICY_METADATA[name];
    return {
      name: m.name,
      displayName: m.displayName,
      description: m.description,
      severity: m.severity,
      remediationSteps: m.remediationSteps,
      enforcementLevel: DEFAULT_ENFORCEMENT,
      ...(m.configSchema ? { configSchema: { ...m.configSchema } } : {}),
    };
  });
}

export class Guardrails extends pulumi.ComponentResource {
  readonly pack: ps.PolicyPack;
  /** Policy groups by kind (`mandatory`, `advisory`). */
  readonly groups: ReadonlyMap<string, ps.PolicyGroup>;

  constructor(name: string, args: GuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GUARDRAILS_TYPE, name, {}, opts);
    this.pack = new ps.PolicyPack(
      "policy-pack",
      {
        organization: args.organization,
        name: args.spec.pack,
        displayName: PACK_DISPLAY_NAME,
        versionTag: args.versionTag,
        sourcePath: args.sourcePath,
        policies: packPolicies(),
      },
      { parent: this, retainOnDelete: true },
    );
    const groups = new Map<string, ps.PolicyGroup>();
    for (const g of args.spec.groups) groups.set(g.kind, this.group(args, g));
    this.groups = groups;
    this.registerOutputs({
      pack: this.pack.name,
      versionTag: this.pack.versionTag,
      groups: args.spec.groups.map((g) => g.name),
    });
  }

  private group(args: GuardrailsArgs, g: GuardrailGroupSpec): ps.PolicyGroup {
    return new ps.PolicyGroup(
      `policy-group/${g.kind}`,
      {
        organizationName: args.organization,
        name: g.name,
        entityType: "stacks",
        mode: g.mode,
        stacks: g.stacks.map((s) => ({ name: s.stack, routingProject: s.project })),
        policyPacks: [
          {
            name: this.pack.name,
            versionTag: this.pack.versionTag,
            config: groupPackConfig(args.spec, g),
          },
        ],
      },
      {
        parent: this,
        dependsOn: g.stacks.flatMap((s) => {
          const r = args.stackResources?.get(s.key);
          return r ? [r] : [];
        }),
      },
    );
  }
}
