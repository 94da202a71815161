/**
 * `OrgDefaults`: the organization-wide defaults every member gets (default stack and environment
 * permission, who may create stacks and teams, the access token expiry policy).
 *
 * The pulumiservice provider has no resource for these settings, so this is a dynamic resource over
 * `PATCH /api/orgs/{org}` (see cloud/client.ts). It owns only the fields it declares:
 * - create reads the current values and keeps them as `previous`, then changes only what differs;
 * - refresh (`read`) reports the live values, so a change made in the console shows up as drift and
 *   the next `pulumi up` puts the declared value back;
 * - delete puts `previous` back, so destroying the stack does not leave the org in a state nobody
 *   declared.
 * A field that stops being declared (only `maxAccessTokenExpiryDays` can) is left as it is and is
 * no longer managed: silently clearing a token expiry policy would loosen security.
 *
 * `orgDefaultsProvider` is bundled into a self-contained module (components/orgDefaultsBundle.ts)
 * and runs in the dynamic provider host, a separate process. The provider and its helpers are therefore plain functions over plain data; the access
 * token and the API URL are read from PULUMI_ACCESS_TOKEN / PULUMI_BACKEND_URL when an operation
 * runs, never captured, never part of the inputs or outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { OrganizationMetadata, PulumiCloudClient, UpdateOrganizationRequest } from "../cloud";
import { NAME_RULES } from "../model/names";
import { orgDefaultsProviderText } from "./orgDefaultsBundle";

export type DefaultStackPermission = "none" | "read";
export type DefaultEnvironmentPermission = "none" | "read";
export type DefaultAccountPermission = "none" | "read";

/** The provider's inputs: plain values after the engine resolves `OrgDefaultsArgs`. */
export interface OrgDefaultsInputs {
  organization: string;
  stackPermission: DefaultStackPermission;
  environmentPermission: DefaultEnvironmentPermission;
  membersCanCreateStacks: boolean;
  membersCanDeleteStacks: boolean;
  membersCanCreateTeams: boolean;
  membersCanTransferStacks?: boolean;
  membersCanInviteCollaborators?: boolean;
  membersCanCreateAccounts?: boolean;
  accountPermission?: DefaultAccountPermission;
  /** Absent: the token expiry policy is not managed. */
  maxAccessTokenExpiryDays?: number;
  /** The custom role deployments run with. Absent: not managed. */
  defaultDeploymentRoleId?: string;
}

export interface OrgDefaultsArgs {
  /** Pulumi Cloud organization login. Changing it replaces the resource (restores the old org). */
  readonly organization: pulumi.Input<string>;
  /** Default permission of every member on every stack. Only "none" or "read". */
  readonly stackPermission: pulumi.Input<DefaultStackPermission>;
  /** Default permission of every member on every ESC environment. Only "none" or "read". */
  readonly environmentPermission: pulumi.Input<DefaultEnvironmentPermission>;
  readonly membersCanCreateStacks: pulumi.Input<boolean>;
  readonly membersCanDeleteStacks: pulumi.Input<boolean>;
  readonly membersCanCreateTeams: pulumi.Input<boolean>;
  /** Members may transfer stacks out of the organization. Default: not managed. */
  readonly membersCanTransferStacks?: pulumi.Input<boolean>;
  /**
   * Members may invite outside collaborators. Pulumi Cloud does not report this setting back, so
   * it is written on every update and not restored on delete. Default: not managed.
   */
  readonly membersCanInviteCollaborators?: pulumi.Input<boolean>;
  /** Members may create Insights accounts. Default: not managed. */
  readonly membersCanCreateAccounts?: pulumi.Input<boolean>;
  /** Default permission of every member on Insights accounts: "none" or "read". */
  readonly accountPermission?: pulumi.Input<DefaultAccountPermission>;
  /** Longest lifetime, in days (1–365), of any new access token. Default: not managed. */
  readonly maxAccessTokenExpiryDays?: pulumi.Input<number>;
  /** Id of the custom role deployments run with by default. Default: not managed. */
  readonly defaultDeploymentRoleId?: pulumi.Input<string>;
}

