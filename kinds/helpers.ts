/** Small helpers the areas' lookups share. */
import type { LiveGithubRepository } from "./live";
import type { LookupContext, RegisteredResource } from "./types";

/** A string input, or "". */
export const s = (v: unknown) => (typeof v === "string" ? v : "");

/** GitHub's team slug of a name. */
export const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");

export function teamOf(ctx: LookupContext, name: string) {
  return ctx.live.teams.find((t) => t.name === name);
}

/** The GitHub team of a mirror's members or repository resource: its sibling team resource. */
export function mirrorTeam(r: RegisteredResource, ctx: LookupContext, teamToken: string) {
  const team = ctx.siblings(r).find((x) => x.type === teamToken);
  const name = team ? s(team.inputs.name) : "";
  return ctx.live.github?.teams.find((t) => t.slug === slug(name));
}

export function repoOf(ctx: LookupContext, name: string): LiveGithubRepository | undefined {
  return ctx.live.github?.repositories.find((x) => x.name === name);
}

/**
 * A Go duration (`1h30m0s`) as the config writes it (`1h30m`), rounded up to whole minutes;
 * undefined when absent, zero or not a duration.
 */
export function durationOf(go: string | undefined): string | undefined {
  if (!go) return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(go);
  if (!m) return undefined;
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Math.ceil(Number(m[3] ?? 0) / 60);
  if (minutes <= 0) return undefined;
  const h = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${h ? `${h}h` : ""}${rest ? `${rest}m` : ""}`;
}
