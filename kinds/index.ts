/**
 * The registry of managed areas: everything the bootstrap manages, one area per file. Each area
 * declares the resource types it registers (with import ID rule, API cost, what a change replaces,
 * adopt's lookup and what the removal guard counts), its live reader (shared by the audit and
 * adopt), the audit sections that compare it, and adopt's proposal hook. Every table keyed by
 * resource type is derived here; a registered type with no area fails test/kinds.spec.ts.
 *
 * Adding a managed type: docs/development.md, "Adding a managed type".
 */
import { snapshotOfRecord as snapshotWith } from "../model/adopt";
import type { AccessSnapshot, AdoptRecord, GuardRole } from "../model/adopt";
import type { TypeCost } from "./cost";
import type { ImportIdRule } from "./ids";
import type { AuditSection, Lookup, ManagedArea, ManagedType } from "./types";
import { approvals } from "./approvals";
import { breakGlass } from "./breakGlass";
import { customRoles } from "./customRoles";
import { deployments } from "./deployments";
import { environments } from "./environments";
import { githubTeams } from "./githubTeams";
import { grants } from "./grants";
import { guardrails } from "./guardrails";
import { membership } from "./membership";
import { oidc } from "./oidc";
import { orgDefaults } from "./orgDefaults";
import { repositories } from "./repositories";
import { stacks, stackTagsArea } from "./stacks";
import { teams } from "./teams";
import { webhooks } from "./webhooks";

export type * from "./types";

/** Every managed area. */
export const AREAS: readonly ManagedArea[] = [
  orgDefaults,
  membership,
  teams,
  grants,
  customRoles,
  stacks,
  stackTagsArea,
  environments,
  approvals,
  breakGlass,
  deployments,
  oidc,
  webhooks,
  guardrails,
  githubTeams,
  repositories,
];

/** Every managed type, with its area. */
export const MANAGED_TYPES: readonly (ManagedType & { readonly area: string })[] = AREAS.flatMap(
  (a) => a.types.map((t) => ({ ...t, area: a.name })),
);

function byToken<T>(pick: (t: ManagedType) => T | undefined): Readonly<Record<string, T>> {
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const t of MANAGED_TYPES) {
    if (Object.prototype.hasOwnProperty.call(out, t.token))
      throw new Error(`${t.token} is in two managed areas`);
    const v = pick(t);
    if (v !== undefined) out[t.token] = v;
  }
  return out;
}

/** The managed type of a token, if any. */
export const managedType = (token: string): (ManagedType & { area: string }) | undefined =>
  MANAGED_TYPES.find((t) => t.token === token);

/** Every provider resource type the program may register, by schema package (sorted). */
export const USED_RESOURCE_TYPES: Record<"pulumiservice" | "github", string[]> = {
  pulumiservice: MANAGED_TYPES.filter((t) => t.schema === "pulumiservice")
    .map((t) => t.token)
    .sort(),
  github: MANAGED_TYPES.filter((t) => t.schema === "github")
    .map((t) => t.token)
    .sort(),
};

/** Every resource type the program registers, with its costs. */
export const API_COSTS: Readonly<Record<string, TypeCost>> = byToken((t) => t.cost);
/** Every resource type's import ID rule. */
export const IMPORT_ID_RULES: Readonly<Record<string, ImportIdRule>> = byToken((t) => t.importId);
/** Inputs whose change replaces the resource (the providers' replaceOnChanges and ForceNew). */
export const REPLACES: Readonly<Record<string, readonly string[] | "all">> = byToken(
  (t) => t.replaces,
);
/** adopt's lookups: how each type's live resource is found. */
export const LOOKUPS: Readonly<Record<string, Lookup>> = byToken((t) => t.lookup);
const GUARD: Readonly<Record<string, GuardRole>> = byToken((t) => t.guard);

/** What the mass-removal guard counts of a resource type. */
export const guardRoleOf = (type: string): GuardRole | undefined =>
  Object.prototype.hasOwnProperty.call(GUARD, type) ? GUARD[type] : undefined;

/** The live organization as adopted (model/adopt/guard.ts), each type counted as its area says. */
export const snapshotOfRecord = (record: AdoptRecord): AccessSnapshot =>
  snapshotWith(record, guardRoleOf);

/** The areas no audit section compares: the audit does not read them back. */
export const NOT_AUDITED: readonly ManagedArea[] = AREAS.filter((a) => a.audit.length === 0);

/** The audit sections that compare some managed area. */
export const AUDITED_SECTIONS: ReadonlySet<AuditSection> = new Set(AREAS.flatMap((a) => a.audit));

export { pulumiIds, githubIds } from "./importIds";
export { escapeIdPart } from "./ids";
export type { ImportIdRule } from "./ids";
