/**
 * The round trip (issue 30) as the specs run it: an example's plan (GitHub ids pinned) applied to
 * an empty organization (test/support/worldFromPlan.ts), served by the adopt stand-in on
 * 127.0.0.1 (answers checked against the OpenAPI spec), adopted with `npm run adopt`, and the
 * proposal planned; what differs is returned (test/adopt/roundTrip.spec.ts asserts it).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { PlanReport } from "../../plan";
import type { World } from "../support/adoptServer";
import { exampleDoc, type StackDoc } from "../support/examples";
import { syntheticConfig, syntheticEntries } from "../../bench/synthetic";
import { worldFromPlan } from "../support/worldFromPlan";
import { key } from "../hardening/support";
import type { Harness } from "./harness";

export type Example = "dev" | "prod" | "multi-ci" | "synthetic-100";

/** The stack file of an example, or of the bench's synthetic 100-project org (bench/synthetic.ts). */
function docOf(example: Example): StackDoc {
  if (example !== "synthetic-100") return exampleDoc(example);
  const raw = syntheticConfig(100, { organization: "acme", webhooks: false });
  return {
    config: Object.fromEntries(Object.entries(syntheticEntries(raw)).map(([k, e]) => [k, e.value])),
  };
}
export type Mutable<T> = {
  -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K];
};

const OBJECT_KINDS = [
  "deployment-settings",
  "drift-schedule",
  "approval-rule",
  "policy-group",
  "stack-tags",
];

type Row = {
  team: string;
  project: string;
  stackPermission: string;
  environmentPermission: string;
};
const rows = (p: PlanReport): string[] =>
  (p.accessMatrix as unknown as { tier: string; rows: Row[] }[])
    .flatMap((t) =>
      t.rows.map(
        (r) =>
          `${r.team} ${r.project} ${t.tier} stack:${r.stackPermission} env:${r.environmentPermission}`,
      ),
    )
    .sort();

export interface Outcome {
  /** Unmanaged Deployments settings, schedules, approval rules, policy groups, stack tags. */
  objects: string[];
  /** The adopt errors when the proposal does not validate. */
  errors: string[];
  onlyOriginal: string[];
  onlyAdopted: string[];
  high: string[];
  /** Medium findings' codes. */
  medium: string[];
  /**
   * Resources the original plan registered (so they exist live) that the adopted plan creates
   * instead of importing, as `<type> <logical name>` (type-qualified).
   */
  created: string[];
  /** How many of the adopted plan's resources import. */
  imported: number;
}

/** The finding codes of one severity in the proposal's header. */
const codes = (text: string, severity: string): string[] =>
  [
    ...new Set(
      text
        .split("\n")
        .map((l) => new RegExp(`^#\\s*\\[${severity}\\] ([a-z-]+) `).exec(l)?.[1])
        .filter((c): c is string => c !== undefined),
    ),
  ].sort();

/** Plans the example (GitHub ids pinned) and serves what the plan builds as the live org. */
async function build(
  h: Harness,
  example: Example,
  mutate?: (w: Mutable<World>) => void,
): Promise<PlanReport> {
  const doc = docOf(example);
  const ids = new Map<string, number>();
  doc.config[key.github].ownerId ??= 1001;
  const projects = doc.config[key.projects] as {
    name: string;
    repository?: string;
    repositoryId?: number;
  }[];
  projects.forEach((p, n) => {
    // One id per repository (the synthetic org's projects share some, and pin some ids).
    const repo = p.repository ?? p.name;
    const pinned = projects.find((q) => (q.repository ?? q.name) === repo && q.repositoryId);
    p.repositoryId ??= ids.get(repo) ?? pinned?.repositoryId ?? 2101 + n;
    ids.set(repo, p.repositoryId);
  });
  const platform = doc.config[key.github].platformRepository;
  if (platform && !ids.has(platform)) ids.set(platform, 2900);
  const src = h.file(`Pulumi.${example}.yaml`);
  writeFileSync(src, stringify(doc));
  const p0 = await h.plan(["--config", src, "--json"]);
  assert.equal(p0.code, 0, p0.stderr);
  const original = p0.report as PlanReport;
  h.world = worldFromPlan(original, "2026-11-25T12:00:00.000Z", {
    ownerId: doc.config[key.github].ownerId,
    repositoryIds: ids,
  });
  mutate?.(h.world as Mutable<World>);
  return original;
}

export async function roundTrip(
  h: Harness,
  example: Example,
  env = h.env(),
  /** Changes the live organization before adopt reads it (a look-alike of what the plan built). */
  mutate?: (w: Mutable<World>) => void,
): Promise<Outcome & { text?: string }> {
  const original = await build(h, example, mutate);
  const out = h.file(`Pulumi.${example}-adopted.yaml`);
  const r = await h.adopt(["--org", original.organization, "--out", out], env);
  if (!r.files.has(out))
    return {
      objects: [],
      errors: [`exit ${r.code}: ${r.stderr}`],
      onlyOriginal: [],
      onlyAdopted: [],
      high: [],
      medium: [],
      created: [],
      imported: 0,
    };
  const text = r.files.get(out) as string;
  const p1 = await h.plan(["--config", out, "--json"]);
  assert.equal(p1.code, 0, p1.stderr);
  const record = (
    parse(text) as { config: Record<string, { unmanaged?: { kind: string; name: string }[] }> }
  ).config["secure-org:adopt"];
  const unmanaged = (record.unmanaged ?? []).map((u) => `${u.kind} ${u.name}`);
  const a = rows(original);
  const b = rows(p1.report as PlanReport);
  const adoption = (p1.report as PlanReport).adoption;
  const registered = new Set(original.resources.map((r) => `${r.type} ${r.name}`));
  const rowsOf = adoption?.resources ?? [];
  return {
    text,
    errors: [],
    objects: unmanaged.filter((u) => OBJECT_KINDS.some((k) => u.startsWith(`${k} `))).sort(),
    onlyOriginal: a.filter((x) => !b.includes(x)),
    onlyAdopted: b.filter((x) => !a.includes(x)),
    created: rowsOf
      .filter((r) => r.action === "create")
      .map((r) => `${r.type} ${r.name}`)
      .filter((r) => registered.has(r))
      .sort(),
    imported: rowsOf.filter((r) => r.action === "import").length,
    high: codes(text, "high"),
    medium: codes(text, "medium"),
  };
}
