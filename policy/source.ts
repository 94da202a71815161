/**
 * The policy pack as the bootstrap publishes it: where its directory is, and the version tag
 * derived from its content. Not part of the pack (the pack is ./pack/, tarballed as it is).
 *
 * The tag is `<package.json version>-sha-<16 hex>`: a SHA-256 over every file the provider's own
 * content hash covers (the provider skips node_modules, .git and .pulumi), with its relative path,
 * its type and whether it is executable (what git keeps of the mode; the rest depends on the
 * umask of the checkout). So any change the provider would see from one checkout to the next
 * publishes a new, immutable version under a new tag (Pulumi Cloud refuses a tag twice), and no
 * change publishes nothing.
 * Reverting the pack to earlier content gives an earlier tag, which Pulumi Cloud has seen: bump
 * `version` in ./pack/package.json to publish it again (README, "Guardrails").
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import * as path from "node:path";

/** The project directory (scripts/run.js sets SECURE_ORG_ROOT when it runs bundled code). */
const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");

/** The pack's directory, relative to the project (the PolicyPack's `sourcePath`). */
export const PACK_SOURCE_PATH = "policy/pack";
export const packDirectory = (root = ROOT) => path.join(root, PACK_SOURCE_PATH);

/** Directories the provider leaves out of its content hash (and `npm pack` of the tarball). */
const SKIPPED = new Set(["node_modules", ".git", ".pulumi"]);

/** Every entry under `dir` (relative, `/`-separated), sorted, skipped directories left out. */
function entries(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    if (SKIPPED.has(name)) continue;
    const r = rel ? `${rel}/${name}` : name;
    out.push(r);
    if (lstatSync(path.join(dir, r)).isDirectory()) out.push(...entries(dir, r));
  }
  return out;
}

/** SHA-256 (hex) of the pack directory's content. */
export function packContentHash(dir = packDirectory()): string {
  const h = createHash("sha256");
  for (const rel of entries(dir)) {
    const full = path.join(dir, rel);
    const st = lstatSync(full);
    const kind = st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : st.isFile() ? "f" : "o";
    const exec = kind === "f" && (st.mode & 0o111) !== 0 ? "x" : "-";
    h.update(`${rel}\0${kind}${exec}\0`);
    if (kind === "l") h.update(readlinkSync(full));
    else if (kind === "f") {
      const data = readFileSync(full);
      h.update(`${data.length}\0`);
      h.update(data);
    }
    h.update("\0");
  }
  return h.digest("hex");
}

/** The version tag for the pack's current content. */
export function packVersionTag(dir = packDirectory()): string {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    version?: unknown;
  };
  if (typeof pkg.version !== "string" || !/^\d+\.\d+\.\d+$/.test(pkg.version))
    throw new Error(`${path.join(dir, "package.json")}: "version" must be x.y.z`);
  return `${pkg.version}-sha-${packContentHash(dir).slice(0, 16)}`;
}
