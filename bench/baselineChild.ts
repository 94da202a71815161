/**
 * The baseline child (`--child baseline <size> <recording file>`): registers the custom resources
 * of the program child's recording directly, as `pulumi.CustomResource`s and
 * `pulumi.ProviderResource`s with the same types, names, inputs, parents, providers and
 * dependencies, with no component, no model and no validation.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { dependencyEdges, graphDepth, runUnderMocks } from "../plan/mockRun";
import { ChildResult, cpuMs, ms, Recording, RecordingEntry, rssMB } from "./protocol";

/** Turns recorded inputs back into what a program passes: top-level secrets and string assets. */
function inputsOf(r: RecordingEntry): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const [k, v] of Object.entries(r.inputs)) {
    const asset = v as { asset?: unknown; text?: unknown } | null;
    inputs[k] =
      asset && typeof asset === "object" && asset.asset === "string"
        ? new pulumi.asset.StringAsset(String(asset.text))
        : r.secretInputs.includes(k)
          ? pulumi.secret(v)
          : v;
  }
  return inputs;
}

/** `pulumi.CustomResource` and `pulumi.ProviderResource` are abstract; nothing is added here. */
class RawResource extends pulumi.CustomResource {}
class RawProvider extends pulumi.ProviderResource {}

/** One custom resource to register, with its inputs and its dependencies on custom resources. */
interface Registration {
  readonly r: RecordingEntry;
  readonly inputs: pulumi.Inputs;
  readonly deps: string[];
}

/** The custom resources of the recording in order, dependencies on components mapped. */
function registrations(all: readonly RecordingEntry[]): Registration[] {
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  // A dependency on a component becomes one on its primary resource: the first custom resource
  // registered inside it (a SecureTeam's Pulumi team, OidcTrust's issuer, ...). One edge per
  // recorded edge, as a hand-written program would have; the engine-side expansion of component
  // dependencies (every custom resource inside) is part of what the program costs.
  const primary = new Map<string, string>();
  for (const r of all) {
    if (!r.custom) continue;
    for (let p = r.parent; p !== undefined && !byUrn.get(p)?.custom; p = byUrn.get(p)?.parent)
      if (!primary.has(p)) primary.set(p, r.urn);
  }
  const customs = all.filter((r) => r.custom);
  const keys = new Set(customs.map((r) => `${r.type}::${r.name}`));
  if (keys.size !== customs.length)
    throw new Error("baseline: two recorded resources share a type and name; URNs would collide");
  const asCustom = (urn: string) => (byUrn.get(urn)?.custom ? urn : primary.get(urn));
  return customs.map((r) => ({
    r,
    inputs: inputsOf(r),
    deps: [
      ...new Set(
        r.dependencies.map(asCustom).filter((u): u is string => u !== undefined && u !== r.urn),
      ),
    ],
  }));
}

export async function baselineChild(projects: number, recordingFile: string): Promise<ChildResult> {
  const recording = JSON.parse(readFileSync(recordingFile, "utf8")) as Recording;
  const byUrn = new Map(recording.resources.map((r) => [r.urn, r]));
  const plan = registrations(recording.resources);

  const t0 = performance.now();
  const cpu0 = cpuMs();
  let built = t0;
  const run = await runUnderMocks(
    (rootOptions) => {
      const created = new Map<string, pulumi.CustomResource>();
      const get = (urn: string) => {
        const res = created.get(urn);
        if (!res) throw new Error(`baseline: ${urn} is used before it is registered`);
        return res;
      };
      for (const { r, inputs, deps } of plan) {
        const opts: pulumi.CustomResourceOptions = {
          ...rootOptions,
          parent: r.parent && byUrn.get(r.parent)?.custom ? get(r.parent) : undefined,
          dependsOn: deps.length ? deps.map(get) : undefined,
          provider: r.provider ? (get(r.provider) as pulumi.ProviderResource) : undefined,
        };
        const res = r.type.startsWith("pulumi:providers:")
          ? new RawProvider(r.type.slice("pulumi:providers:".length), r.name, inputs, opts)
          : new RawResource(r.type, r.name, inputs, opts);
        created.set(r.urn, res);
      }
      built = performance.now();
    },
    { stack: "bench", organization: recording.organization },
  );
  const t2 = performance.now();
  const cpu2 = cpuMs();
  return {
    kind: "baseline",
    projects,
    constructMs: ms(built - t0),
    runMs: ms(t2 - t0),
    runCpuMs: ms(cpu2 - cpu0),
    processMs: ms(t2),
    maxRssMB: rssMB(),
    resources: run.resources.length,
    customResources: run.resources.filter((r) => r.custom).length,
    depth: graphDepth(run.resources),
    dependencyEdges: dependencyEdges(run.resources),
  };
}
