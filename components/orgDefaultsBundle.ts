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
 */
import type * as esbuild from "esbuild";
import * as path from "node:path";

const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");

/** The entry: `handler()` returns the provider object. */
const ENTRY = `import { orgDefaultsProvider } from "./orgDefaults";
export const handler = () => orgDefaultsProvider;
`;

/** What the bundle gets instead of `@pulumi/pulumi`: enough to define the (unused) class. */
const SDK_STAND_IN =
  "{ CustomResource: class CustomResource {}, dynamic: { Resource: class Resource {} } }";

let cached: string | undefined;

/** The provider's module text, built on first use and kept for the life of the process. */
export function orgDefaultsProviderText(): string {
  cached ??= buildProviderText();
  return cached;
}

function buildProviderText(): string {
  // Loaded here, not at the top: only a program that registers OrgDefaults needs it.
  const build = (require("esbuild") as typeof esbuild).buildSync({
    stdin: {
      contents: ENTRY,
      resolveDir: path.join(ROOT, "components"),
      sourcefile: "components/orgDefaultsHandler.ts",
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
  });
  const text = build.outputFiles[0].text.replace(/require\("@pulumi\/pulumi"\)/g, SDK_STAND_IN);
  assertSelfContained(text);
  return text;
}

/** Throws when the text loads a module that is not one of Node's built-ins. */
export function assertSelfContained(text: string): void {
  for (const m of text.matchAll(/\brequire\(\s*(["'`])([^"'`]*)\1\s*\)/g))
    if (!m[2].startsWith("node:") && !BUILTINS.has(m[2]))
      throw new Error(`the OrgDefaults provider bundle loads "${m[2]}", which may not resolve`);
}

const BUILTINS: ReadonlySet<string> = new Set(require("node:module").builtinModules as string[]);
