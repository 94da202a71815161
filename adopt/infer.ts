/**
 * Tiers from what exists: a stack's tier comes from a tier tag (`secure-org:tier`, `tier`,
 * `environment`, `env`, `stage`), else from its name (`production`, `prod-eu`, `stg`, ...), else it
 * is a tier of its own name. A tier looks protected when it is production-like, or when the stack
 * carries `secure-org:protected: "true"`.
 */
import { checkName } from "../model/names";

/** Canonical tiers, most protected last, and the names that mean them. */
export const TIER_ALIASES: readonly {
  tier: string;
  protected: boolean;
  names: readonly string[];
}[] = [
  { tier: "dev", protected: false, names: ["dev", "development", "develop", "sandbox", "sbx"] },
  { tier: "test", protected: false, names: ["test", "testing", "qa", "tst"] },
  { tier: "staging", protected: false, names: ["staging", "stage", "stg", "preprod", "uat"] },
  { tier: "prod", protected: true, names: ["prod", "production", "prd", "live"] },
];

export const TIER_TAGS = ["secure-org:tier", "tier", "environment", "env", "stage"] as const;

export interface TierGuess {
  readonly tier: string;
  readonly protected: boolean;
  /** How it was inferred: `tag <key>`, `name`, or `own name`. */
  readonly source: string;
}

/** The canonical tier a word means, if any. */
function canonical(word: string): (typeof TIER_ALIASES)[number] | undefined {
  const w = word.toLowerCase();
  return TIER_ALIASES.find((t) => t.names.includes(w));
}

/** The canonical tier a name means: the whole name, else its first word that means one. */
export function tierOfName(name: string): (typeof TIER_ALIASES)[number] | undefined {
  return (
    canonical(name) ??
    name
      .split(/[-_.]/)
      .map(canonical)
      .find((t) => t !== undefined)
  );
}

/** A tier name of our rules (`identifier`) from any name; undefined when nothing is left. */
export function tierIdentifier(name: string): string | undefined {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 60);
  return id && !checkName("identifier", id) ? id : undefined;
}

export function inferTier(
  stack: string,
  tags: Readonly<Record<string, string>>,
): TierGuess | undefined {
  const protectedTag = tags["secure-org:protected"] === "true";
  for (const key of TIER_TAGS) {
    const value = tags[key];
    if (!value) continue;
    const known = tierOfName(value);
    const tier = known?.tier ?? tierIdentifier(value);
    if (tier)
      return { tier, protected: protectedTag || (known?.protected ?? false), source: `tag ${key}` };
  }
  const known = tierOfName(stack);
  if (known)
    return { tier: known.tier, protected: protectedTag || known.protected, source: "name" };
  const own = tierIdentifier(stack);
  return own ? { tier: own, protected: protectedTag, source: "own name" } : undefined;
}

/** Tier order for the proposal: canonical tiers first (dev .. prod), then others by name. */
export function tierOrder(a: string, b: string): number {
  const ia = TIER_ALIASES.findIndex((t) => t.tier === a);
  const ib = TIER_ALIASES.findIndex((t) => t.tier === b);
  const ka = ia < 0 ? TIER_ALIASES.length : ia;
  const kb = ib < 0 ? TIER_ALIASES.length : ib;
  return ka - kb || (a < b ? -1 : a > b ? 1 : 0);
}
