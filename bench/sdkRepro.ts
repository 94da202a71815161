/**
 * The Pulumi SDK's own cost per registration, without any of this program (README "Scale"):
 * `n` plain `CustomResource`s of four string inputs under `setMocks`, constructed in one loop
 * (as any program that builds its resources before the engine answers does), then peak RSS and
 * time once every registration has completed.
 *
 *   node scripts/run.js bench/sdkRepro.ts 20000
 *   node --stack-trace-limit=0 scripts/run.js bench/sdkRepro.ts 20000
 */
import * as pulumi from "@pulumi/pulumi";

class R extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("repro:index:R", name, props);
  }
}

async function main(n: number): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => ({ id: a.name, state: a.inputs }),
      call: (a) => a.inputs,
    },
    "repro",
    "repro",
    false,
  );
  const t0 = performance.now();
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < n; i++) ids.push(new R(`r${i}`, { a: "1", b: "2", c: "3", d: "4" }).urn);
  const built = performance.now();
  await new Promise<void>((resolve) => pulumi.all(ids).apply(() => resolve()));
  const done = performance.now();
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      resources: n,
      stackTraceLimit: Error.stackTraceLimit,
      constructMs: Math.round(built - t0),
      totalMs: Math.round(done - t0),
      maxRssMB: Math.round(rss),
      kbPerResource: Math.round((rss * 1024) / n),
    }),
  );
}

void main(Number(process.argv[2] ?? 20000));
