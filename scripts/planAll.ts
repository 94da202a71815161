/**
 * `npm run plan -- --stack <core> --all`: plans the core stack and every shard of a sharded
 * organization, each in its own worker process (this same command with `--shard`, as many at
 * once as the machine has cores), and prints the merged report (plan/merge.ts). Each worker
 * writes its JSON report to a file of its own, so the parent holds no pipe of its output.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildAccessModel } from "../model/access";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { mergePlans, renderMerged, StackPlan } from "../plan/merge";
import { renderMergedPrMarkdown } from "../plan/mergedMarkdown";
import { PlanReport } from "../plan/report";
import { ConfigOwner, formatIssue } from "../model/config";
import { OutputFormat } from "./cli";

export interface PlanAllIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The worker's command after `node`: `npm run plan`'s own (scripts/plan.ts `PlanIo.worker`). */
  command: readonly string[];
  /** With markdown: the whole merged report (`--full`), not the PR-sized comment. */
  full?: boolean;
}

interface Job {
  readonly scope: string;
  readonly stack: string;
  readonly args: string[];
}

/** Runs the core's and every shard's plan in workers; returns the exit code. */
export async function planAll(
  file: string,
  entries: Readonly<Record<string, ConfigEntry>>,
  format: OutputFormat,
  io: PlanAllIo,
  owner: ConfigOwner = {},
  workers = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
): Promise<number> {
  const loaded = loadOrgConfig(entries, owner);
  if (!loaded.ok) {
    io.stderr(`${file}: invalid secure-org config (${loaded.errors.length} problems)\n`);
    for (const e of loaded.errors) io.stderr(`  ${formatIssue(e)}\n`);
    return 1;
  }
  const sharding = buildAccessModel(loaded.config, loaded.warnings).sharding;
  if (!sharding) {
    io.stderr(`error: --all plans a sharded organization; ${file} declares no secure-org:shards\n`);
    return 2;
  }
  const jobs: Job[] = [
    { scope: "core", stack: sharding.coreStack, args: [] },
    ...sharding.shards.map((s) => ({ scope: s.name, stack: s.stack, args: ["--shard", s.name] })),
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), "secure-org-plan-all-"));
  try {
    const outputs = await pool(jobs, workers, (job) => runWorker(io.command, file, job, dir));
    const failed = outputs.filter((o) => o.code !== 0);
    for (const f of failed)
      io.stderr(
        `plan of ${f.job.stack} (${f.job.scope}) failed with exit ${f.code}:\n${f.stderr}\n`,
      );
    if (failed.length) return failed.some((f) => f.code === 1) ? 1 : 3;
    const plans: StackPlan[] = outputs.map((o) => ({
      scope: o.job.scope,
      stack: o.job.stack,
      report: JSON.parse(readFileSync(o.file, "utf8")) as PlanReport,
    }));
    const summary = mergePlans(plans);
    io.stdout(
      (format === "json"
        ? JSON.stringify({ ...summary, plans }, null, 2)
        : format === "markdown" && !io.full
          ? renderMergedPrMarkdown(summary, plans)
          : renderMerged(summary, plans, format === "markdown")) + "\n",
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items`, at most `limit` at once, results in item order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** One worker: this command again for one stack, its JSON report into a file. */
function runWorker(command: readonly string[], file: string, job: Job, dir: string) {
  const out = path.join(dir, `${job.scope}.json`);
  const fd = openSync(out, "w");
  return new Promise<{ job: Job; file: string; code: number; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [...command, "--config", file, ...job.args, "--json"], {
        stdio: ["ignore", fd, "pipe"],
        env: { ...process.env, SECURE_ORG_NODE_FLAGS: "1" },
      });
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        closeSync(fd);
        resolve({ job, file: out, code: code ?? 1, stderr });
      });
    },
  );
}
