/**
 * The organization config: its schema (shape, defaults, names) and the policy checks that make it
 * least-privilege. Pure: no Pulumi imports, so the plan, the audit, the benchmark and the tests all
 * read the same validated object.
 *
 * Validation happens in two passes that both always run, so a user sees every mistake at once:
 * 1. the zod schema checks types, unknown keys, enums and names;
 * 2. `policyChecks` checks references, duplicates and the least-privilege invariants on whatever
 *    parts of the input are well-formed enough to read.
 */
import { z } from "zod";
import {
  AUDIT_GITHUB_ENVIRONMENT,
  AUDITOR_TEAM,
  checkName,
  machineTeamName,
  NameKind,
  NAME_RULES,
  CRON_CHARACTERS,
  CRON_FIELDS,
} from "./names";

export const STACK_PERMISSIONS = ["none", "read", "write", "admin"] as const;
export const ENVIRONMENT_PERMISSIONS = ["none", "read", "open", "write", "admin"] as const;
export const REPOSITORY_PERMISSIONS = [
  "none",
  "pull",
  "triage",
  "push",
  "maintain",
  "admin",
] as const;
export const DEPLOY_MODES = ["direct", "github-actions", "pulumi-deployments"] as const;
export const WEBHOOK_FORMATS = ["raw", "slack", "ms_teams", "pulumi_deployments"] as const;
export const WEBHOOK_GROUPS = ["stacks", "deployments", "environments"] as const;
export const WEBHOOK_FILTERS = [
  "stack_created",
  "stack_deleted",
  "update_succeeded",
  "update_failed",
  "preview_succeeded",
  "preview_failed",
  "destroy_succeeded",
  "destroy_failed",
  "refresh_succeeded",
  "refresh_failed",
  "deployment_queued",
  "deployment_started",
  "deployment_succeeded",
  "deployment_failed",
  "drift_detected",
  "drift_detection_succeeded",
  "drift_detection_failed",
  "drift_remediation_succeeded",
  "drift_remediation_failed",
  "environment_created",
  "environment_deleted",
  "environment_revision_created",
  "environment_revision_retracted",
  "environment_revision_tag_created",
  "environment_revision_tag_deleted",
  "environment_revision_tag_updated",
  "environment_tag_created",
  "environment_tag_deleted",
  "environment_tag_updated",
  "imported_environment_changed",
  "environment_rotation_succeeded",
  "environment_rotation_failed",
] as const;

export type StackPermission = (typeof STACK_PERMISSIONS)[number];
export type EnvironmentPermission = (typeof ENVIRONMENT_PERMISSIONS)[number];
export type RepositoryPermission = (typeof REPOSITORY_PERMISSIONS)[number];
export type DeployMode = (typeof DEPLOY_MODES)[number];

/** GitHub repository permission a role implies when `roles` does not say otherwise. */
export const DEFAULT_ROLE_REPOSITORY_PERMISSION: Record<string, RepositoryPermission> = {
  developer: "push",
  maintainer: "maintain",
  auditor: "pull",
};

/** Stack permissions that let a human run `pulumi up` (or worse) on a stack. */
export const HUMAN_FORBIDDEN_STACK_ON_PROTECTED: readonly StackPermission[] = ["write", "admin"];
/** Environment permissions that decrypt secrets or change them. */
export const HUMAN_FORBIDDEN_ENV_ON_PROTECTED: readonly EnvironmentPermission[] = [
  "open",
  "write",
  "admin",
];

