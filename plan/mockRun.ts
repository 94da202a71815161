/**
 * Runs a Pulumi program in-process under Pulumi's mocks and records every resource it registers:
 * type, name, URN, parent, the inputs the provider would receive, and the options that mocks do
 * not see (protect, retainOnDelete, ignoreChanges, aliases, explicit and implicit dependencies).
 *
 * Used by the offline plan, the tests and the benchmark. No network, no credentials: invokes
 * (GitHub id lookups, the current Pulumi user) answer with deterministic placeholders.
 *
 * Options are recorded through a legacy `transformations` callback on the root component, which
 * every child inherits and which sees the real options; inputs come from the mock monitor.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { environment } from "../kinds/environments";
import { githubTeam } from "../kinds/githubTeams";

export interface RecordedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly aliases: readonly unknown[];
  /** Explicit `dependsOn`, as URNs. */
  readonly dependsOn: readonly string[];
  /** Explicit plus implicit (through input Outputs) dependencies, as URNs, parents excluded. */
  readonly dependencies: readonly string[];
  readonly provider?: string;
  /** Pulumi's `import` option: the ID of an existing resource to import instead of creating. */
  readonly import?: string;
}

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent?: string;
  /** Inputs as the provider would receive them (secrets unwrapped, assets as text). */
  readonly inputs: Record<string, unknown>;
  /** Property paths of inputs that are secrets. */
  readonly secretInputs: readonly string[];
  readonly options: RecordedOptions;
}

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface MockRunOptions {
  readonly project?: string;
  readonly stack?: string;
  readonly organization?: string;
  /** Answers invokes; defaults to `placeholderInvoke`. */
  readonly call?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown>;
  /** The outputs of a stack a `StackReference` reads (`org/project/stack`); none by default. */
  readonly stackOutputs?: (stack: string) => Record<string, unknown> | undefined;
}

export interface MockRunResult<T> {
  readonly value: T;
  readonly resources: RecordedResource[];
  readonly invokes: RecordedInvoke[];
}

/** The built-in resource type of `pulumi.StackReference`. */
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

// Wire-format markers the SDK uses for secrets and assets.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

/** A stable fake numeric id (as GitHub would return) derived from a name. */
/**
 * Outputs a provider computes that the program reads (not only echoes): stable fake values, named
 * after what they stand for. An ESC environment's id pins the custom roles' scopes.
 */
export function placeholderOutputs(
  type: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  if (type === environment.token)
    return { environmentId: `env-id-${String(inputs.project)}-${String(inputs.name)}` };
  return {};
}

export function placeholderNumber(seed: string, base = 1_000_000): number {
  const h = createHash("sha256").update(seed).digest();
  return base + (h.readUInt32BE(0) % 9_000_000);
}

/** Placeholder answers for the invokes the program makes. */
export function placeholderInvoke(
  token: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  switch (token) {
    case "pulumiservice:index:getCurrentUser":
      return { username: "bootstrap-admin", name: "Bootstrap admin", email: "", avatarUrl: "" };
    case "github:index/getOrganization:getOrganization": {
      const login = String(inputs.name);
      return {
        id: String(placeholderNumber(`org:${login}`, 100_000)),
        login,
        name: login,
        orgname: login,
      };
    }
    case "github:index/getRepository:getRepository": {
      const fullName = String(inputs.fullName);
      return {
        id: fullName,
        fullName,
        name: fullName.split("/")[1],
        repoId: placeholderNumber(`repo:${fullName}`, 500_000_000),
        defaultBranch: "main",
      };
    }
    case "github:index/getTeam:getTeam": {
      // The id the core's plan gives the GitHub team resource `<team>-github` (see newResource).
      const slug = String(inputs.slug);
      return { id: String(placeholderNumber(`team:${slug}-github`)), slug, name: slug };
    }
    default:
      throw new Error(`no placeholder for invoke ${token}`);
  }
}