/**
 * Live values of the managed fields, with the names of the inputs. Permissions may hold values the
 * inputs do not allow (a stack default of "write" set in the console); `maxAccessTokenExpiryDays`
 * is 0 when there is no policy (the PATCH value that clears it).
 */
export interface OrgDefaultsValues {
  stackPermission?: string;
  environmentPermission?: string;
  membersCanCreateStacks?: boolean;
  membersCanDeleteStacks?: boolean;
  membersCanCreateTeams?: boolean;
  membersCanTransferStacks?: boolean;
  membersCanInviteCollaborators?: boolean;
  membersCanCreateAccounts?: boolean;
  accountPermission?: string;
  maxAccessTokenExpiryDays?: number;
  /** "" when the organization has no default deployment role. */
  defaultDeploymentRoleId?: string;
}

export interface OrgDefaultsOutputs extends OrgDefaultsValues {
  organization: string;
  /** What the declared fields held before this resource first changed them; delete restores it. */
  previous: OrgDefaultsValues;
}

export type OrgDefaultsField = keyof OrgDefaultsValues;

interface FieldSpec {
  readonly field: OrgDefaultsField;
  /** `UpdateOrganizationRequest` key. */
  readonly set: keyof UpdateOrganizationRequest;
  /** `OrganizationMetadata` key; absent when the API does not report the setting. */
  readonly get?: string;
}

/** Setter and read-back names from the OpenAPI spec (not tried against the live service). */
export const ORG_DEFAULT_FIELDS: readonly FieldSpec[] = [
  {
    field: "stackPermission",
    set: "setDefaultStackPermission",
    get: "defaultStackPermission",
  },
  {
    field: "environmentPermission",
    set: "setDefaultEnvironmentPermission",
    get: "defaultEnvironmentPermission",
  },
  {
    field: "membersCanCreateStacks",
    set: "setMembersCanCreateStacks",
    get: "membersCanCreateStacks",
  },
  {
    field: "membersCanDeleteStacks",
    set: "setMembersCanDeleteStacks",
    get: "membersCanDeleteStacks",
  },
  {
    field: "membersCanCreateTeams",
    set: "setMembersCanCreateTeams",
    get: "membersCanCreateTeams",
  },
  {
    field: "membersCanTransferStacks",
    set: "setMembersCanTransferStacks",
    get: "membersCanTransferStacks",
  },
  // Not part of OrganizationMetadata: written on every update, never read back or restored.
  { field: "membersCanInviteCollaborators", set: "setMembersCanInviteCollaborators" },
  {
    field: "membersCanCreateAccounts",
    set: "setMembersCanCreateAccounts",
    get: "membersCanCreateAccounts",
  },
  {
    field: "accountPermission",
    set: "setDefaultAccountPermission",
    get: "defaultAccountPermission",
  },
  {
    field: "maxAccessTokenExpiryDays",
    set: "setMaxAccessTokenExpiryDays",
    get: "maxAccessTokenExpiryDays",
  },
  {
    field: "defaultDeploymentRoleId",
    set: "setDefaultDeploymentRoleId",
    get: "defaultDeploymentRoleId",
  },
];

/** Insights account permission enum of the API (`InsightsAccountPermission`). */
export const ACCOUNT_PERMISSION_CODES: ReadonlyMap<string, number> = new Map([
  ["none", 0],
  ["read", 1],
  ["write", 2],
  ["admin", 3],
]);

/** Stack permission enum of the API. 104 ("creator") is listed by the spec as equal to admin. */
export const STACK_PERMISSION_CODES: Readonly<Record<string, number>> = {
  none: 0,
  read: 101,
  write: 102,
  admin: 103,
  creator: 104,
};

/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isUnknown = (v: unknown) => v === UNKNOWN;

const DEFAULT_PERMISSIONS = ["none", "read"];

/** The fields every declaration has (all but `maxAccessTokenExpiryDays`). */
const ALWAYS_DECLARED: readonly OrgDefaultsField[] = [
  "stackPermission",
  "environmentPermission",
  "membersCanCreateStacks",
  "membersCanDeleteStacks",
  "membersCanCreateTeams",
];