const name = (kind: NameKind) =>
  z.string().superRefine((value, ctx) => {
    const problem = checkName(kind, value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const duration = z
  .string()
  .regex(
    /^(?:\d+h)?(?:\d+m)?$/,
    'use a duration such as "15m", "1h" or "1h30m" (hours and minutes only)',
  )
  .refine((s) => s.length > 0, "must not be empty");

const cron = z
  .string()
  .regex(
    CRON_FIELDS,
    'use a 5-field cron expression such as "0 */6 * * *" (minute hour day month weekday)',
  )
  .regex(CRON_CHARACTERS, "cron fields may only contain digits, '*', '/', ',' and '-'");

const rolePolicy = z.strictObject({
  stack: z.enum(STACK_PERMISSIONS),
  environment: z.enum(ENVIRONMENT_PERMISSIONS),
  /**
   * Declares an elevated human grant on a protected tier as deliberate. It is always reported in
   * the plan and the audit; never silent.
   */
  breakGlass: z
    .strictObject({
      justification: z
        .string()
        .trim()
        .min(20, "write a justification of at least 20 characters: who needs it and why"),
      maxOpenDuration: duration.default("1h"),
    })
    .optional(),
});

const deploy = z.strictObject({
  mode: z.enum(DEPLOY_MODES),
  /** The branch a pipeline deploys from. Required for pipeline modes. */
  branch: name("branch").optional(),
  /** Teams whose approval a change to this tier needs (PR review, GitHub environment, ESC). */
  approvers: z.array(name("team")).default([]),
  requiredApprovals: z.number().int().min(1).max(6).optional(),
  /**
   * Run `pulumi preview` on pull requests. Default: true on unprotected tiers, false on protected
   * ones (a PR preview runs the PR's code with a token that decrypts the tier's config).
   */
  previewPullRequests: z.boolean().optional(),
  /** Also allow deploys from a manual `workflow_dispatch` on the tier's branch. */
  manualDispatch: z.boolean().default(false),
  /** Minutes before a deploy job is cancelled. */
  timeoutMinutes: z.number().int().min(5).max(360).default(60),
});

const tier = z.strictObject({
  name: name("identifier"),
  /** Former names of this tier, so renaming it does not replace anything (aliases). */
  formerNames: z.array(name("identifier")).default([]),
  protected: z.boolean().default(false),
  roles: z.record(name("identifier"), rolePolicy),
  deploy,
  driftDetection: z
    .strictObject({
      schedule: cron,
      autoRemediate: z.boolean().default(false),
    })
    .optional(),
});

const projectTier = z.strictObject({
  /** Stack name; defaults to the tier name. */
  stack: name("stack").optional(),
  /** ESC environment name (in the ESC project named after the project); defaults to the tier. */
  environment: name("stack").optional(),
  /** Use the other pipeline mode than the tier's for this project (pipeline tiers only). */
  mode: z.enum(["github-actions", "pulumi-deployments"]).optional(),
});

const project = z.strictObject({
  name: name("project"),
  formerNames: z.array(name("project")).default([]),
  description: z.string().max(200).optional(),
  repository: name("repository"),
  /** Numeric GitHub repository id; looked up at deploy time when absent. */
  repositoryId: z.number().int().positive().optional(),
  /** The repository's default branch (its ruleset target and the PR base). */
  defaultBranch: name("branch").default("main"),
  workDir: name("workDir").default("."),
  /** Node version for generated workflows. */
  nodeVersion: z
    .string()
    .regex(/^\d+(\.\d+){0,2}$/, 'use a Node version such as "22"')
    .default("22"),
  /** This project is the bootstrap program itself (deploys with an org-admin OIDC token). */
  bootstrap: z.boolean().default(false),
  /** Extra `owner/repo@sha` patterns other workflows in this repository may use. */
  allowedActions: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./*-]+@[0-9a-f]{40}$/,
          "use owner/repo@<40-hex commit> (SHA pinning is required)",
        ),
    )
    .default([]),
  tiers: z.record(name("identifier"), projectTier),
});

const team = z.strictObject({
  name: name("team"),
  formerNames: z.array(name("team")).default([]),
  displayName: z.string().min(1).max(100).optional(),
  description: z.string().max(400).optional(),
  members: z.array(name("pulumiUser")).default([]),
  /** GitHub logins; when present the team is mirrored to a GitHub team with these members. */
  githubMembers: z.array(name("githubLogin")).optional(),
  /** Project name or "*" -> role. A project entry overrides "*". */
  access: z.record(z.string(), name("identifier")).default({}),
});

const webhook = z.strictObject({
  name: name("identifier"),
  url: z
    .string()
    .url("must be a URL")
    .refine((u) => u.startsWith("https://"), "must use https://"),
  format: z.enum(WEBHOOK_FORMATS).default("raw"),
  /** Org-wide when absent; otherwise every stack or environment of one tier. */
  scope: z
    .strictObject({
      tier: name("identifier"),
      kind: z.enum(["stacks", "environments"]),
    })
    .optional(),
  groups: z.array(z.enum(WEBHOOK_GROUPS)).optional(),
  filters: z.array(z.enum(WEBHOOK_FILTERS)).optional(),
  /** Name of a secret stack config key (`pulumi config set --secret <key>`) holding the HMAC key. */
  secretConfigKey: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "use a config key name such as securityWebhookSecret")
    .optional(),
  active: z.boolean().default(true),
});

/**
 * The scheduled audit: a workflow in the platform repository that runs `npm run audit` with a
 * read-only team token obtained by OIDC (see model/access.ts, "auditor").
 */
const auditSchedule = z.strictObject({
  /** When the audit runs (GitHub Actions schedules are in UTC). */
  cron,
  /** How many days of the Pulumi Cloud audit log each run reviews. */
  days: z.number().int().min(1).max(90).default(7),
});

export const orgConfigSchema = z.strictObject({
  organization: name("organization"),
  github: z.strictObject({
    owner: name("githubLogin"),
    /** Numeric GitHub organization id; looked up at deploy time when absent. */
    ownerId: z.number().int().positive().optional(),
    platformRepository: name("repository"),
    /** The team that owns `.github/workflows/` everywhere (CODEOWNERS). */
    platformTeam: name("team").optional(),
    /** App id of the GitHub App the bootstrap runs as: the only ruleset bypass. */
    bootstrapAppId: z.number().int().positive().optional(),
  }),
  defaults: z
    .strictObject({
      stackPermission: z.enum(["none", "read"]).default("none"),
      environmentPermission: z.enum(["none", "read"]).default("none"),
      membersCanCreateStacks: z.boolean().default(false),
      membersCanDeleteStacks: z.boolean().default(false),
      membersCanCreateTeams: z.boolean().default(false),
      maxAccessTokenExpiryDays: z.number().int().min(1).max(365).optional(),
    })
    .default({
      stackPermission: "none",
      environmentPermission: "none",
      membersCanCreateStacks: false,
      membersCanDeleteStacks: false,
      membersCanCreateTeams: false,
    }),
  /** Role name -> GitHub repository permission it implies on the repositories it reaches. */
  roles: z
    .record(name("identifier"), z.strictObject({ repository: z.enum(REPOSITORY_PERMISSIONS) }))
    .default({}),
  teams: z.array(team).min(1, "declare at least one team"),
  tiers: z.array(tier).min(1, "declare at least one tier"),
  projects: z.array(project).min(1, "declare at least one project"),
  oidc: z
    .strictObject({
      /** Lifetime of exchanged Pulumi tokens, in seconds (at most 12 hours). */
      maxExpirationSeconds: z.number().int().min(300).max(43200).default(3600),
    })
    .default({ maxExpirationSeconds: 3600 }),
  audit: z
    .strictObject({
      webhooks: z.array(webhook).default([]),
      /** Run the audit daily (or on any cron) in the platform repository. Off when absent. */
      schedule: auditSchedule.optional(),
    })
    .default({ webhooks: [] }),
});

export type OrgConfig = z.output<typeof orgConfigSchema>;
export type TeamConfig = OrgConfig["teams"][number];
export type TierConfig = OrgConfig["tiers"][number];
export type ProjectConfig = OrgConfig["projects"][number];
export type RolePolicy = TierConfig["roles"][string];
export type WebhookConfig = OrgConfig["audit"]["webhooks"][number];

/** The config keys, as they appear under the `secure-org:` namespace in a stack file. */
export const CONFIG_KEYS = Object.keys(orgConfigSchema.shape) as (keyof OrgConfig)[];

export interface ConfigIssue {
  /** e.g. `tiers[2].roles.developer.stack` */
  readonly path: string;
  readonly message: string;
}

export type Severity = "high" | "medium" | "low" | "info";

/** Something a reviewer should see: never an error, but never silent either. */
export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export type ValidationResult =
  | { ok: true; config: OrgConfig; warnings: Finding[] }
  | { ok: false; errors: ConfigIssue[]; warnings: Finding[] };

export class ConfigError extends Error {
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid secure-org config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
        issues.map((i) => `  ${formatIssue(i)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export const formatIssue = (i: ConfigIssue) => `${i.path || "(root)"}: ${i.message}`;

/** `["tiers", 2, "roles"]` -> `tiers[2].roles`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const key = String(part);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Turns zod issues into path-first messages that say how to fix the problem. */
function zodIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const shape = allowedKeysAt(issue.path, input);
          out.push({
            path: formatPath([...issue.path, key]),
            message:
              `unknown key "${key}"` +
              (shape.length ? `; allowed keys here: ${shape.join(", ")}` : "") +
              suggest(key, shape),
          });
        }
        break;
      case "invalid_type":
        out.push({
          path,
          message:
            value === undefined
              ? `is required (expected ${issue.expected})`
              : `expected ${issue.expected}, got ${describeType(value)}`,
        });
        break;
      case "invalid_value":
        out.push({
          path,
          message: `${JSON.stringify(value)} is not allowed; use one of: ${issue.values
            .map((v) => JSON.stringify(v))
            .join(", ")}`,
        });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** The keys allowed by the strict object at `path`, for "unknown key" messages. */
function allowedKeysAt(path: readonly PropertyKey[], input: unknown): string[] {
  // Walk the schema alongside the path, unwrapping defaults, optionals, arrays and records.
  let schema: unknown = orgConfigSchema;
  const unwrap = (s: unknown): unknown => {
    let cur = s as { def?: { type?: string; innerType?: unknown; element?: unknown } };
    for (let i = 0; i < 10 && cur?.def; i++) {
      const t = cur.def.type;
      if (
        (t === "default" || t === "optional" || t === "nullable" || t === "pipe") &&
        cur.def.innerType
      )
        cur = cur.def.innerType as typeof cur;
      else break;
    }
    return cur;
  };
  for (const part of path) {
    const s = unwrap(schema) as {
      def: { type: string; element?: unknown; valueType?: unknown };
      shape?: Record<string, unknown>;
    };
    if (s.def.type === "object" && s.shape && typeof part === "string") schema = s.shape[part];
    else if (s.def.type === "array") schema = s.def.element;
    else if (s.def.type === "record") schema = s.def.valueType;
    else return [];
  }
  void input;
  const s = unwrap(schema) as { def?: { type: string }; shape?: Record<string, unknown> };
  return s?.def?.type === "object" && s.shape ? Object.keys(s.shape) : [];
}

function suggest(key: string, allowed: readonly string[]): string {
  const lower = key.toLowerCase();
  const near = allowed.find(
    (a) => a.toLowerCase() === lower || editDistance(a.toLowerCase(), lower) <= 2,
  );
  return near ? ` (did you mean "${near}"?)` : "";
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length][b.length];
}

/**
 * Validates a raw org config (the `secure-org:*` keys without their namespace). Returns every
 * problem at once; never throws.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const parsed = orgConfigSchema.safeParse(raw);
  const errors: ConfigIssue[] = parsed.success ? [] : zodIssues(parsed.error, raw);
  const warnings: Finding[] = [];
  // Policy checks read the parsed config when the shape is right, otherwise the raw input
  // defensively, so reference and invariant problems are reported alongside shape problems.
  const view = parsed.success ? viewOf(parsed.data) : lenientView(raw);
  policyChecks(view, errors, warnings);
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = formatIssue(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length > 0 || !parsed.success) {
    return { ok: false, errors: unique, warnings };
  }
  return { ok: true, config: parsed.data, warnings };
}

/** Throws a `ConfigError` listing every problem, or returns the typed config. */
export function parseConfig(raw: unknown): { config: OrgConfig; warnings: Finding[] } {
  const r = validateConfig(raw);
  if (!r.ok) throw new ConfigError(r.errors);
  return { config: r.config, warnings: r.warnings };
}

// ---------------------------------------------------------------------------------------------
// Policy checks: references, duplicates, least privilege.

/** A best-effort read of malformed input: wrong-typed parts become empty, so checks skip them. */
type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => v !== null && typeof v === "object" && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Loose => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

interface LenientTier {
  name?: string;
  protected: boolean;
  roles: Record<string, { stack?: string; environment?: string; breakGlass?: unknown }>;
  deploy: {
    mode?: string;
    branch?: string;
    approvers: unknown[];
    requiredApprovals?: unknown;
  };
  driftDetection?: unknown;
}

interface View {
  github: { platformTeam?: string; platformRepository?: string };
  teams: { name?: string; members: unknown[]; githubMembers?: unknown[]; access: Loose }[];
  tiers: LenientTier[];
  projects: { name?: string; repository?: string; bootstrap: boolean; tiers: Loose }[];
  roles: Loose;
  webhooks: {
    name?: string;
    scope?: Loose;
    groups?: unknown;
    filters?: unknown;
    format?: string;
  }[];
  /** Whether `audit.schedule` is set (its shape is the schema's business). */
  auditSchedule: boolean;
}

function lenientView(raw: unknown): View {
  const r = obj(raw);
  const gh = obj(r.github);
  return {
    github: { platformTeam: str(gh.platformTeam), platformRepository: str(gh.platformRepository) },
    teams: arr(r.teams).map((t) => {
      const o = obj(t);
      return {
        name: str(o.name),
        members: arr(o.members),
        githubMembers: Array.isArray(o.githubMembers) ? o.githubMembers : undefined,
        access: obj(o.access),
      };
    }),
    tiers: arr(r.tiers).map((t) => {
      const o = obj(t);
      const d = obj(o.deploy);
      const roles: LenientTier["roles"] = {};
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
        },
        driftDetection: o.driftDetection,
      };
    }),
    projects: arr(r.projects).map((p) => {
      const o = obj(p);
      return {
        name: str(o.name),
        repository: str(o.repository),
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
      };
    }),
    auditSchedule: isObj(obj(r.audit).schedule),
  };
}

function viewOf(c: OrgConfig): View {
  return {
    github: c.github,
    teams: c.teams,
    tiers: c.tiers,
    projects: c.projects,
    roles: c.roles,
    webhooks: c.audit.webhooks,
    auditSchedule: c.audit.schedule !== undefined,
  };
}

function policyChecks(v: View, errors: ConfigIssue[], warnings: Finding[]): void {
  const err = (path: string, message: string) => errors.push({ path, message });

  duplicates(
    v.teams.map((t) => t.name),
    "teams",
    "team",
    err,
  );
  duplicates(
    v.tiers.map((t) => t.name),
    "tiers",
    "tier",
    err,
  );
  duplicates(
    v.projects.map((p) => p.name),
    "projects",
    "project",
    err,
  );
  duplicates(
    v.webhooks.map((w) => w.name),
    "audit.webhooks",
    "webhook",
    err,
  );

  const teamNames = new Set(v.teams.map((t) => t.name).filter(Boolean) as string[]);
  const tierByName = new Map(v.tiers.filter((t) => t.name).map((t) => [t.name as string, t]));
  const projectNames = new Set(v.projects.map((p) => p.name).filter(Boolean) as string[]);
  const rolesDefined = new Set(v.tiers.flatMap((t) => Object.keys(t.roles)));

  // Teams: members, access references.
  v.teams.forEach((t, ti) => {
    dupList(t.members, `teams[${ti}].members`, "member", err);
    if (t.githubMembers) dupList(t.githubMembers, `teams[${ti}].githubMembers`, "member", err);
    for (const [project, role] of Object.entries(t.access)) {
      const p = `teams[${ti}].access[${JSON.stringify(project)}]`;
      if (project !== "*" && !projectNames.has(project))
        err(p, `unknown project "${project}"; use "*" or one of: ${list(projectNames)}`);
      if (typeof role === "string" && !rolesDefined.has(role))
        err(
          p,
          `role "${role}" is not defined by any tier's roles; defined roles: ${list(rolesDefined)}`,
        );
    }
  });

  // Roles map: only roles that tiers define.
  for (const role of Object.keys(v.roles)) {
    if (!rolesDefined.has(role))
      err(
        `roles.${role}`,
        `role "${role}" is not defined by any tier; defined roles: ${list(rolesDefined)}`,
      );
  }

  // Machine team names must not collide with declared teams.
  const machineNames = new Map<string, string>();
  v.projects.forEach((p, pi) => {
    for (const tierName of Object.keys(p.tiers)) {
      const t = tierByName.get(tierName);
      if (!t || !p.name || !isPipeline(t.deploy.mode)) continue;
      const where = `projects[${pi}].tiers.${tierName}`;
      for (const purpose of ["deploy", "preview"] as const) {
        const n = machineTeamName(p.name, tierName, purpose);
        const other = machineNames.get(n);
        if (other && purpose === "deploy")
          err(
            where,
            `the pipeline team name "${n}" is also derived for ${other}; rename the project or tier so they differ`,
          );
        if (n.length > NAME_RULES.team.max)
          err(
            where,
            `the pipeline team name "${n}" is longer than ${NAME_RULES.team.max} characters; shorten the project or tier name`,
          );
        machineNames.set(n, where);
      }
    }
  });
  if (v.auditSchedule) machineNames.set(AUDITOR_TEAM, "audit.schedule");
  v.teams.forEach((t, ti) => {
    if (t.name && machineNames.has(t.name))
      err(
        `teams[${ti}].name`,
        `"${t.name}" is reserved for the pipeline identity of ${machineNames.get(t.name)}; rename the team`,
      );
  });

  // Tiers: least privilege and pipelines.
  v.tiers.forEach((t, ti) => {
    const base = `tiers[${ti}]`;
    for (const [role, policy] of Object.entries(t.roles)) {
      if (!t.protected) {
        if (policy.breakGlass !== undefined)
          err(
            `${base}.roles.${role}.breakGlass`,
            "break-glass only applies to protected tiers; remove it",
          );
        continue;
      }
      const elevated: string[] = [];
      if (
        policy.stack &&
        HUMAN_FORBIDDEN_STACK_ON_PROTECTED.includes(policy.stack as StackPermission)
      ) {
        elevated.push(`stack "${policy.stack}"`);
        if (policy.breakGlass === undefined)
          err(
            `${base}.roles.${role}.stack`,
            `"${policy.stack}" is not allowed on a protected tier: only the pipeline deploys there. ` +
              `Use "read" or "none", or declare roles.${role}.breakGlass with a justification`,
          );
      }
      if (
        policy.environment &&
        HUMAN_FORBIDDEN_ENV_ON_PROTECTED.includes(policy.environment as EnvironmentPermission)
      ) {
        elevated.push(`environment "${policy.environment}"`);
        if (policy.breakGlass === undefined)
          err(
            `${base}.roles.${role}.environment`,
            `"${policy.environment}" is not allowed on a protected tier: it decrypts or changes prod secrets. ` +
              `Use "read" or "none", or declare roles.${role}.breakGlass with a justification`,
          );
      }
      if (policy.breakGlass !== undefined && elevated.length === 0)
        err(
          `${base}.roles.${role}.breakGlass`,
          "this role holds no elevated permission; remove breakGlass",
        );
      if (policy.breakGlass !== undefined && elevated.length > 0)
        warnings.push({
          severity: "high",
          code: "break-glass",
          path: `${base}.roles.${role}`,
          message: `break-glass: role "${role}" holds ${elevated.join(" and ")} on protected tier "${t.name}"`,
        });
      if (policy.stack === "read")
        warnings.push({
          severity: "medium",
          code: "protected-stack-read",
          path: `${base}.roles.${role}.stack`,
          message:
            `role "${role}" has stack read on protected tier "${t.name}": stack read decrypts the ` +
            'stack\'s secret config. Use "none" unless the role must see outputs',
        });
    }

    const d = t.deploy;
    const pipeline = isPipeline(d.mode);
    if (t.protected && d.mode === "direct")
      err(
        `${base}.deploy.mode`,
        '"direct" is not allowed on a protected tier: use "github-actions" or "pulumi-deployments"',
      );
    if (pipeline && !d.branch)
      err(
        `${base}.deploy.branch`,
        `is required for deploy mode "${d.mode}" (the branch it deploys from)`,
      );
    if (!pipeline && d.mode !== undefined) {
      if (d.approvers.length > 0)
        err(
          `${base}.deploy.approvers`,
          'approvers need a pipeline; set deploy.mode to "github-actions" or "pulumi-deployments"',
        );
      if (d.requiredApprovals !== undefined)
        err(
          `${base}.deploy.requiredApprovals`,
          "requiredApprovals needs a pipeline with approvers",
        );
      if (d.branch !== undefined)
        err(
          `${base}.deploy.branch`,
          'a branch only applies to pipeline modes; remove it for "direct"',
        );
    }
    if (t.protected && pipeline && d.approvers.length === 0)
      err(`${base}.deploy.approvers`, "a protected tier needs at least one approver team");
    if (d.requiredApprovals !== undefined && d.approvers.length === 0 && pipeline)
      err(`${base}.deploy.requiredApprovals`, "set deploy.approvers too: who may approve?");
    const modes = effectiveModes(v, t);
    d.approvers.forEach((a, ai) => {
      if (typeof a !== "string") return;
      const p = `${base}.deploy.approvers[${ai}]`;
      if (!teamNames.has(a)) err(p, `unknown team "${a}"; declared teams: ${list(teamNames)}`);
      else if (modes.has("github-actions") && !v.teams.find((x) => x.name === a)?.githubMembers)
        err(
          p,
          `team "${a}" has no githubMembers: GitHub environment reviewers must be GitHub teams. ` +
            `Add githubMembers to that team`,
        );
    });
    dupList(d.approvers, `${base}.deploy.approvers`, "approver", err);
    if (t.driftDetection !== undefined && !modes.has("pulumi-deployments"))
      err(
        `${base}.driftDetection`,
        'drift schedules run through Pulumi Deployments: set deploy.mode (or a project\'s tier mode) to "pulumi-deployments", or remove driftDetection',
      );
    if (t.driftDetection !== undefined && !t.protected)
      warnings.push({
        severity: "info",
        code: "drift-unprotected",
        path: `${base}.driftDetection`,
        message: `drift detection on unprotected tier "${t.name}"`,
      });
  });

  // Projects: tiers, repositories, bootstrap.
  const bootstraps = v.projects.map((p, i) => [p, i] as const).filter(([p]) => p.bootstrap);
  if (bootstraps.length > 1)
    for (const [, i] of bootstraps.slice(1))
      err(`projects[${i}].bootstrap`, "only one project can be the bootstrap program");
  v.projects.forEach((p, pi) => {
    const base = `projects[${pi}]`;
    const tierNames = Object.keys(p.tiers);
    if (tierNames.length === 0)
      err(`${base}.tiers`, "list at least one tier this project deploys to");
    const stacks = new Map<string, string>();
    const envs = new Map<string, string>();
    for (const tn of tierNames) {
      const tp = `${base}.tiers.${tn}`;
      const t = tierByName.get(tn);
      if (!t) {
        err(tp, `unknown tier "${tn}"; declared tiers: ${list(new Set(tierByName.keys()))}`);
        continue;
      }
      const pt = obj(p.tiers[tn]);
      const stack = str(pt.stack) ?? tn;
      const env = str(pt.environment) ?? tn;
      if (stacks.has(stack))
        err(`${tp}.stack`, `stack "${stack}" is already used by tier ${stacks.get(stack)}`);
      if (envs.has(env))
        err(`${tp}.environment`, `environment "${env}" is already used by tier ${envs.get(env)}`);
      stacks.set(stack, tn);
      envs.set(env, tn);
      const override = str(pt.mode);
      if (override !== undefined && !isPipeline(t.deploy.mode))
        err(
          `${tp}.mode`,
          `tier "${tn}" deploys "${t.deploy.mode}"; a project can only switch between pipeline modes`,
        );
      if (p.bootstrap) {
        if ((override ?? t.deploy.mode) === "pulumi-deployments")
          err(
            `${tp}`,
            `the bootstrap project cannot deploy through Pulumi Deployments on tier "${tn}": a stack ` +
              'must not manage its own deployment settings. Use "github-actions"',
          );
      }
    }
    if (p.bootstrap && v.github.platformRepository && p.repository !== v.github.platformRepository)
      err(
        `${base}.repository`,
        `the bootstrap project lives in github.platformRepository ("${v.github.platformRepository}")`,
      );
  });

  // Platform team: needed for CODEOWNERS whenever a GitHub Actions pipeline exists.
  const anyActions = v.tiers.some((t) => effectiveModes(v, t).has("github-actions"));
  const pt = v.github.platformTeam;
  if (pt !== undefined) {
    const team = v.teams.find((t) => t.name === pt);
    if (!team)
      err("github.platformTeam", `unknown team "${pt}"; declared teams: ${list(teamNames)}`);
    else if (!team.githubMembers)
      err(
        "github.platformTeam",
        `team "${pt}" has no githubMembers; CODEOWNERS needs a GitHub team`,
      );
  } else if (anyActions) {
    err(
      "github.platformTeam",
      "is required when a tier deploys with github-actions: name the team that owns .github/workflows/ (CODEOWNERS)",
    );
  } else if (v.auditSchedule) {
    err(
      "github.platformTeam",
      "is required by audit.schedule: name the team that owns .github/workflows/ (CODEOWNERS) of the platform repository",
    );
  }

  // The scheduled audit runs in the platform repository with the bootstrap stack's config.
  if (v.auditSchedule) {
    const boot = v.projects.filter((p) => p.bootstrap);
    if (boot.length === 0)
      err(
        "audit.schedule",
        "the scheduled audit reads the bootstrap stack's config in the platform repository: " +
          "declare the bootstrap project (projects[].bootstrap: true)",
      );
    else if (Object.keys(boot[0].tiers).length !== 1)
      err(
        "audit.schedule",
        "the scheduled audit needs the bootstrap project to deploy exactly one stack (the one whose " +
          "Pulumi.<stack>.yaml it audits)",
      );
    v.projects.forEach((p, pi) => {
      if (p.repository !== v.github.platformRepository) return;
      const t = tierByName.get(AUDIT_GITHUB_ENVIRONMENT);
      if (!t || !(AUDIT_GITHUB_ENVIRONMENT in p.tiers)) return;
      const mode = str(obj(p.tiers[AUDIT_GITHUB_ENVIRONMENT]).mode) ?? t.deploy.mode;
      if (mode === "github-actions")
        err(
          `projects[${pi}].tiers.${AUDIT_GITHUB_ENVIRONMENT}`,
          `the GitHub environment "${AUDIT_GITHUB_ENVIRONMENT}" of the platform repository is ` +
            "reserved for the scheduled audit (audit.schedule); rename the tier",
        );
    });
  }

  // Webhooks.
  v.webhooks.forEach((w, wi) => {
    const base = `audit.webhooks[${wi}]`;
    const tierName = w.scope ? str(w.scope.tier) : undefined;
    if (tierName && !tierByName.has(tierName))
      err(
        `${base}.scope.tier`,
        `unknown tier "${tierName}"; declared tiers: ${list(new Set(tierByName.keys()))}`,
      );
    if (w.groups !== undefined && w.filters !== undefined)
      err(base, "set either groups or filters, not both");
    if (w.format === "pulumi_deployments" && !w.scope)
      err(
        `${base}.format`,
        '"pulumi_deployments" webhooks trigger deployments and need a stack scope',
      );
  });
}

