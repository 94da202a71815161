/**
 * The guardrails against the live policy groups (issue 18): each declared group exists, runs in
 * its declared mode, applies the guardrails pack with the declared level and settings for every
 * policy, and covers exactly the declared stacks. Drift that weakens a protected tier (a stack
 * taken out of the mandatory group, the group in audit mode, a policy downgraded, an extra
 * platform stack) is high.
 */
import {
  AccessModel,
  GuardrailGroupSpec,
  groupPackConfig,
  PACK_DEFAULT_LEVEL,
} from "../../model/access";
import { stackKey } from "./helpers";
import { Add, LivePolicyGroup } from "./types";

const RANK: Record<string, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

/** A live config entry's level: its own, else the group's `all`, else the pack's default. */
function liveLevel(config: Record<string, unknown> | undefined, policy: string): string {
  const levelOf = (v: unknown): string | undefined =>
    typeof v === "string"
      ? v
      : v &&
          typeof v === "object" &&
          typeof (v as Record<string, unknown>).enforcementLevel === "string"
        ? ((v as Record<string, unknown>).enforcementLevel as string)
        : undefined;
  return levelOf(config?.[policy]) ?? levelOf(config?.all) ?? PACK_DEFAULT_LEVEL;
}

/** A config entry's settings (everything but the level), as canonical JSON. */
function settingsOf(v: unknown): string {
  if (!v || typeof v !== "object") return "{}";
  const rest = Object.entries(v as Record<string, unknown>)
    .filter(([k]) => k !== "enforcementLevel")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(rest));
}

export function compareGuardrails(
  model: AccessModel,
  live: readonly LivePolicyGroup[],
  add: Add,
  packVersionTag?: string,
): void {
  const byName = new Map(live.map((g) => [g.name, g]));
  for (const g of model.guardrails.groups) {
    const strong = g.kind === "mandatory";
    const subject = `policygroup:${g.name}`;
    const l = byName.get(g.name);
    if (!l) {
      add({
        severity: strong ? "high" : "medium",
        code: "guardrail-group-missing",
        subject,
        message:
          `the ${g.kind} policy group ${g.name} does not exist: ${g.stacks.length} stack(s) ` +
          `deploy without its guardrails (${g.stacks.map((s) => stackKey(s.project, s.stack)).join(", ")})`,
      });
      continue;
    }
    if (l.mode !== g.mode)
      add({
        severity: strong ? "high" : "medium",
        code: "guardrail-mode-changed",
        subject,
        message: `runs in ${l.mode} mode, declared ${g.mode}`,
        declared: g.mode,
        live: l.mode,
      });
    compareStacks(g, l, add);
    comparePack(model, g, l, add, packVersionTag);
  }
}

function compareStacks(g: GuardrailGroupSpec, l: LivePolicyGroup, add: Add): void {
  const strong = g.kind === "mandatory";
  const liveKeys = new Set(l.stacks.map((s) => stackKey(s.project, s.stack)));
  const declared = new Set(g.stacks.map((s) => stackKey(s.project, s.stack)));
  for (const s of g.stacks) {
    const key = stackKey(s.project, s.stack);
    if (liveKeys.has(key)) continue;
    add({
      severity: strong ? "high" : "low",
      code: "guardrail-stack-outside",
      subject: `policygroup:${g.name} stack:${key}`,
      message: strong
        ? `stack ${key} of protected tier ${s.tier} is not in the mandatory policy group: its ` +
          "deploys run without the mandatory guardrails"
        : `stack ${key} (tier ${s.tier}) is not in the advisory policy group`,
    });
  }
  for (const key of [...liveKeys].sort())
    if (!declared.has(key))
      add({
        severity: "low",
        code: "guardrail-stack-undeclared",
        subject: `policygroup:${g.name} stack:${key}`,
        message: `the ${g.kind} policy group covers stack ${key}, which the config does not put there`,
      });
}

function comparePack(
  model: AccessModel,
  g: GuardrailGroupSpec,
  l: LivePolicyGroup,
  add: Add,
  versionTag: string | undefined,
) {
  const strong = g.kind === "mandatory";
  const subject = `policygroup:${g.name}`;
  const pack = l.packs.find((p) => p.name === model.guardrails.pack);
  if (!pack) {
    add({
      severity: strong ? "high" : "medium",
      code: "guardrail-pack-missing",
      subject,
      message: `does not apply the policy pack ${model.guardrails.pack}`,
      live: l.packs.map((p) => p.name),
    });
    return;
  }
  // The version the bootstrap publishes and applies is the pack's content hash
  // (policy/source.ts packVersionTag): another version is code nobody reviewed here, or an older
  // one without the current rules.
  if (versionTag !== undefined && pack.versionTag !== versionTag)
    add({
      severity: strong ? "high" : "medium",
      code: "guardrail-pack-version",
      subject,
      message:
        `applies ${model.guardrails.pack} version ${pack.versionTag ?? "(none)"}, the config's pack is ` +
        `${versionTag}` +
        (strong
          ? ": the protected tiers' deploys run policies other than the reviewed ones (an older pack, or one published outside the bootstrap). Run the bootstrap (pulumi up)"
          : ". Run the bootstrap (pulumi up)"),
      declared: versionTag,
      live: pack.versionTag ?? null,
    });
  const declared = groupPackConfig(model.guardrails, g);
  for (const [policy, want] of Object.entries(declared)) {
    const level = liveLevel(pack.config, policy);
    const wantLevel = String(want.enforcementLevel);
    if ((RANK[level] ?? 0) < RANK[wantLevel])
      add({
        severity: strong ? "high" : "medium",
        code: "guardrail-level-weakened",
        subject: `${subject} policy:${policy}`,
        message: `policy ${policy} is ${level}, declared ${wantLevel}`,
        declared: wantLevel,
        live: level,
      });
    const liveSettings = settingsOf(pack.config?.[policy]);
    if (liveSettings !== settingsOf(want))
      add({
        severity: strong ? "high" : "medium",
        code: "guardrail-settings-changed",
        subject: `${subject} policy:${policy}`,
        message: `the settings of policy ${policy} differ from the declared ones`,
        declared: JSON.parse(settingsOf(want)) as unknown,
        live: JSON.parse(liveSettings) as unknown,
      });
  }
}