/**
 * Unwraps what the mock monitor hands over: secrets to values (remembering their paths) and
 * assets (`{ __pulumiAsset: true, text: Promise }` or the wire form) to `{ asset, text }`.
 */
async function unwrap(value: unknown, path: string, secrets: string[]): Promise<unknown> {
  if (value instanceof Promise) return unwrap(await value, path, secrets);
  if (Array.isArray(value))
    return Promise.all(value.map((v, i) => unwrap(v, `${path}[${i}]`, secrets)));
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG] === SECRET_SIG) {
      secrets.push(path);
      return unwrap(o.value, path, []);
    }
    if (o[SIG] === ASSET_SIG || o.__pulumiAsset === true) {
      const text = await (o.text ?? o.path ?? o.uri);
      return {
        asset: o.text !== undefined ? "string" : o.path !== undefined ? "file" : "remote",
        text,
      };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o))
      out[k] = await unwrap(v, path ? `${path}.${k}` : k, secrets);
    return out;
  }
  return value;
}

async function resolve<T>(o: pulumi.Input<T> | undefined): Promise<T | undefined> {
  if (o === undefined) return undefined;
  if (pulumi.Output.isInstance(o))
    return new Promise<T>((res) => (o as pulumi.Output<T>).apply((v) => res(v as T)));
  return o as T;
}

/**
 * A resource's URN, or the error that kept it from registering (an input whose `apply` threw, as
 * `pulumi up` would fail on): `Output.promise()` rejects where `apply` would never call back.
 */
const urnOf = (r: pulumi.Resource) =>
  (r.urn as unknown as { promise(): Promise<string> }).promise();

/** Resources an input value depends on through the Outputs inside it. */
function implicitDeps(value: unknown, out: Set<pulumi.Resource>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (pulumi.Output.isInstance(value)) {
    const internal = value as unknown as { resources(): Set<pulumi.Resource> };
    for (const r of internal.resources()) out.add(r);
    return;
  }
  if (pulumi.Resource.isInstance(value)) {
    out.add(value);
    return;
  }
  for (const v of Object.values(value as Record<string, unknown>)) implicitDeps(v, out, seen);
}

interface Pending {
  resource: pulumi.Resource;
  type: string;
  name: string;
  custom: boolean;
  opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
  implicit: Set<pulumi.Resource>;
}

/** Inputs the mock monitor received, by `type::name`. */
type RecordedInputs = Map<
  string,
  { inputs: Record<string, unknown>; secrets: string[]; provider?: string }
>;

let running = false;

/**
 * Runs `build` under mocks. `build` receives root options to pass to its root component (they
 * carry the recorder); everything must be parented under that root to be recorded.
 */
export async function runUnderMocks<T>(
  build: (rootOptions: pulumi.ComponentResourceOptions) => T,
  options: MockRunOptions = {},
): Promise<MockRunResult<T>> {
  if (running) throw new Error("runUnderMocks is not re-entrant: mocks are global to the process");
  running = true;
  try {
    const inputsByKey: RecordedInputs = new Map();
    const invokes: RecordedInvoke[] = [];
    await installMocks(options, inputsByKey, invokes);

    const pending: Pending[] = [];
    const value = build({ transformations: [recorderInto(pending)] });

    const urnOfCached = urnCache();
    await settle(pending, urnOfCached);

    const resources: RecordedResource[] = [];
    for (const p of pending) resources.push(await record(p, urnOfCached, inputsByKey));
    return { value, resources, invokes };
  } finally {
    running = false;
  }
}

/**
 * Pulumi's mocks for this run: every resource's inputs are unwrapped and kept in `inputsByKey`,
 * every invoke in `invokes`, answered by `options.call` (default `placeholderInvoke`).
 */
