/**
 * Vendors the CI units' published schemas into test/fixtures/ci-schemas from local git mirrors
 * (data files only; nothing else is copied) and records where each came from in SOURCES.json:
 *
 *   npm run refresh-ci-schemas -- --<flag> <git dir of the schema's repository> ...
 *
 * with one flag per unit that has a `publishedSchema` (model/ci/<ci>/unit.ts). Any subset may be
 * given; the others are left as they are.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CI_UNIT_FACTS } from "../model/ci/registry";
import type { PublishedSchema } from "../model/ci/unit";

const DIR = path.resolve(__dirname, "..", "test", "fixtures", "ci-schemas");

/** Each CI unit's published schema, by its flag (model/ci/<ci>/unit.ts, `publishedSchema`). */
export const SCHEMA_SOURCES: ReadonlyMap<string, PublishedSchema> = new Map(
  CI_UNIT_FACTS.flatMap((u): [string, PublishedSchema][] =>
    "publishedSchema" in u ? [[u.publishedSchema.flag, u.publishedSchema]] : [],
  ),
);
const FLAGS = [...SCHEMA_SOURCES.keys()].map((k) => `--${k}`).join("|");

function main(argv: string[]): void {
  const sourcesFile = path.join(DIR, "SOURCES.json");
  const sources = JSON.parse(readFileSync(sourcesFile, "utf8")) as Record<string, unknown>;
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    const gitDir = argv[i + 1];
    const found = SCHEMA_SOURCES.get(key);
    if (!found || !gitDir) throw new Error(`usage: ${FLAGS} <git dir> ...`);
    const { repository, path: file, fixture, licence } = found;
    const source = { repository, path: file, fixture, licence };
    const git = (...args: string[]) =>
      execFileSync("git", ["--git-dir", gitDir, ...args], { maxBuffer: 64 * 1024 * 1024 });
    const commit = git("rev-parse", "HEAD").toString().trim();
    const text = git("show", `${commit}:${source.path}`).toString("utf8");
    JSON.parse(text); // a schema, or stop here
    writeFileSync(path.join(DIR, source.fixture), text);
    sources[key] = {
      ...source,
      commit,
      url: `https://github.com/${source.repository}/blob/${commit}/${source.path}`,
    };
    console.log(`wrote ${source.fixture} from ${source.repository}@${commit}`);
  }
  writeFileSync(sourcesFile, JSON.stringify(sources, null, 2) + "\n");
}

if (require.main === module) main(process.argv.slice(2));