/** "read" -> 101. Unknown names that are numbers pass through (a code we have no name for). */
export function stackPermissionToApi(name: string): number {
  const code = STACK_PERMISSION_CODES[name];
  if (code !== undefined) return code;
  if (/^\d+$/.test(name)) return Number(name);
  throw new Error(`unknown stack permission "${name}"`);
}

/** 101 -> "read"; a code without a name is kept as its digits so it can be restored. */
export function stackPermissionFromApi(code: unknown): string {
  for (const [name, value] of Object.entries(STACK_PERMISSION_CODES))
    if (value === code && name !== "creator") return name;
  if (code === 104) return "creator";
  return String(code);
}

/** "read" -> 1; an unnamed code that is a number passes through (so it can be restored). */
export function accountPermissionToApi(name: string): number {
  const code = ACCOUNT_PERMISSION_CODES.get(name);
  if (code !== undefined) return code;
  if (/^\d+$/.test(name)) return Number(name);
  throw new Error(`unknown account permission "${name}"`);
}

/** 1 -> "read"; a code without a name is kept as its digits. */
export function accountPermissionFromApi(code: unknown): string {
  for (const [name, value] of ACCOUNT_PERMISSION_CODES) if (value === code) return name;
  return String(code ?? 0);
}

/** Validates the provider inputs; unknown (preview) values are not checked. */
export function checkOrgDefaults(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const org = news.organization;
  const rule = NAME_RULES.organization;
  if (!isUnknown(org)) {
    if (typeof org !== "string" || org === "")
      fail("organization", "is required: the Pulumi Cloud organization login");
    else if (org.length > rule.max || !rule.pattern.test(org))
      fail(
        "organization",
        `"${org}" is not an organization login: use ${rule.describe}, at most ${rule.max}`,
      );
  }
  for (const [field, what] of [
    ["stackPermission", "stack"],
    ["environmentPermission", "environment"],
    ["accountPermission", "Insights account"],
  ] as const) {
    const v = news[field];
    if (isUnknown(v) || (field === "accountPermission" && v === undefined)) continue;
    if (typeof v !== "string" || !DEFAULT_PERMISSIONS.includes(v))
      fail(
        field,
        `${JSON.stringify(v ?? null)} is not allowed; use "none" or "read". A higher default ` +
          `would give every member of the organization that access to every ${what}; grant it ` +
          "through a team instead",
      );
  }
  for (const field of [
    "membersCanCreateStacks",
    "membersCanDeleteStacks",
    "membersCanCreateTeams",
    "membersCanTransferStacks",
    "membersCanInviteCollaborators",
    "membersCanCreateAccounts",
  ] as const) {
    const v = news[field];
    const optional = !ALWAYS_DECLARED.includes(field) && (v === undefined || v === null);
    if (!isUnknown(v) && !optional && typeof v !== "boolean")
      fail(field, `must be true or false, got ${JSON.stringify(v ?? null)}`);
  }
  const role = news.defaultDeploymentRoleId;
  if (role !== undefined && role !== null && !isUnknown(role) && typeof role !== "string")
    fail("defaultDeploymentRoleId", `must be a role id, got ${JSON.stringify(role)}`);
  const days = news.maxAccessTokenExpiryDays;
  if (days !== undefined && days !== null && !isUnknown(days)) {
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 365)
      fail(
        "maxAccessTokenExpiryDays",
        `must be a whole number of days from 1 to 365, got ${JSON.stringify(days)}; ` +
          "leave it out to not manage the token expiry policy",
      );
  }
  return failures;
}

/** The fields a set of inputs or outputs declares, in `ORG_DEFAULT_FIELDS` order. */
export function declaredFields(values: object): OrgDefaultsField[] {
  const v = values as Record<string, unknown>;
  return ORG_DEFAULT_FIELDS.map((f) => f.field).filter((f) => v[f] !== undefined && v[f] !== null);
}

/** The declared values of `values`, with nothing else. */
export function pickDeclared(values: object): OrgDefaultsValues {
  const out: Record<string, unknown> = {};
  for (const f of declaredFields(values)) out[f] = (values as Record<string, unknown>)[f];
  return out as OrgDefaultsValues;
}

