/**
 * "Who can produce this value": a pinned rule value with a wildcard matches values other than its
 * own text. When the value names something a writer can create (a branch, a job, a repository of
 * the organization), such a pin is not exact: the question "is this run reviewed" must be asked of
 * every value it matches, not of its own text.
 */
import { otherMatch, widensBeyond } from "./pattern";

/**
 * A value other than `pattern`'s own text that it matches, once `fixed` parts (text only the
 * issuer writes) are taken as literal; undefined when the pattern is exact there.
 */
export function producibleOtherThan(
  pattern: string,
  fixed: readonly string[] = [],
): string | undefined {
  if (!widensBeyond(pattern, fixed)) return undefined;
  let masked = pattern;
  const parts = fixed.filter((f) => f.length);
  parts.forEach((part, i) => (masked = masked.split(part).join(`\u0000${i}\u0000`)));
  const witness = otherMatch(masked) ?? masked;
  return parts.reduce((w, part, i) => w.split(`\u0000${i}\u0000`).join(part), witness);
}

/**
 * Text at which only GitHub writes in a workflow reference claim: "Workflow files use YAML syntax,
 * and must have either a `.yml` or `.yaml` file extension" and are stored "in the
 * `.github/workflows` directory" (GitHub docs, Workflow syntax), so a `.` there names no other
 * workflow.
 */
function githubWorkflowMask(key: string, value: string): string {
  if (key !== "job_workflow_ref" && key !== "workflow_ref") return value;
  return value
    .replace(/\/\.github\/workflows\//, "/\u0001github/workflows/")
    .replace(/\.(ya?ml)@/, "\u0001$1@");
}

/**
 * Whether a rule value matches more than its own text where it counts: a value it also matches
 * (a witness), or undefined when the value is exact. `*` and `?` always count; a `.` counts unless
 * it is inside a `fixed` part (text only the issuer writes, such as its host name) or at a
 * workflow file's fixed position in a GitHub workflow reference.
 */
export function ruleWidens(
  key: string,
  value: string,
  fixed: readonly string[] = [],
): string | undefined {
  const masked = githubWorkflowMask(key, value);
  const witness = producibleOtherThan(masked, fixed);
  return witness?.replace(/\u0001/g, ".");
}

/** `*` or `?` in a value: never part of a pinned value (they match runs or optional text). */
export const hasRunWildcard = (pattern: string): boolean => /[*?]/.test(pattern);
