/**
 * The translation of zod issues into messages that say how to fix the problem (unknown keys with
 * the allowed ones and a "did you mean").
 */
import { CI_UNIT_FACTS, DEFAULT_CI, UnitFacts } from "../ci/registry";
import { z } from "zod";
import { ConfigIssue, didYouMean, formatPath } from "./messages";
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
              didYouMean(key, shape),
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
      case "invalid_value": {
        const allowed = issue.values.map((v) => String(v));
        out.push({
          path,
          message:
            `${JSON.stringify(value)} is not allowed; use one of: ${issue.values
              .map((v) => JSON.stringify(v))
              .join(", ")}` + enumHint(issue.path, value, allowed),
        });
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** What another CI or product calls a value, and what this config calls it. */
const CI_WORDS: readonly [RegExp, UnitFacts][] = CI_UNIT_FACTS.map((u) => [u.words, u]);

/** GitHub's names for repository roles (web) and permissions (REST API). */
const REPOSITORY_WORDS: ReadonlyMap<string, string> = new Map([
  ["read", "pull"],
  ["write", "push"],
  ["owner", "admin"],
]);

/**
 * The hint after "is not allowed": a deploy mode that names a CI points to the project tier's
 * `ci:` key; GitHub's web names of repository roles point to the API's; otherwise a did-you-mean.
 */
function enumHint(
  path: readonly PropertyKey[],
  value: unknown,
  allowed: readonly string[],
): string {
  if (typeof value !== "string") return "";
  const key = path[path.length - 1];
  const unit = CI_WORDS.find(([re]) => re.test(value))?.[1];
  const ci = unit?.system;
  if (key === "mode" && ci)
    return (
      `. A tier deploys with a mode (${allowed.join(", ")}); the CI that runs a project's ` +
      `pipeline is set on the project's tier: projects[].tiers.<tier>.ci: ${ci}, with its ` +
      `${unit.blockKey}: block (see docs/deploy-routes.md)` +
      ` (did you mean "${DEFAULT_CI}" with ci: ${ci}?)`
    );
  const github = REPOSITORY_WORDS.get(value.toLowerCase());
  if (key === "repository" && github && allowed.includes(github))
    return `. GitHub's API calls the "${value}" role "${github}" (did you mean "${github}"?)`;
  return didYouMean(value, allowed);
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