/** Reads `fields` out of an org's metadata, as input-style values. */
export function liveValues(
  meta: OrganizationMetadata,
  fields: readonly OrgDefaultsField[],
): OrgDefaultsValues {
  const out: Record<string, unknown> = {};
  for (const spec of ORG_DEFAULT_FIELDS) {
    // A setting the API does not report stays unknown: it is written every time, never restored.
    if (!fields.includes(spec.field) || spec.get === undefined) continue;
    const raw = meta[spec.get];
    if (spec.field === "stackPermission") out[spec.field] = stackPermissionFromApi(raw);
    else if (spec.field === "accountPermission") out[spec.field] = accountPermissionFromApi(raw);
    else if (spec.field === "maxAccessTokenExpiryDays")
      out[spec.field] = typeof raw === "number" ? raw : 0;
    else if (spec.field === "defaultDeploymentRoleId")
      out[spec.field] = typeof raw === "string" ? raw : "";
    else out[spec.field] = raw;
  }
  return out as OrgDefaultsValues;
}

/** The PATCH body that turns `current` into `desired`: only the fields that differ. */
export function buildPatch(
  desired: OrgDefaultsValues,
  current: OrgDefaultsValues,
): UpdateOrganizationRequest {
  const body: Record<string, unknown> = {};
  for (const spec of ORG_DEFAULT_FIELDS) {
    const want = desired[spec.field];
    if (want === undefined || want === current[spec.field]) continue;
    body[spec.set] =
      spec.field === "stackPermission"
        ? stackPermissionToApi(String(want))
        : spec.field === "accountPermission"
          ? accountPermissionToApi(String(want))
          : want;
  }
  return body as UpdateOrganizationRequest;
}

/** Compares the declared inputs only; `previous` never causes a change. */
export function diffOrgDefaults(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const replaces = olds.organization !== news.organization ? ["organization"] : [];
  const changed = ORG_DEFAULT_FIELDS.some(({ field }) => {
    const n = news[field];
    return isUnknown(n) || (n ?? undefined) !== (olds[field] ?? undefined);
  });
  return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace: true };
}

/** Removes empty bodies so an unchanged org sees no PATCH at all. */
async function applyPatch(
  client: PulumiCloudClient,
  org: string,
  body: UpdateOrganizationRequest,
): Promise<void> {
  if (Object.keys(body).length === 0) return;
  await client.updateOrgSettings(org, body);
}

function outputsOf(
  org: string,
  values: OrgDefaultsValues,
  previous: OrgDefaultsValues,
): OrgDefaultsOutputs {
  return { organization: org, ...pickDeclared({ ...values }), previous };
}

/** The token and URL are read here, when an operation runs, from the provider host's env. */
function client(): PulumiCloudClient {
  return PulumiCloudClient.fromEnv(process.env);
}

export const orgDefaultsProvider: pulumi.dynamic.ResourceProvider<
  OrgDefaultsInputs,
  OrgDefaultsOutputs