async function installMocks(
  options: MockRunOptions,
  inputsByKey: RecordedInputs,
  invokes: RecordedInvoke[],
): Promise<void> {
  const call = options.call ?? placeholderInvoke;
  await pulumi.runtime.setMocks(
    {
      async newResource(args) {
        if (args.type === STACK_REFERENCE) {
          const name = String(args.inputs.name);
          inputsByKey.set(`${args.type}::${args.name}`, { inputs: { name }, secrets: [] });
          const outputs = options.stackOutputs?.(name) ?? {};
          return { id: name, state: { name, outputs, secretOutputNames: [] } };
        }
        const secrets: string[] = [];
        const inputs = (await unwrap(args.inputs, "", secrets)) as Record<string, unknown>;
        inputsByKey.set(`${args.type}::${args.name}`, {
          inputs,
          secrets,
          provider: args.provider,
        });
        // An imported resource keeps the ID it is imported with (a GitHub team its number).
        const id =
          args.id ||
          (args.type === githubTeam.token
            ? String(placeholderNumber(`team:${args.name}`))
            : `${args.name}-id`);
        return { id, state: { ...args.inputs, ...placeholderOutputs(args.type, inputs) } };
      },
      async call(args) {
        const inputs = (await unwrap(args.inputs, "", [])) as Record<string, unknown>;
        invokes.push({ token: args.token, inputs });
        return call(args.token, inputs);
      },
    },
    options.project ?? "secure-org",
    options.stack ?? "plan",
    false,
    options.organization,
  );
}

/**
 * A legacy transformation, for the root component (every child inherits it), that sees each
 * registration with its real options and the resources its inputs depend on, and appends it to
 * `pending`. It changes nothing.
 */
function recorderInto(pending: Pending[]): pulumi.ResourceTransformation {
  return (args) => {
    const implicit = new Set<pulumi.Resource>();
    implicitDeps(args.props, implicit);
    pending.push({
      resource: args.resource,
      type: args.type,
      name: args.name,
      custom: args.resource instanceof pulumi.CustomResource,
      opts: args.opts as Pending["opts"],
      implicit,
    });
    return undefined;
  };
}

/** One URN lookup per resource: parents, providers and dependencies are referenced many times. */
function urnCache(): (r: pulumi.Resource) => Promise<string> {
  const urns = new Map<pulumi.Resource, Promise<string>>();
  return (r) => {
    let urn = urns.get(r);
    if (!urn) {
      urn = urnOf(r);
      urns.set(r, urn);
    }
    return urn;
  };
}

/** Waits until every registration (and the ones those trigger) has completed. */
async function settle(
  pending: readonly Pending[],
  urnOfCached: (r: pulumi.Resource) => Promise<string>,
): Promise<void> {
  let settled = 0;
  while (settled < pending.length) {
    const batch = pending.slice(settled);
    settled = pending.length;
    await Promise.all(batch.map((p) => urnOfCached(p.resource)));
  }
  // Let the mock monitor finish recording inputs of the last registrations.
  await new Promise((r) => setImmediate(r));
}

/** A registration as recorded: URNs for every resource reference, inputs from the monitor. */
async function record(
  p: Pending,
  urnOfCached: (r: pulumi.Resource) => Promise<string>,
  inputsByKey: RecordedInputs,
): Promise<RecordedResource> {
  const urn = await urnOfCached(p.resource);
  const explicitUrns = await Promise.all((await explicitDeps(p)).map(urnOfCached));
  const parentUrn = p.opts.parent ? await urnOfCached(p.opts.parent) : undefined;
  const implicitUrns = await Promise.all([...p.implicit].map(urnOfCached));
  const recorded = inputsByKey.get(`${p.type}::${p.name}`);
  const aliases = await Promise.all(
    (p.opts.aliases ?? []).map(async (a) => {
      const v = await resolve(a as pulumi.Input<string | pulumi.Alias>);
      if (typeof v === "string" || !v) return v;
      const { parent, ...rest } = v;
      return parent ? { ...rest, parent: await resolveParent(parent, urnOfCached) } : rest;
    }),
  );
  const provider = p.opts.provider ? await urnOfCached(p.opts.provider) : undefined;
  return {
    urn,
    type: p.type,
    name: p.name,
    custom: p.custom,
    parent: parentUrn,
    inputs: p.custom ? (recorded?.inputs ?? {}) : {},
    secretInputs: recorded?.secrets ?? [],
    options: {
      protect: p.opts.protect === true,
      retainOnDelete: p.opts.retainOnDelete === true,
      ignoreChanges: p.opts.ignoreChanges ?? [],
      deleteBeforeReplace: p.opts.deleteBeforeReplace === true,
      aliases: aliases.filter((a) => a !== undefined),
      dependsOn: [...new Set(explicitUrns)].sort(),
      dependencies: [...new Set([...explicitUrns, ...implicitUrns])]
        .filter((u) => u !== urn && u !== parentUrn)
        .sort(),
      provider,
      ...(p.custom && typeof p.opts.import === "string" ? { import: p.opts.import } : {}),
    },
  };
}

