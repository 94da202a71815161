/**
 * The program child (`--child program <size> <recording file>`): validates the synthetic config,
 * runs `buildOrg` under mocks until every resource is registered and recorded, reports its
 * timings and writes the recording the baseline child replays.
 */
import * as pulumi from "@pulumi/pulumi";
import { writeFileSync } from "node:fs";
import { buildOrg } from "../components/org";
import { formatIssue, validateConfig } from "../model/config";
import { dependencyEdges, graphDepth, runUnderMocks } from "../plan/mockRun";
import { ChildResult, ms, Recording, rssMB } from "./protocol";
import { syntheticConfig } from "./synthetic";

export async function programChild(projects: number, recordingFile: string): Promise<ChildResult> {
  const raw = syntheticConfig(projects);
  const t0 = performance.now();
  const validated = validateConfig(raw);
  if (!validated.ok)
    throw new Error(
      `synthetic config is invalid:\n${validated.errors.map(formatIssue).join("\n")}`,
    );
  const config = validated.config;
  const t1 = performance.now();
  let built = t1;
  const run = await runUnderMocks(
    (rootOptions) => {
      const org = buildOrg(config, {
        rootOptions,
        warnings: validated.warnings,
        secret: (key) => pulumi.secret(`[secret secure-org:${key}]`),
      });
      built = performance.now();
      return org;
    },
    { stack: "bench", organization: config.organization },
  );
  const t2 = performance.now();
  const result: ChildResult = {
    kind: "program",
    projects,
    validateMs: ms(t1 - t0),
    constructMs: ms(built - t1),
    runMs: ms(t2 - t0),
    processMs: ms(t2),
    maxRssMB: rssMB(),
    resources: run.resources.length,
    customResources: run.resources.filter((r) => r.custom).length,
    depth: graphDepth(run.resources),
    dependencyEdges: dependencyEdges(run.resources),
  };
  const recording: Recording = {
    organization: config.organization,
    resources: run.resources.map((r) => ({
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
  return result;
}