> = {
  async check(_olds, news) {
    const raw = news as unknown as Record<string, unknown>;
    const failures = checkOrgDefaults(raw);
    const inputs: Record<string, unknown> = { organization: raw.organization };
    Object.assign(inputs, pickDeclared(raw));
    return { inputs: inputs as unknown as OrgDefaultsInputs, failures };
  },

  async diff(_id, olds, news) {
    return diffOrgDefaults(
      olds as unknown as Record<string, unknown>,
      news as unknown as Record<string, unknown>,
    );
  },

  async create(inputs) {
    const org = inputs.organization;
    const desired = pickDeclared(inputs);
    const api = client();
    const current = liveValues(await api.getOrgMetadata(org), declaredFields(desired));
    await applyPatch(api, org, buildPatch(desired, current));
    return { id: org, outs: outputsOf(org, desired, current) };
  },

  async read(id, props) {
    const org = props?.organization ?? id;
    // An import has no stored values: read the five fields every declaration has.
    const fields = declaredFields(props ?? {});
    const wanted = fields.length > 0 ? fields : ALWAYS_DECLARED;
    const live = liveValues(await client().getOrgMetadata(org), wanted);
    // What the API does not report is taken as last written (it cannot show drift).
    for (const spec of ORG_DEFAULT_FIELDS)
      if (spec.get === undefined && props?.[spec.field] !== undefined)
        (live as Record<string, unknown>)[spec.field] = props[spec.field];
    return { id, props: outputsOf(org, live, props?.previous ?? live) };
  },

  async update(_id, olds, news) {
    if (olds.organization !== news.organization)
      throw new Error("the organization of OrgDefaults cannot change in place (it is replaced)");
    const org = news.organization;
    const desired = pickDeclared(news);
    const fields = declaredFields(desired);
    const api = client();
    const current = liveValues(await api.getOrgMetadata(org), fields);
    // Keep what was there before this resource first touched each field; a field declared for
    // the first time remembers its current value; a field no longer declared is let go.
    const oldPrevious = (olds.previous ?? {}) as Record<string, unknown>;
    const previous: Record<string, unknown> = {};
    for (const f of fields) previous[f] = f in oldPrevious ? oldPrevious[f] : current[f];
    await applyPatch(api, org, buildPatch(desired, current));
    return { outs: outputsOf(org, desired, previous as OrgDefaultsValues) };
  },

  async delete(id, props) {
    const org = props.organization ?? id;
    const previous = pickDeclared(props.previous ?? {});
    const fields = declaredFields(previous);
    if (fields.length === 0) return;
    const api = client();
    const current = liveValues(await api.getOrgMetadata(org), fields);
    await applyPatch(api, org, buildPatch(previous, current));
  },
};

/**
 * The organization-wide member defaults, managed through the Pulumi Cloud REST API. Needs
 * PULUMI_ACCESS_TOKEN (an organization admin's token) in the environment of `pulumi up`; it is
 * read when the provider runs and never stored.
 */
export class OrgDefaults extends pulumi.CustomResource {
  // `declare`: a class field would be initialised after super() and hide the outputs.
  declare public readonly organization: pulumi.Output<string>;
  /** Live default stack permission ("none", "read", or what the console set). */
  declare public readonly stackPermission: pulumi.Output<string>;
  declare public readonly environmentPermission: pulumi.Output<string>;
  declare public readonly membersCanCreateStacks: pulumi.Output<boolean>;
  declare public readonly membersCanDeleteStacks: pulumi.Output<boolean>;
  declare public readonly membersCanCreateTeams: pulumi.Output<boolean>;
  declare public readonly membersCanTransferStacks: pulumi.Output<boolean | undefined>;
  declare public readonly membersCanInviteCollaborators: pulumi.Output<boolean | undefined>;
  declare public readonly membersCanCreateAccounts: pulumi.Output<boolean | undefined>;
  declare public readonly accountPermission: pulumi.Output<string | undefined>;
  declare public readonly defaultDeploymentRoleId: pulumi.Output<string | undefined>;
  /** Undefined when not managed; 0 when managed and the org has no policy. */
  declare public readonly maxAccessTokenExpiryDays: pulumi.Output<number | undefined>;
  /** The values before this resource changed them; restored on delete. */
  declare public readonly previous: pulumi.Output<OrgDefaultsValues>;

  constructor(name: string, args: OrgDefaultsArgs, opts?: pulumi.CustomResourceOptions) {
    // What `pulumi.dynamic.Resource` registers, with the provider bundled once per process
    // (components/orgDefaultsBundle.ts) instead of by Pulumi's closure serializer.
    super(
      "pulumi-nodejs:dynamic:Resource",
      name,
      {
        __provider: orgDefaultsProviderText(),
        organization: args.organization,
        stackPermission: args.stackPermission,
        environmentPermission: args.environmentPermission,
        membersCanCreateStacks: args.membersCanCreateStacks,
        membersCanDeleteStacks: args.membersCanDeleteStacks,
        membersCanCreateTeams: args.membersCanCreateTeams,
        membersCanTransferStacks: args.membersCanTransferStacks,
        membersCanInviteCollaborators: args.membersCanInviteCollaborators,
        membersCanCreateAccounts: args.membersCanCreateAccounts,
        accountPermission: args.accountPermission,
        maxAccessTokenExpiryDays: args.maxAccessTokenExpiryDays,
        defaultDeploymentRoleId: args.defaultDeploymentRoleId,
        previous: undefined,
      },
      opts,
    );
  }
}
