/**
 * Summarizes a V8 CPU profile of a bench child (`npm run bench -- --cpu-prof` writes them to
 * .bench/profiles/): sampled self time by package (the program's own code is the bundle that
 * scripts/run.js writes under node_modules/.cache/secure-org; "GC" is the garbage collector) and
 * the top self-time frames, the program's own with the source file each comes from.
 *
 *   node scripts/run.js bench/profileSummary.ts .bench/profiles/program-100.cpuprofile [top] [--program]
 *     [--against .bench/profiles/baseline-100.cpuprofile]
 *
 * `--against` lists the frames by how much more self time they have in the first profile than in
 * the second (the program child against the baseline child of the same size and run: what the
 * program makes the SDK do beyond raw registration, and its own frames).
 *
 * Self time is what the profiler sampled (V8 samples wall-clock intervals of the main thread), so
 * on a loaded machine it is inflated against CPU time: compare frames within one profile.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BUNDLE = /\.cache\/secure-org\/[^/]+\.js$/;

function owner(url: string): string {
  if (!url) return "(native/vm)";
  if (BUNDLE.test(url)) return "program";
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  return url.startsWith("node:") ? "node:internal" : url;
}

/** The source file of a bundle line: esbuild marks each module with a `// path.ts` comment. */
function sourceOf(url: string, line: number, files: Map<string, string[]>): string {
  let lines = files.get(url);
  if (!lines) {
    try {
      lines = readFileSync(new URL(url), "utf8").split("\n");
    } catch {
      lines = []; // the bundle was pruned (scripts/run.js removes day-old bundles)
    }
    files.set(url, lines);
  }
  for (let i = line; i >= 0; i--) {
    const m = /^\/\/ ([\w./-]+\.ts)$/.exec(lines[i] ?? "");
    if (m) return m[1];
  }
  return "?";
}

function main(argv: string[]): void {
  const [file, topArg] = argv;
  const programOnly = argv.includes("--program");
  const againstAt = argv.indexOf("--against");
  const against = againstAt >= 0 ? argv[againstAt + 1] : undefined;
  if (!file || (againstAt >= 0 && !against)) {
    process.stderr.write(
      "usage: node scripts/run.js bench/profileSummary.ts <file> [top] [--program] [--against <file>]\n",
    );
    process.exitCode = 2;
    return;
  }
  const top = Number(topArg) || 25;
  const { total, owners, frames } = summarize(file, programOnly);
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
  if (against) {
    const other = summarize(against, programOnly);
    const out = [`${ms(total)} ms sampled, ${ms(other.total).trim()} ms in ${against}`];
    out.push("frames by self time here minus there (ms: difference, here, there):");
    const keys = new Set([...frames.keys(), ...other.frames.keys()]);
    const rows = [...keys].map((k) => [k, frames.get(k) ?? 0, other.frames.get(k) ?? 0] as const);
    for (const [k, a, b] of rows.sort((x, y) => y[1] - y[2] - (x[1] - x[2])).slice(0, top))
      out.push(`${ms(a - b)} ${ms(a)} ${ms(b)}  ${k}`);
    process.stdout.write(out.join("\n") + "\n");
    return;
  }
  const out = [`${ms(total)} ms sampled in all`, "by owner:"];
  for (const [k, us] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 12))
    out.push(`${ms(us)} ms  ${k}`);
  out.push(programOnly ? "top self-time frames of the program:" : "top self-time frames:");
  for (const [k, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, top))
    out.push(`${ms(us)} ms  ${k}`);
  process.stdout.write(out.join("\n") + "\n");
}

/** Self time in all, by owner, and by frame (function and source file or package). */
function summarize(file: string, programOnly: boolean) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    total += d;
    selfUs.set(id, (selfUs.get(id) ?? 0) + d);
  });
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  const files = new Map<string, string[]>();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    const who = cf.functionName === "(garbage collector)" ? "GC" : owner(cf.url);
    owners.set(who, (owners.get(who) ?? 0) + us);
    if (programOnly && who !== "program") continue;
    const where = who === "program" ? sourceOf(cf.url, cf.lineNumber, files) : who;
    const key = `${cf.functionName || "(anonymous)"}  ${where}`;
    frames.set(key, (frames.get(key) ?? 0) + us);
  }
  return { total, owners, frames };
}

main(process.argv.slice(2));