/** The resources of `dependsOn`, resolved (it may be an Output, or hold Outputs). */
async function explicitDeps(p: Pending): Promise<pulumi.Resource[]> {
  const explicit: pulumi.Resource[] = [];
  const dependsOn = await resolve(
    p.opts.dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
  );
  for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) {
    const r = await resolve(d);
    if (r) explicit.push(r);
  }
  return explicit;
}

async function resolveParent(
  parent: unknown,
  urnOfResource: (r: pulumi.Resource) => Promise<string>,
): Promise<string | undefined> {
  if (pulumi.Resource.isInstance(parent)) return urnOfResource(parent);
  return resolve(parent as pulumi.Input<string>);
}

/** Child URNs by parent URN, in registration order. */
function childrenByParent(resources: readonly RecordedResource[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const r of resources) {
    if (!r.parent) continue;
    const siblings = children.get(r.parent);
    if (siblings) siblings.push(r.urn);
    else children.set(r.parent, [r.urn]);
  }
  return children;
}

/**
 * The longest chain of custom resources the engine must create one after another: a resource
 * waits for its explicit and implicit dependencies, and depending on a component means waiting
 * for every resource inside it.
 */
export function graphDepth(resources: readonly RecordedResource[]): number {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = childrenByParent(resources);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (urn: string): number => {
    const cached = memo.get(urn);
    if (cached !== undefined) return cached;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    const r = byUrn.get(urn);
    let d = 0;
    if (r && !r.custom) {
      for (const c of children.get(urn) ?? []) d = Math.max(d, depth(c));
    } else if (r) {
      d = 1;
      for (const dep of r.options.dependencies) if (byUrn.has(dep)) d = Math.max(d, 1 + depth(dep));
    }
    visiting.delete(urn);
    memo.set(urn, d);
    return d;
  };
  let max = 0;
  for (const r of resources) max = Math.max(max, depth(r.urn));
  return max;
}

/**
 * How many dependency URNs the engine receives, summed over custom resources: a dependency on a
 * component stands for every custom resource inside it (the SDK sends them all). A program whose
 * resources depend on components that grow with the config has a quadratic number of edges even
 * when `graphDepth` stays flat.
 */
export function dependencyEdges(resources: readonly RecordedResource[]): number {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = childrenByParent(resources);
  const inside = new Map<string, readonly string[]>();
  const customsOf = (urn: string): readonly string[] => {
    const cached = inside.get(urn);
    if (cached) return cached;
    const r = byUrn.get(urn);
    const out = !r ? [] : r.custom ? [urn] : (children.get(urn) ?? []).flatMap(customsOf);
    inside.set(urn, out);
    return out;
  };
  let edges = 0;
  for (const r of resources) {
    if (!r.custom) continue;
    const deps = new Set<string>();
    for (const d of r.options.dependencies) for (const c of customsOf(d)) deps.add(c);
    deps.delete(r.urn);
    edges += deps.size;
  }
  return edges;
}
