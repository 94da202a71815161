/**
 * Runs one measurement in a fresh Node process (this same entry point with `--child`) and reads
 * its result; with `--repeat`, keeps the median run.
 */
import { spawnSync } from "node:child_process";
import { childFlags, Options, profileFlags } from "./options";
import { ChildResult, ms } from "./protocol";

export interface Measured extends ChildResult {
  /** Spawn to exit, as seen by the parent. */
  readonly wallMs: number;
}

export function spawnChild(
  opts: Options,
  kind: "program" | "baseline",
  projects: number,
  recordingFile: string,
  shard?: string,
): Measured {
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      ...childFlags(opts),
      ...profileFlags(opts, kind, projects, shard),
      process.argv[1],
      "--child",
      kind,
      String(projects),
      recordingFile,
      ...(shard ? [shard] : []),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 },
  );
  const wallMs = ms(performance.now() - t0);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{"))
    throw new Error(
      `${kind} child for ${projects} projects${shard ? ` (${shard})` : ""} failed (${child.signal ?? `exit ${child.status}`})` +
        (child.stdout ? `:\n${child.stdout}` : ""),
    );
  return { ...(JSON.parse(last) as ChildResult), wallMs };
}

/** The run with the median `runMs` of `opts.repeat` fresh children. */
export function median(
  opts: Options,
  kind: "program" | "baseline",
  projects: number,
  recordingFile: string,
): Measured {
  const runs = Array.from({ length: opts.repeat }, () =>
    spawnChild(opts, kind, projects, recordingFile),
  ).sort((a, b) => a.runMs - b.runMs);
  return runs[Math.floor((runs.length - 1) / 2)];
}
