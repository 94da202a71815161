/**
 * The text of a generated workflow: what `new Document(value)` with `commentBefore`, the pins'
 * `# vX.Y.Z` comments (`annotatePins`) and `toString({ lineWidth: 0 })` print, without building
 * the document (issue 31: the yaml library's document was about a third of the construction step
 * at 10 projects, mostly its first use, and a tenth at 100).
 *
 * It prints the block style the library prints for the shapes a workflow has: maps with
 * plain keys, sequences, strings, integers and booleans. A string goes out as it is when it is
 * surely a plain scalar (`isSurelyPlain`: a letter, then letters, digits, spaces and `_./@-`, no
 * YAML keyword); any other string (and key) is printed by the library itself, in the same
 * position (key, map value or sequence item), once per distinct string. Anything else (a
 * multi-line string goes out as the library's block scalar, indented in place. Anything else (null,
 * a fraction, a nested sequence) makes `fastWorkflowText` give up, and
 * `workflowText` then prints through the library's document, as before. test/ci/workflowText.spec.ts
 * checks the two against each other on every pipeline of the examples and the synthetic orgs and
 * on random strings.
 */
import { Document, isMap, isScalar, isSeq, Scalar, stringify, YAMLMap } from "yaml";

/** `# vX.Y.Z` after every pinned `uses:` of the document's jobs' steps; throws when unpinned. */
export type PinComment = (uses: string) => string | undefined;

/** The workflow's text (the fast printer, or the library's document where it gives up). */
export function workflowText(
  value: Record<string, unknown>,
  commentBefore: string,
  versionOf: PinComment,
): string {
  return (
    fastWorkflowText(value, commentBefore, versionOf) ??
    documentWorkflowText(value, commentBefore, versionOf)
  );
}

/** The library's rendering (what every workflow used before, and the reference of the tests). */
export function documentWorkflowText(
  value: Record<string, unknown>,
  commentBefore: string,
  versionOf: PinComment,
): string {
  const doc = new Document(value);
  doc.commentBefore = commentBefore;
  annotateDocumentPins(doc, versionOf);
  return doc.toString({ lineWidth: 0 });
}

/** Puts `# vX.Y.Z` after every pinned `uses:` of the document's jobs' steps. */
export function annotateDocumentPins(doc: Document, versionOf: PinComment): void {
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return;
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get("steps") : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = (step as YAMLMap).get("uses", true);
      if (!isScalar(uses)) continue;
      uses.comment = ` ${pinVersion(String((uses as Scalar).value), versionOf)}`;
    }
  }
}

function pinVersion(uses: string, versionOf: PinComment): string {
  const version = versionOf(uses);
  if (!version) throw new Error(`unpinned action ${uses}`);
  return version;
}

/** Thrown inside the fast printer for a shape it does not print; caught in fastWorkflowText. */
class GiveUp extends Error {}

