/**
 * The plan's adoption section: per resource, `import <id>` or `create`; for an import, every input
 * whose declared value differs from the live one the adopt record holds (an import with a
 * difference fails on older Pulumi CLIs and is followed by an update, or a replacement, on newer
 * ones); the types a provider cannot import; what the record leaves unmanaged; and record entries
 * no registration matched (their live resources stay as they are).
 */
import { AdoptImport, AdoptRecord, AdoptUnmanaged, importKey, matchesRecord } from "../model/adopt";
import { IMPORT_ID_RULES, REPLACES } from "../kinds";
import { RecordedResource } from "./mockRun";

export interface InputDifference {
  readonly field: string;
  readonly declared: unknown;
  readonly live: unknown;
  /** Changing this input replaces the resource (delete, then create). */
  readonly replaces: boolean;
}

export interface AdoptionRow {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly action: "import" | "create";
  readonly id?: string;
  readonly differs: readonly InputDifference[];
  readonly note?: string;
}

export interface AdoptionReport {
  readonly readAt: string;
  readonly organization: string;
  readonly summary: {
    readonly imports: number;
    readonly creates: number;
    /** Imports whose declared inputs differ from the live ones. */
    readonly differing: number;
    readonly unmanaged: number;
    readonly stale: number;
  };
  readonly resources: readonly AdoptionRow[];
  /** Types in this plan that their provider cannot import. */
  readonly notImportable: readonly { type: string; count: number; note: string }[];
  readonly unmanaged: readonly AdoptUnmanaged[];
  /** Record entries no registration matched. */
  readonly stale: readonly { type: string; name: string; id: string; reason: string }[];
}

const replaces = (type: string, field: string) => {
  const r = REPLACES[type];
  return r === "all" || (r ?? []).includes(field.split(".")[0]);
};

/** The value at a dotted path (`vcs.repository`). */
function at(inputs: Record<string, unknown>, field: string): unknown {
  let cur: unknown = inputs;
  for (const part of field.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Go durations and plain ones as seconds, so `1h` and `1h0m0s` compare equal. */
function seconds(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(v);
  if (!m || v === "") return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** A comparable form: absent, null and empty strings alike; durations as seconds. */
function canonical(field: string, v: unknown): string {
  if (v === undefined || v === null || v === "") return "null";
  if (field === "maxOpenDuration") return String(seconds(v) ?? v);
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : x,
  );
}

function differences(
  r: RecordedResource,
  live: Record<string, unknown> | undefined,
): InputDifference[] {
  if (!live) return [];
  const out: InputDifference[] = [];
  for (const [field, value] of Object.entries(live)) {
    if (field === "team") continue; // context for the guard, not an input
    const declared = at(r.inputs, field);
    if (canonical(field, declared) !== canonical(field, value))
      out.push({
        field,
        declared: declared ?? null,
        live: value,
        replaces: replaces(r.type, field),
      });
  }
  return out;
}

type Stale = AdoptionReport["stale"][number];

/** One resource's row; a record entry that no longer matches it goes to `stale`. */
function rowOf(r: RecordedResource, entry: AdoptImport | undefined, stale: Stale[]): AdoptionRow {
  const note = IMPORT_ID_RULES[r.type]?.note;
  const base = { urn: r.urn, type: r.type, name: r.name, ...(note ? { note } : {}) };
  if (r.options.import && entry)
    return { ...base, action: "import", id: r.options.import, differs: differences(r, entry.live) };
  if (entry) {
    const m = matchesRecord(entry, r.inputs);
    stale.push({
      type: entry.type,
      name: entry.name,
      id: entry.id,
      reason: m.ok
        ? "not imported"
        : `its ${m.field} is ${JSON.stringify(m.got)} in the config, ${JSON.stringify(m.want)} in the record: ` +
          "the recorded resource stays as it is and this one is created (which fails if it collides)",
    });
  }
  return { ...base, action: "create", differs: [] };
}

export function adoptionReport(
  record: AdoptRecord,
  resources: readonly RecordedResource[],
): AdoptionReport {
  const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  const entries = new Map(record.imports.map((e) => [importKey(e.type, e.name), e]));
  const stale: Stale[] = [];
  const rows = custom.map((r) => rowOf(r, entries.get(importKey(r.type, r.name)), stale));
  const used = new Set(custom.map((r) => importKey(r.type, r.name)));
  for (const [key, e] of entries)
    if (!used.has(key))
      stale.push({
        type: e.type,
        name: e.name,
        id: e.id,
        reason:
          "the config no longer declares it: it stays as it is, unmanaged (pulumi up removes only " +
          "what it manages; import it first to remove it through a change)",
      });
  const counts = new Map<string, number>();
  for (const r of custom)
    if (IMPORT_ID_RULES[r.type] && !IMPORT_ID_RULES[r.type].importable)
      counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const imports = rows.filter((r) => r.action === "import");
  return {
    readAt: record.readAt,
    organization: record.organization,
    summary: {
      imports: imports.length,
      creates: rows.length - imports.length,
      differing: imports.filter((r) => r.differs.length > 0).length,
      unmanaged: record.unmanaged.length,
      stale: stale.length,
    },
    resources: rows,
    notImportable: [...counts].map(([type, count]) => ({
      type,
      count,
      note: IMPORT_ID_RULES[type].note ?? "",
    })),
    unmanaged: record.unmanaged,
    stale,
  };
}
