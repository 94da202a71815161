/**
 * Vendors the CI systems' published schemas into test/fixtures/ci-schemas from local git mirrors
 * (data files only; nothing else is copied) and records where each came from in SOURCES.json:
 *
 *   npm run refresh-ci-schemas -- --circleci <git dir of CircleCI-Public/circleci-yaml-language-server> \
 *     --azure <git dir of microsoft/azure-pipelines-vscode> --gitlab <git dir of gitlabhq/gitlabhq>
 *
 * Any subset of the three may be given; the others are left as they are.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const DIR = path.resolve(__dirname, "..", "test", "fixtures", "ci-schemas");

export const SCHEMA_SOURCES = {
  circleci: {
    repository: "CircleCI-Public/circleci-yaml-language-server",
    path: "schema.json",
    fixture: "circleci.schema.json",
    licence: "Apache-2.0",
  },
  azure: {
    repository: "microsoft/azure-pipelines-vscode",
    path: "service-schema.json",
    fixture: "azure-pipelines.schema.json",
    licence: "MIT",
  },
  gitlab: {
    repository: "gitlabhq/gitlabhq",
    path: "app/assets/javascripts/editor/schema/ci.json",
    fixture: "gitlab-ci.schema.json",
    licence: "MIT (GitLab Community Edition)",
  },
} as const;

function main(argv: string[]): void {
  const sourcesFile = path.join(DIR, "SOURCES.json");
  const sources = JSON.parse(readFileSync(sourcesFile, "utf8")) as Record<string, unknown>;
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "") as keyof typeof SCHEMA_SOURCES;
    const gitDir = argv[i + 1];
    const source = SCHEMA_SOURCES[key];
    if (!source || !gitDir) throw new Error(`usage: --circleci|--azure|--gitlab <git dir> ...`);
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
