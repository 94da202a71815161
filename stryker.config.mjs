// Mutation testing of the rules that guard access (docs/development.md, "Mutation testing").
// One group per security-critical folder, each with only the specs that exercise it, so a run is
// fast; incremental, so a run after a small change re-tests only the changed mutants.
//   npm run mutate                      every group, one after another (scripts/mutate.ts)
//   MUTATE_GROUP=invariants npm run mutate   one group
// Each group writes reports/mutation/<group>.json (the report scripts/mutation-score.ts checks)
// and reports/mutation/<group>.incremental.json (Stryker's incremental file); both are committed.
import { readFileSync } from "node:fs";

const { GROUPS } = JSON.parse(
  readFileSync(new URL("./scripts/mutation-groups.json", import.meta.url), "utf8"),
);

const name = process.env.MUTATE_GROUP;
const group = GROUPS[name];
if (!group) throw new Error(`MUTATE_GROUP must be one of ${Object.keys(GROUPS).join(", ")}`);

export default {
  packageManager: "npm",
  testRunner: "mocha",
  mochaOptions: {
    spec: group.specs,
    require: ["ts-node/register/transpile-only"],
    "no-config": true,
  },
  // The TypeScript checker rejects mutants that do not type-check before any test runs. On the shared
  // 2-core machine it was the bottleneck (one whole-program type check per batch of mutants), so it
  // is opt-in: MUTATE_CHECKER=typescript. Without it such mutants run as JavaScript and count.
  checkers: process.env.MUTATE_CHECKER === "typescript" ? ["typescript"] : [],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // MUTATE_FILES narrows a group (e.g. "model/ci/github/hardening.ts:276-300"), for a quick measurement.
  mutate: process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(",") : group.mutate,
  coverageAnalysis: "perTest",
  // Module-level initialisers (rule descriptions, allow-lists) would run every spec per mutant.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ["json", "clear-text", "progress"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  // Added to 1.5 times a mutant's tests' own time: a mutant that loops forever (a loop condition
  // made true) costs this much, then a fresh test process. 60 s made each such mutant of the matcher
  // cost over a minute; 20 s still leaves a loaded machine room. MUTATE_TIMEOUT_MS overrides it.
  timeoutMS: Number(process.env.MUTATE_TIMEOUT_MS ?? 20000),
  // One sandbox folder per group, so two groups can run side by side.
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: true,
  ignorePatterns: [
    "reports",
    "bin",
    ".ci",
    "docs",
    "/.stryker-tmp",
    "scratch",
    "plan-out",
    ".bench",
  ],
  thresholds: { high: 95, low: 90, break: null },
};