/** The deploy modes the projects of a tier actually use (tier mode plus project overrides). */
function effectiveModes(v: View, t: LenientTier): Set<string> {
  const modes = new Set<string>();
  for (const p of v.projects) {
    if (!t.name || !(t.name in p.tiers)) continue;
    const override = str(obj(p.tiers[t.name]).mode);
    const m = override && isPipeline(t.deploy.mode) ? override : t.deploy.mode;
    if (m) modes.add(m);
  }
  if (modes.size === 0 && t.deploy.mode) modes.add(t.deploy.mode);
  return modes;
}

const isPipeline = (mode: string | undefined) =>
  mode === "github-actions" || mode === "pulumi-deployments";

function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length ? all.map((n) => `"${n}"`).join(", ") : "(none)";
}

function duplicates(
  names: (string | undefined)[],
  path: string,
  what: string,
  err: (p: string, m: string) => void,
): void {
  const first = new Map<string, number>();
  names.forEach((n, i) => {
    if (!n) return;
    const key = n.toLowerCase();
    if (first.has(key))
      err(
        `${path}[${i}].name`,
        `duplicate ${what} "${n}" (first declared at ${path}[${first.get(key)}])`,
      );
    else first.set(key, i);
  });
}

function dupList(
  values: unknown[],
  path: string,
  what: string,
  err: (p: string, m: string) => void,
) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (typeof v !== "string") return;
    const k = v.toLowerCase();
    if (seen.has(k)) err(`${path}[${i}]`, `duplicate ${what} "${v}"`);
    seen.add(k);
  });
}

/** Every name rule, exported for documentation and tests. */
export { NAME_RULES };
