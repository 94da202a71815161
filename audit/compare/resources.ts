/**
 * The declared stacks and environments, and which tier a live one belongs to by its name: what
 * decides whether a live resource is protected, and the check for stacks and environments named
 * like a tier that no config declares.
 */
import { AccessModel } from "../../model/access";
import { stackKey } from "./helpers";
import { Add, LiveSnapshot } from "./types";

export interface Resources {
  /** Declared stacks and environments by `project/name`, with their protection. */
  stacks: Map<string, { protected: boolean; tier: string }>;
  envs: Map<string, { protected: boolean; tier: string }>;
  /** Stack name -> tier, environment name -> tier (tier names and declared names). */
  tierOfStack: Map<string, string>;
  tierOfEnv: Map<string, string>;
  protectedTiers: Set<string>;
  /**
   * Per-use break-glass environments (`project/<env>-breakglass`): protected (an elevated grant
   * there is checked like one on the tier), their opens reviewed by ./breakGlass.ts.
   */
  breakGlassEnvs: Set<string>;
}

export function resourcesOf(model: AccessModel): Resources {
  const r: Resources = {
    stacks: new Map(),
    envs: new Map(),
    tierOfStack: new Map(),
    tierOfEnv: new Map(),
    protectedTiers: new Set(),
    breakGlassEnvs: new Set(
      model.breakGlass.map((b) => stackKey(b.environment.project, b.environment.name)),
    ),
  };
  for (const s of model.stacks) {
    r.stacks.set(stackKey(s.project, s.stack), { protected: s.protected, tier: s.tier });
    r.envs.set(stackKey(s.environment.project, s.environment.name), {
      protected: s.protected,
      tier: s.tier,
    });
    if (s.protected) r.protectedTiers.add(s.tier);
  }
  // The login environments secure-org owns, on their tier environment's tier.
  for (const c of model.cloud)
    r.envs.set(stackKey(c.environment.project, c.environment.name), {
      protected: c.protected,
      tier: c.tier,
    });
  for (const s of model.stacks) {
    r.tierOfStack.set(s.tier, s.tier);
    r.tierOfEnv.set(s.tier, s.tier);
  }
  for (const s of model.stacks) {
    if (!r.tierOfStack.has(s.stack)) r.tierOfStack.set(s.stack, s.tier);
    if (!r.tierOfEnv.has(s.environment.name)) r.tierOfEnv.set(s.environment.name, s.tier);
  }
  return r;
}

/** Whether a live stack or environment is protected: declared, or named like a protected tier. */
export function isProtected(r: Resources, kind: "stack" | "environment", key: string): boolean {
  if (kind === "environment" && r.breakGlassEnvs.has(key)) return true;
  const declared = (kind === "stack" ? r.stacks : r.envs).get(key);
  if (declared) return declared.protected;
  const name = key.slice(key.indexOf("/") + 1);
  const tier = (kind === "stack" ? r.tierOfStack : r.tierOfEnv).get(name);
  return tier !== undefined && r.protectedTiers.has(tier);
}

export function compareResources(live: LiveSnapshot, res: Resources, add: Add): void {
  for (const s of live.stacks ?? []) {
    const key = stackKey(s.project, s.stack);
    if (res.stacks.has(key)) continue;
    const tier = res.tierOfStack.get(s.stack);
    if (tier === undefined) continue;
    const prot = res.protectedTiers.has(tier);
    add({
      severity: prot ? "high" : "medium",
      code: "stack-undeclared",
      subject: `stack:${key}`,
      message:
        `stack ${key} is named like tier ${tier}${prot ? " (protected)" : ""} but no config ` +
        "declares it: its creator is its admin, outside the declared grants",
    });
  }
  for (const e of live.environments ?? []) {
    const key = stackKey(e.project, e.name);
    if (res.envs.has(key)) continue;
    const tier = res.tierOfEnv.get(e.name);
    if (tier === undefined) continue;
    const prot = res.protectedTiers.has(tier);
    add({
      severity: prot ? "high" : "medium",
      code: "environment-undeclared",
      subject: `environment:${key}`,
      message:
        `environment ${key} is named like tier ${tier}${prot ? " (protected)" : ""} but no ` +
        "config declares it: nobody reviews who may open it",
    });
  }
}
