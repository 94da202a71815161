/**
 * The program child (`--child program <size> <recording file> [shard]`): plans the synthetic
 * config as `npm run plan` does (validation, `buildOrg` under mocks until every resource is
 * registered and recorded, the OIDC simulation, the checks, the report and its text output),
 * times each step, and writes the recording the baseline child replays. With a shard name, it
 * plans that shard (or "core") of the config split by bench/synthetic.ts's `syntheticShards`.
 */
import { writeFileSync } from "node:fs";
import { renderText, runPlan } from "../plan";
import { PlanPhase, PlanResult } from "../plan/run";
import { runShardPlan } from "../plan/shardPlan";
import { dependencyEdges, graphDepth } from "../plan/mockRun";
import { formatIssue } from "../model/config";
import { ChildResult, cpuMs, ms, PlanStep, Recording, rssMB, StepTime } from "./protocol";
import { syntheticEntries, syntheticConfig } from "./synthetic";

/** Where each step ends: the plan's phases, then the text output. */
const STEP_END: Record<PlanStep, PlanPhase | "rendered"> = {
  validate: "validated",
  construct: "constructed",
  register: "registered",
  simulate: "simulated",
  check: "checked",
  report: "reported",
  render: "rendered",
};

export async function programChild(
  projects: number,
  recordingFile: string,
  shard?: string,
): Promise<ChildResult> {
  const split = shard ? parseShard(shard) : undefined;
  const entries = syntheticEntries(
    syntheticConfig(projects, split ? { shards: split.shards } : {}),
  );
  const marks = new Map<string, { wall: number; cpu: number; rss: number }>();
  const mark = (phase: string) =>
    marks.set(phase, { wall: performance.now(), cpu: cpuMs(), rss: rssMB() });
  mark("start");
  const result: PlanResult =
    split && split.name !== "core"
      ? await runShardPlan(entries, split.name, mark)
      : await runPlan(entries, "bench", {}, mark);
  if (!result.ok)
    throw new Error(`synthetic config is invalid:\n${result.errors.map(formatIssue).join("\n")}`);
  const text = renderText(result.report);
  mark("rendered");
  if (text.length === 0) throw new Error("empty plan output");

  const at = (p: string) => {
    const m = marks.get(p);
    if (!m) throw new Error(`the plan did not report ${p}`);
    return m;
  };
  const start = at("start");
  const steps = {} as Record<PlanStep, StepTime>;
  let previous = start;
  for (const [step, end] of Object.entries(STEP_END) as [PlanStep, string][]) {
    const m = at(end);
    steps[step] = { wallMs: ms(m.wall - previous.wall), cpuMs: ms(m.cpu - previous.cpu) };
    previous = m;
  }
  const registered = at("registered");
  const rendered = at("rendered");
  const resources = result.resources;
  const out: ChildResult = {
    kind: "program",
    projects,
    ...(split ? { shard: split.name } : {}),
    validateMs: steps.validate.wallMs,
    constructMs: steps.construct.wallMs,
    runMs: ms(registered.wall - start.wall),
    runCpuMs: ms(registered.cpu - start.cpu),
    planMs: ms(rendered.wall - start.wall),
    planCpuMs: ms(rendered.cpu - start.cpu),
    steps,
    processMs: ms(rendered.wall),
    maxRssMB: registered.rss,
    planMaxRssMB: rendered.rss,
    resources: resources.length,
    customResources: resources.filter((r) => r.custom).length,
    depth: graphDepth(resources),
    dependencyEdges: dependencyEdges(resources),
  };
  if (recordingFile !== "-") {
    const recording: Recording = {
      organization: result.model.organization,
      resources: resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        parent: r.parent,
        inputs: r.inputs,
        secretInputs: r.secretInputs,
        dependencies: r.options.dependencies,
        provider: r.options.provider,
      })),
    };
    writeFileSync(recordingFile, JSON.stringify(recording));
  }
  return out;
}

/** `<shards>:<name>`: plan shard `name` (or "core") of the config split into `shards`. */
function parseShard(arg: string): { shards: number; name: string } {
  const m = /^(\d+):([a-z0-9-]+)$/.exec(arg);
  if (!m) throw new Error(`shard argument must be <shards>:<name|core>, got ${arg}`);
  return { shards: Number(m[1]), name: m[2] };
}
