/**
 * The shape of a managed area (kinds/<area>.ts): the resource types it registers, each with its
 * import ID rule, API cost, what a change replaces, adopt's lookup and what the mass-removal guard
 * counts; the live reader the audit and adopt share; and the audit sections that compare it.
 */
import type { AccessModel } from "../model/access";
import type { AdoptImport, GuardRole } from "../model/adopt";
import type { Severity } from "../model/config";
import type { TypeCost } from "./cost";
import type { TypeCoverage } from "./coverage";
import type { ImportIdRule } from "./ids";
import type { LiveOrg } from "./live";

/** A registered resource as the offline plan records it (plan/mockRun.ts `RecordedResource`). */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
}

/** A finding a lookup reports (adopt's `AdoptFinding` without a fix). */
export interface LookupFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly subject: string;
  readonly message: string;
}

export interface LookupContext {
  readonly live: LiveOrg;
  readonly org: string;
  /** The custom resources sharing a parent with the one looked up (GitHub team of a mirror). */
  readonly siblings: (r: RegisteredResource) => readonly RegisteredResource[];
  readonly findings: LookupFinding[];
  /** `type\0id` of the imports already given to another resource: one live entity, one import. */
  readonly taken?: ReadonlySet<string>;
}

/** What adopt records of a registered resource that exists: its import ID, match and live values. */
export type Found = Omit<AdoptImport, "type" | "name">;
export type Lookup = (
  r: RegisteredResource,
  inputs: Record<string, unknown>,
  ctx: LookupContext,
) => Found | undefined;

/** One provider resource type the program registers. */
export interface ManagedType {
  /** The provider's type token (`<package>:<module>:<Type>`). */
  readonly token: string;
  /** The package whose schema describes it (none for this program's dynamic resource). */
  readonly schema: "pulumiservice" | "github" | "dynamic";
  /** What the audit reads and compares of it, or why it does not (kinds/coverage.ts). */
  readonly coverage: TypeCoverage;
  readonly importId: ImportIdRule;
  readonly cost: TypeCost;
  /** Inputs whose change replaces the resource (the providers' replaceOnChanges and ForceNew). */
  readonly replaces?: readonly string[] | "all";
  /** How adopt finds the live resource a registration imports; absent: always created. */
  readonly lookup?: Lookup;
  /** What the mass-removal guard counts of an adopted one. */
  readonly guard?: GuardRole;
  /** The registration inputs an import needs, given what the adopt record says exists. */
  readonly importInputs?: (
    props: Record<string, unknown>,
    model: AccessModel,
    entry: AdoptImport,
  ) => Record<string, unknown>;
}

/**
 * The audit's sections, what it reads and compares (the one definition: audit/compare/types.ts
 * `Section` is this type). An area with none is not audited, and says so (kinds/index.ts
 * `NOT_AUDITED`).
 */
export type AuditSection =
  | "defaults"
  | "teams"
  | "stacks"
  | "environments"
  | "definitions"
  | "oidc"
  | "auditLog"
  | "policyGroups"
  | "members"
  | "roles"
  | "deployments"
  | "webhooks"
  | "collaborators"
  | "stackTags"
  | "collaboratorInvites"
  | "breakGlass"
  | "approvals";

/** One managed area. */
export interface ManagedArea {
  readonly name: string;
  /** What the area manages, in a line. */
  readonly summary: string;
  readonly types: readonly ManagedType[];
  /**
   * The live reader the audit and adopt share (kinds/read.ts or cloud/), by what it reads; absent
   * when nothing reads the area back.
   */
  readonly live?: { readonly reads: string; readonly read: (...args: never[]) => unknown };
  /**
   * What the model implies, and the audit sections that compare it with the live state
   * (audit/compare/): none means the area is not audited.
   */
  readonly audit: readonly AuditSection[];
  /** adopt's proposal hook (the adopt/ module that proposes the area's config), where one exists. */
  readonly propose?: string;
}
