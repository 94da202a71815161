// `npm run mutate`: Stryker on each group of scripts/mutation-groups.json in turn (or only
// MUTATE_GROUP=<name>), incrementally, then the score check (scripts/mutation-score.ts).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const { GROUPS } = JSON.parse(
  readFileSync(new URL("./mutation-groups.json", import.meta.url), "utf8"),
);

const names = process.env.MUTATE_GROUP ? process.env.MUTATE_GROUP.split(",") : Object.keys(GROUPS);
for (const name of names) {
  if (!GROUPS[name]) {
    console.error(`unknown group ${name}; one of ${Object.keys(GROUPS).join(", ")}`);
    process.exit(2);
  }
  console.log(`\n=== mutation group ${name}: ${GROUPS[name].mutate.join(", ")}`);
  const r = spawnSync("npx", ["stryker", "run", "stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, MUTATE_GROUP: name },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Record the hashes of the sources this run mutated: the score check refuses a stale report.
  const rec = spawnSync(
    "npx",
    ["ts-node", "--transpile-only", "scripts/mutation-score.ts", "--record", name],
    { stdio: "inherit" },
  );
  if (rec.status !== 0) process.exit(rec.status ?? 1);
}
const score = spawnSync("npx", ["ts-node", "--transpile-only", "scripts/mutation-score.ts"], {
  stdio: "inherit",
});
process.exit(score.status ?? 1);