/** The text, or undefined for a value with a shape this printer leaves to the library. */
export function fastWorkflowText(
  value: Record<string, unknown>,
  commentBefore: string,
  versionOf: PinComment,
): string | undefined {
  const lines: string[] = [];
  if (commentBefore) {
    // As the library's stringifyComment and indentComment: `#` before each non-empty line (a
    // line of one space becomes `#`), then an empty line.
    const comment = commentBefore.replace(/^(?!$)(?: $)?/gm, "#");
    lines.push(/^\n+$/.test(comment) ? comment.substring(1) : comment, "");
  }
  try {
    const pinned = pinnedSteps(value);
    printMap(value, "", lines, (step, key, text) => {
      if (key !== "uses" || !pinned.has(step)) return text;
      if (text.includes("\n")) throw new GiveUp();
      return `${text} # ${pinVersion(String(step.uses), versionOf)}`;
    });
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  return lines.join("\n") + "\n";
}

type Annotate = (map: Record<string, unknown>, key: string, text: string) => string;

/** The step maps whose scalar `uses` gets a pin comment (jobs.<job>.steps[], as annotatePins). */
function pinnedSteps(value: Record<string, unknown>): Set<Record<string, unknown>> {
  const out = new Set<Record<string, unknown>>();
  const jobs = value.jobs;
  if (!isPlainObject(jobs)) return out;
  for (const job of Object.values(jobs)) {
    const steps = isPlainObject(job) ? job.steps : undefined;
    if (!Array.isArray(steps)) continue;
    for (const step of steps) if (isPlainObject(step) && isScalarValue(step.uses)) out.add(step);
  }
  return out;
}

function printMap(
  map: Record<string, unknown>,
  indent: string,
  lines: string[],
  annotate: Annotate,
): void {
  for (const [key, v] of Object.entries(map)) {
    if (v === undefined) continue; // the library leaves out a pair whose value is undefined
    const k = keyText(key);
    if (isScalarValue(v)) {
      lines.push(annotate(map, key, `${indent}${k}: ${scalarText(v, "value", indent)}`));
    } else if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${indent}${k}: []`);
      else {
        lines.push(`${indent}${k}:`);
        printSeq(v, `${indent}  `, lines, annotate);
      }
    } else if (isPlainObject(v)) {
      if (!hasPairs(v)) lines.push(`${indent}${k}: {}`);
      else {
        lines.push(`${indent}${k}:`);
        printMap(v, `${indent}  `, lines, annotate);
      }
    } else throw new GiveUp();
  }
}

function printSeq(seq: readonly unknown[], indent: string, lines: string[], annotate: Annotate) {
  for (const item of seq) {
    if (isScalarValue(item)) lines.push(`${indent}- ${scalarText(item, "item", indent)}`);
    else if (isPlainObject(item)) {
      if (!hasPairs(item)) {
        lines.push(`${indent}- {}`);
        continue;
      }
      const first = lines.length;
      printMap(item, `${indent}  `, lines, annotate);
      lines[first] = `${indent}- ${lines[first].slice(indent.length + 2)}`;
    } else throw new GiveUp();
  }
}

const hasPairs = (o: Record<string, unknown>) => Object.values(o).some((v) => v !== undefined);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function isScalarValue(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Words a YAML schema (1.2 core, or 1.1) may read as something other than a string. */
const KEYWORDS: ReadonlySet<string> = new Set([
  "true",
  "false",
  "null",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "n",
]);

/**
 * True when the library surely prints `s` as a plain scalar, as it is: a letter first, then
 * only letters, digits, spaces, `_`, `.`, `/`, `@` and `-`, no space at the end and no keyword.
 * Such a string has no indicator, no `: ` or ` #`, and reads as no number, boolean or null.
 */
export function isSurelyPlain(s: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9 _./@-]*$/.test(s) && !s.endsWith(" ") && !KEYWORDS.has(s.toLowerCase())
  );
}

/** The library's rendering of one scalar, as a key, a map value or a sequence item, by text. */
const rendered = new Map<string, string>();

/** A map key as the library prints it (`on` stays plain as a key; the library says how). */
function keyText(key: string): string {
  if (isSurelyPlain(key)) return key;
  const memo = `key\u0000${key}`;
  let text = rendered.get(memo);
  if (text === undefined) {
    const full = stringify({ [key]: 0 }, { lineWidth: 0 });
    if (!full.endsWith(": 0\n") || full.slice(0, -1).includes("\n")) throw new GiveUp();
    text = full.slice(0, -": 0\n".length);
    rendered.set(memo, text);
  }
  return text;
}

/**
 * A scalar's text after `key: ` or `- ` at `indent`. A block scalar (a multi-line string) comes
 * from the library at the top level, where its lines are indented by two spaces; here each of
 * its non-empty lines gets `indent` before them too (the library indents them two spaces past
 * the key or the dash, and leaves empty lines empty).
 */
function scalarText(v: string | number | boolean, where: "value" | "item", indent: string): string {
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new GiveUp();
    return String(v);
  }
  if (isSurelyPlain(v)) return v;
  const key = `${where}\u0000${v}`;
  let text = rendered.get(key);
  if (text === undefined) {
    const full = stringify(where === "value" ? { k: v } : [v], { lineWidth: 0 });
    const prefix = where === "value" ? "k: " : "- ";
    if (!full.startsWith(prefix) || !full.endsWith("\n")) throw new GiveUp();
    text = full.slice(prefix.length, -1);
    // A multi-line text must be a block scalar (`|` or `>` header, then indented lines).
    if (text.includes("\n") && !/^[|>][-+0-9]*\n/.test(text)) throw new GiveUp();
    rendered.set(key, text);
  }
  return indent && text.includes("\n") ? text.replace(/\n(?=.)/g, `\n${indent}`) : text;
}
