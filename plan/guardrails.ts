/**
 * The plan's guardrails section (issue 18): the policy pack the program publishes (name, version
 * tag, source), each policy group with its mode, the level of every policy and the stacks it
 * covers, the platform stacks, opted-out tiers, and any protected-tier stack no mandatory group
 * covers. Read from the model and from what the program registered, so the tag shown is the one
 * `pulumi up` would publish.
 */
import { AccessModel } from "../model/access";
import { policyPack } from "../kinds/guardrails";
import { RecordedResource } from "./mockRun";

export interface PlanGuardrails {
  readonly enabled: boolean;
  /** Why they are off, when they are. */
  readonly reason?: string;
  readonly pack?: { name: string; versionTag: string; sourcePath: string };
  /** `project/stack` of the stacks allowed to manage Pulumi Cloud tokens and access. */
  readonly platformStacks: readonly string[];
  readonly groups: readonly {
    name: string;
    kind: "mandatory" | "advisory";
    mode: "preventative" | "audit";
    /** Policy -> enforcement level in this group. */
    levels: Record<string, string>;
    /** `project/stack`. */
    stacks: readonly string[];
  }[];
  readonly protectedTypes: readonly string[];
  readonly optOut: readonly { tier: string; reason: string }[];
  /** Protected-tier stacks (`project/stack`) that no mandatory group covers. */
  readonly uncovered: readonly string[];
}

export function planGuardrails(
  model: AccessModel,
  resources: readonly RecordedResource[],
): PlanGuardrails {
  const g = model.guardrails;
  const pack = resources.find((r) => r.type === policyPack.token);
  const mandatory = new Set(
    g.groups.filter((x) => x.kind === "mandatory").flatMap((x) => x.stacks.map((s) => s.key)),
  );
  return {
    enabled: g.enabled,
    ...(g.reason !== undefined ? { reason: g.reason } : {}),
    ...(pack
      ? {
          pack: {
            name: String(pack.inputs.name),
            versionTag: String(pack.inputs.versionTag),
            sourcePath: String(pack.inputs.sourcePath),
          },
        }
      : {}),
    platformStacks: g.platformStacks,
    groups: g.groups.map((x) => ({
      name: x.name,
      kind: x.kind,
      mode: x.mode,
      levels: { ...x.levels },
      stacks: x.stacks.map((s) => `${s.project}/${s.stack}`),
    })),
    protectedTypes: g.protectedTypes,
    optOut: g.optOut,
    uncovered: model.stacks
      .filter((s) => s.protected && !mandatory.has(s.key))
      .map((s) => `${s.project}/${s.stack}`),
  };
}

/** How the report lays out a section (plan/report.ts passes its text or Markdown style). */
export interface SectionStyle {
  readonly md: boolean;
  readonly heading: (s: string) => string;
  readonly table: (headers: string[], rows: string[][]) => string[];
  readonly item: string;
  readonly esc: (s: string) => string;
}

export function renderGuardrails(g: PlanGuardrails, style: SectionStyle): string[] {
  const { heading, table, item, esc } = style;
  if (!g.enabled)
    return [
      heading("Guardrails: OFF"),
      `${item}no policy pack, no policy group: ${esc(g.reason ?? "")}`,
      "",
    ];
  const policies = Object.keys(g.groups[0]?.levels ?? {});
  return [
    heading(
      g.pack
        ? `Guardrails: policy pack ${g.pack.name} ${g.pack.versionTag} (from ${g.pack.sourcePath})`
        : "Guardrails",
    ),
    ...table(
      ["policy group", "mode", "stacks"],
      g.groups.map((x) => [x.name, x.mode, x.stacks.join(", ")]),
    ),
    "",
    ...table(
      ["policy", ...g.groups.map((x) => x.kind)],
      policies.map((p) => [p, ...g.groups.map((x) => x.levels[p])]),
    ),
    "",
    `${item}platform stacks (may manage Pulumi Cloud tokens and access): ${g.platformStacks.join(", ") || "none"}`,
    ...(g.protectedTypes.length
      ? [`${item}protected types besides the built-in list: ${g.protectedTypes.join(", ")}`]
      : []),
    ...g.optOut.map(
      (o) => `${item}OPTED OUT of the mandatory group: tier ${o.tier}: ${esc(o.reason)}`,
    ),
    ...(g.uncovered.length
      ? [`${item}protected stacks outside the mandatory group: ${g.uncovered.join(", ")}`]
      : []),
    "",
  ];
}
