/**
 * The translation of zod issues into messages that say how to fix the problem (unknown keys with
 * the allowed ones and a "did you mean").
 */
import { z } from "zod";
import { ConfigIssue, formatPath } from "./messages";
import { orgConfigSchema } from "./schema";

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Turns zod issues into path-first messages that say how to fix the problem. */
export function zodIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const shape = allowedKeysAt(issue.path, input);
          out.push({
            path: formatPath([...issue.path, key]),
            message:
              `unknown key "${key}"` +
              (shape.length ? `; allowed keys here: ${shape.join(", ")}` : "") +
              suggest(key, shape),
          });
        }
        break;
      case "invalid_type":
        out.push({
          path,
          message:
            value === undefined
              ? `is required (expected ${issue.expected})`
              : `expected ${issue.expected}, got ${describeType(value)}`,
        });
        break;
      case "invalid_value":
        out.push({
          path,
          message: `${JSON.stringify(value)} is not allowed; use one of: ${issue.values
            .map((v) => JSON.stringify(v))
            .join(", ")}`,
        });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** The keys allowed by the strict object at `path`, for "unknown key" messages. */
function allowedKeysAt(path: readonly PropertyKey[], input: unknown): string[] {
  // Walk the schema alongside the path, unwrapping defaults, optionals, arrays and records.
  let schema: unknown = orgConfigSchema;
  const unwrap = (s: unknown): unknown => {
    let cur = s as { def?: { type?: string; innerType?: unknown; in?: unknown } };
    for (let i = 0; i < 10 && cur?.def; i++) {
      const t = cur.def.type;
      const wraps = ["default", "prefault", "optional", "nullable"];
      if (t !== undefined && wraps.includes(t) && cur.def.innerType)
        cur = cur.def.innerType as typeof cur;
      // A transform (e.g. a name map becoming null-prototype) validates its input schema.
      else if (t === "pipe" && cur.def.in) cur = cur.def.in as typeof cur;
      else break;
    }
    return cur;
  };
  for (const part of path) {
    const s = unwrap(schema) as {
      def: { type: string; element?: unknown; valueType?: unknown };
      shape?: Record<string, unknown>;
    };
    if (!s?.def) return [];
    if (s.def.type === "object" && s.shape && typeof part === "string")
      schema = Object.prototype.hasOwnProperty.call(s.shape, part) ? s.shape[part] : undefined;
    else if (s.def.type === "array") schema = s.def.element;
    else if (s.def.type === "record") schema = s.def.valueType;
    else return [];
  }
  void input;
  const s = unwrap(schema) as { def?: { type: string }; shape?: Record<string, unknown> };
  return s?.def?.type === "object" && s.shape ? Object.keys(s.shape) : [];
}

function suggest(key: string, allowed: readonly string[]): string {
  const lower = key.toLowerCase();
  const near = allowed.find(
    (a) => a.toLowerCase() === lower || editDistance(a.toLowerCase(), lower) <= 2,
  );
  return near ? ` (did you mean "${near}"?)` : "";
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length][b.length];
}
