/**
 * The `__provider` text of the OrgDefaults dynamic resource: `orgDefaultsProvider` and what it
 * uses (the Pulumi Cloud client, the name rules), bundled by esbuild into one self-contained
 * CommonJS module whose `handler()` returns the provider, which is what the dynamic provider host
 * loads (`require-from-string`, then `.handler()`).
 *
 * Pulumi's closure serializer (what `pulumi.dynamic.Resource` uses) produced an equivalent module,
 * but at a fixed cost of every run: it starts an inspector session and loads the TypeScript
 * compiler to find captured variables, about 0.8 s of CPU (measured: bench/README figures) before
 * the first resource registers, which was most of the program's overhead over plain registration
 * at 10 projects. esbuild bundles the same code in a separate process in about a tenth of that,
 * once per process, and the text is deterministic for a given source and esbuild version.
 *
 * The bundle must not load packages (the host runs it from a string, where only Node's built-ins
 * are sure to resolve): orgDefaults.ts imports `@pulumi/pulumi` for the resource class only, so
 * that import is replaced by a stand-in that gives the class something to extend; the provider
 * never touches it. `assertSelfContained` refuses a bundle that loads anything else.
 *
 * The text is also kept on disk between runs (issue 31: the build was 0.1-0.4 s of every plan's
 * wall time, in esbuild's own process): `org-defaults-provider-<root hash>.json` in the run cache
 * (SECURE_ORG_CACHE_DIR, else node_modules/.cache/secure-org, where scripts/run.js keeps its
 * bundles), holding the text with its SHA-256, esbuild's version, this recipe's SHA-256 and the
 * SHA-256 of every file esbuild read (its metafile) and of tsconfig.json. A run uses it only when
 * every one of those still matches; otherwise it builds and rewrites the file (a temporary file
 * renamed into place). The cache sits beside the packages the program already executes, so it
 * is trusted as much as node_modules is, and the text is checked by `assertSelfContained` either
 * way.
 */
import type * as esbuild from "esbuild";
import type * as Crypto from "node:crypto";
import type * as Fs from "node:fs";
import * as path from "node:path";

// Loaded where used, not imported: this file is bundled into the provider too (orgDefaults.ts
// imports it), and a top-level import of a module would stay in that text, changing it.
const fs = () => require("node:fs") as typeof Fs;
const crypto = () => require("node:crypto") as typeof Crypto;

const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");

/** The entry: `handler()` returns the provider object. */
const ENTRY = `import { orgDefaultsProvider } from "./orgDefaults";
export const handler = () => orgDefaultsProvider;
`;

/** What the bundle gets instead of `@pulumi/pulumi`: enough to define the (unused) class. */
const SDK_STAND_IN =
  "{ CustomResource: class CustomResource {}, dynamic: { Resource: class Resource {} } }";

const STDIN_NAME = "components/orgDefaultsHandler.ts";
const resolveDir = () => path.join(ROOT, "components");
/**
 * The cache file's name, keyed by the project root: worktrees may share one node_modules (and so
 * one cache directory), and each keeps its own entry instead of overwriting the others'.
 */
export const cacheFileName = () => `org-defaults-provider-${sha256(ROOT).slice(0, 12)}.json`;

let cached: string | undefined;

/** The provider's module text: from memory, else the disk cache, else built (and cached). */
export function orgDefaultsProviderText(): string {
  cached ??= providerTextFrom(cacheDir());
  return cached;
}

/** The text from the cache in `dir` when it still holds, else built and recorded there. */
export function providerTextFrom(dir: string): string {
  return cachedProviderText(dir) ?? buildAndCache(dir);
}

/** Where the text is kept between runs (read at each use, so a test can point it elsewhere). */
export function cacheDir(): string {
  const dir = process.env.SECURE_ORG_CACHE_DIR;
  return dir ? path.resolve(dir) : path.join(ROOT, "node_modules", ".cache", "secure-org");
}

interface CacheEntry {
  readonly esbuild: string;
  readonly recipe: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly text: string;
  readonly textSha256: string;
}

const sha256 = (data: string | Buffer) => crypto().createHash("sha256").update(data).digest("hex");

