/**
 * `--tighten`: applies every finding's fixes to the proposal, then drops what no longer applies
 * (break-glass on a role that holds nothing elevated any more, the session bound of an environment
 * it no longer opens, break-glass on a repository permission below admin).
 */
import type { Fix, Proposal, RawConfig } from "./types";

const ELEVATED_STACK = ["write", "admin"];
const ELEVATED_ENV = ["open", "write", "admin"];

type Node = Record<string | number, unknown>;

function parentOf(config: RawConfig, path: readonly (string | number)[]): Node | undefined {
  let cur: unknown = config;
  for (const part of path.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Node)[part];
  }
  return cur !== null && typeof cur === "object" ? (cur as Node) : undefined;
}

/** Sets each fix's value; removes list items last, highest index first, so indexes hold. */
function apply(config: RawConfig, fixes: readonly Fix[]): void {
  const removals = new Map<string, Fix>();
  for (const f of fixes) {
    if (f.to === undefined) {
      removals.set(JSON.stringify(f.path), f);
      continue;
    }
    const parent = parentOf(config, f.path);
    if (parent) parent[f.path[f.path.length - 1]] = f.to;
  }
  [...removals.values()]
    .sort((a, b) => Number(b.path[b.path.length - 1]) - Number(a.path[a.path.length - 1]))
    .forEach((f) => {
      const parent = parentOf(config, f.path);
      const last = f.path[f.path.length - 1];
      if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
      else if (parent) delete parent[last];
    });
}

function normalize(config: RawConfig): void {
  for (const tier of config.tiers)
    for (const role of Object.values(tier.roles)) {
      const stackUp = ELEVATED_STACK.includes(role.stack);
      const envUp = ELEVATED_ENV.includes(role.environment);
      if (!role.breakGlass) continue;
      if (!stackUp && !envUp) delete role.breakGlass;
      else if (!envUp) delete role.breakGlass.maxDuration;
    }
  for (const role of Object.values(config.roles))
    if (role.breakGlass && role.repository !== "admin") delete role.breakGlass;
}

/** The proposal with every fix applied. */
export function tighten(p: Proposal): Proposal {
  const config = JSON.parse(JSON.stringify(p.config)) as RawConfig;
  apply(
    config,
    p.findings.flatMap((f) => f.fixes ?? []),
  );
  normalize(config);
  return { config, findings: p.findings, unmanaged: p.unmanaged };
}
