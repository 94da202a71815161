/**
 * What the policy checks read: a `View` of the config. A valid config is viewed as is (`viewOf`);
 * malformed input is read leniently (`lenientView`), wrong-typed parts becoming empty so the checks
 * skip them, which lets reference and invariant problems be reported alongside shape problems.
 */
import { OrgConfig } from "./schema";

/** A best-effort read of malformed input: wrong-typed parts become empty, so checks skip them. */
export type Loose = Record<string, unknown>;
export const isObj = (v: unknown): v is Loose =>
  v !== null && typeof v === "object" && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Loose => (isObj(v) ? v : Object.create(null));
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export interface LenientTier {
  name?: string;
  protected: boolean;
  roles: Record<string, { stack?: string; environment?: string; breakGlass?: unknown }>;
  deploy: {
    mode?: string;
    branch?: string;
    approvers: unknown[];
    requiredApprovals?: unknown;
    previewPullRequests?: boolean;
    reviewedPreviews: boolean;
    manualDispatch: boolean;
    trigger?: string;
  };
  driftDetection?: unknown;
}

export interface View {
  /** The Pulumi organization, when it is a string. */
  organization?: string;
  github: {
    owner?: string;
    platformTeam?: string;
    platformRepository?: string;
    ownerId?: unknown;
  };
  defaults: { maxBreakGlassDuration?: string; maxAdmins?: unknown };
  admins: unknown[];
  members: unknown[];
  teams: { name?: string; members: unknown[]; githubMembers?: unknown[]; access: Loose }[];
  tiers: LenientTier[];
  projects: {
    name?: string;
    repository?: string;
    repositoryHost?: string;
    repositoryId?: unknown;
    defaultBranch?: string;
    protectedBranches: unknown[];
    bootstrap: boolean;
    tiers: Loose;
  }[];
  roles: Loose;
  webhooks: {
    name?: string;
    scope?: Loose;
    groups?: unknown;
    filters?: unknown;
    format?: string;
    url?: unknown;
    urlSecretConfigKey?: unknown;
    displayName?: unknown;
  }[];
  /** Whether `audit.schedule` is set (its shape is the schema's business). */
  auditSchedule: boolean;
  /** `audit.schedule.cron`, when it is a string. */
  auditCron?: string;
  /** `oidc.adoptedPolicies` (see ./adoption.ts), read leniently. */
  adoptedPolicies: Loose[];
  /** `guardrails`, read leniently (./policy/guardrails.ts). */
  guardrails: Loose;
  /** `shards`, read leniently (./policy/shards.ts). */
  shards: Loose[];
  /** `defaults.customRoles`. */
  customRoles: boolean;
}

export function lenientView(raw: unknown): View {
  const r = obj(raw);
  const gh = obj(r.github);
  return {
    organization: str(r.organization),
    github: {
      owner: str(gh.owner),
      platformTeam: str(gh.platformTeam),
      platformRepository: str(gh.platformRepository),
      ownerId: gh.ownerId,
    },
    defaults: {
      maxBreakGlassDuration: str(obj(r.defaults).maxBreakGlassDuration),
      maxAdmins: obj(r.defaults).maxAdmins,
    },
    admins: arr(r.admins),
    members: arr(r.members),
    teams: arr(r.teams).map((t) => {
      const o = obj(t);
      return {
        name: str(o.name),
        members: arr(o.members),
        githubMembers: Array.isArray(o.githubMembers) ? o.githubMembers : undefined,
        access: obj(o.access),
      };
    }),
    tiers: arr(r.tiers).map(lenientTier),
    projects: arr(r.projects).map((p) => {
      const o = obj(p);
      return {
        name: str(o.name),
        repository: str(o.repository),
        repositoryHost: str(o.repositoryHost),
        repositoryId: o.repositoryId,
        defaultBranch: str(o.defaultBranch) ?? "main",
        protectedBranches: arr(o.protectedBranches),
        bootstrap: o.bootstrap === true,
        tiers: obj(o.tiers),
      };
    }),
    roles: obj(r.roles),
    webhooks: arr(obj(r.audit).webhooks).map((w) => {
      const o = obj(w);
      return {
        name: str(o.name),
        scope: isObj(o.scope) ? o.scope : undefined,
        groups: o.groups,
        filters: o.filters,
        format: str(o.format),
        url: o.url,
        urlSecretConfigKey: o.urlSecretConfigKey,
        displayName: o.displayName,
      };
    }),
    auditSchedule: isObj(obj(r.audit).schedule),
    auditCron: str(obj(obj(r.audit).schedule).cron),
    adoptedPolicies: arr(obj(r.oidc).adoptedPolicies).map(obj),
    guardrails: obj(r.guardrails),
    shards: arr(r.shards).map(obj),
    customRoles: obj(r.defaults).customRoles === true,
  };
}

function lenientTier(t: unknown): LenientTier {
  const o = obj(t);
  const d = obj(o.deploy);
  const roles: LenientTier["roles"] = Object.create(null);
  for (const [k, v] of Object.entries(obj(o.roles))) {
    const rv = obj(v);
    roles[k] = {
      stack: str(rv.stack),
      environment: str(rv.environment),
      breakGlass: rv.breakGlass,
    };
  }
  return {
    name: str(o.name),
    protected: o.protected === true,
    roles,
    deploy: {
      mode: str(d.mode),
      branch: str(d.branch),
      approvers: arr(d.approvers),
      requiredApprovals: d.requiredApprovals,
      previewPullRequests:
        typeof d.previewPullRequests === "boolean" ? d.previewPullRequests : undefined,
      reviewedPreviews: d.reviewedPreviews === true,
      manualDispatch: d.manualDispatch === true,
      trigger: str(d.trigger),
    },
    driftDetection: o.driftDetection,
  };
}

export function viewOf(c: OrgConfig): View {
  return {
    organization: c.organization,
    github: c.github,
    defaults: c.defaults,
    admins: c.admins,
    members: c.members,
    teams: c.teams,
    tiers: c.tiers,
    projects: c.projects,
    roles: c.roles,
    webhooks: c.audit.webhooks,
    auditSchedule: c.audit.schedule !== undefined,
    auditCron: c.audit.schedule?.cron,
    adoptedPolicies: c.oidc.adoptedPolicies,
    guardrails: { ...c.guardrails },
    shards: c.shards.map((s) => ({ ...s })),
    customRoles: c.defaults.customRoles,
  };
}