/** What the text depends on besides the files: the entry, the stand-in, the build options. */
const recipe = () => sha256(JSON.stringify([ENTRY, SDK_STAND_IN, buildOptions(false)]));

const esbuildVersion = () =>
  (
    JSON.parse(fs().readFileSync(require.resolve("esbuild/package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/** The file's SHA-256, or undefined when it cannot be read (a missing input never matches). */
function fileSha256(rel: string): string | undefined {
  try {
    return sha256(fs().readFileSync(path.resolve(ROOT, rel)));
  } catch {
    return undefined;
  }
}

/** The cached text when every recorded fact still holds; undefined otherwise. */
export function cachedProviderText(dir: string): string | undefined {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(fs().readFileSync(path.join(dir, cacheFileName()), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (
    typeof entry?.text !== "string" ||
    typeof entry.inputs !== "object" ||
    entry.inputs === null ||
    sha256(entry.text) !== entry.textSha256 ||
    entry.esbuild !== esbuildVersion() ||
    entry.recipe !== recipe() ||
    Object.keys(entry.inputs).length === 0
  )
    return undefined;
  for (const [rel, hash] of Object.entries(entry.inputs)) {
    const now = fileSha256(rel);
    if (now === undefined || now !== hash) return undefined;
  }
  try {
    assertSelfContained(entry.text);
  } catch {
    return undefined;
  }
  return entry.text;
}

/** Builds the text and records it in `dir` (best effort: an unwritable cache only costs time). */
function buildAndCache(dir: string): string {
  const { text, inputs } = buildProviderText();
  const hashes = [...inputs, "tsconfig.json"].sort().map((rel) => [rel, fileSha256(rel)]);
  if (hashes.some(([, h]) => h === undefined)) return text; // an input vanished: do not record
  const entry: CacheEntry = {
    esbuild: esbuildVersion(),
    recipe: recipe(),
    inputs: Object.fromEntries(hashes) as Record<string, string>,
    text,
    textSha256: sha256(text),
  };
  const file = path.join(dir, cacheFileName());
  const tmp = `${file}.${process.pid}.${crypto().randomBytes(6).toString("hex")}.tmp`;
  try {
    fs().mkdirSync(dir, { recursive: true });
    fs().writeFileSync(tmp, JSON.stringify(entry));
    fs().renameSync(tmp, file);
  } catch {
    try {
      fs().rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
  return text;
}

function buildOptions(metafile: boolean): esbuild.BuildOptions & { write: false } {
  return {
    stdin: {
      contents: ENTRY,
      resolveDir: resolveDir(),
      sourcefile: STDIN_NAME,
      loader: "ts",
    },
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    keepNames: true,
    // Whitespace and syntax only: names stay, so errors and stacks read as in the source.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    external: ["@pulumi/pulumi"],
    write: false,
    logLevel: "error",
    metafile,
  };
}

/** The bundle's text and the files esbuild read for it (relative to the project root). */
export function buildProviderText(): { text: string; inputs: string[] } {
  // Loaded here, not at the top: only a program that registers OrgDefaults needs it.
  const build = (require("esbuild") as typeof esbuild).buildSync(buildOptions(true));
  const text = build.outputFiles[0].text.replace(/require\("@pulumi\/pulumi"\)/g, SDK_STAND_IN);
  assertSelfContained(text);
  const stdin = path.relative(ROOT, path.join(resolveDir(), STDIN_NAME));
  const inputs = Object.keys(build.metafile?.inputs ?? {})
    .filter((rel) => rel !== stdin)
    .map((rel) => path.relative(ROOT, path.resolve(ROOT, rel)));
  if (inputs.length === 0) throw new Error("esbuild reported no inputs for the provider bundle");
  return { text, inputs };
}

/** Throws when the text loads a module that is not one of Node's built-ins. */
export function assertSelfContained(text: string): void {
  for (const m of text.matchAll(/\brequire\(\s*(["'`])([^"'`]*)\1\s*\)/g))
    if (!m[2].startsWith("node:") && !BUILTINS.has(m[2]))
      throw new Error(`the OrgDefaults provider bundle loads "${m[2]}", which may not resolve`);
}

const BUILTINS: ReadonlySet<string> = new Set(require("node:module").builtinModules as string[]);
