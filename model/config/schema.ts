/**
 * The shape of the organization config: the permission and mode enums, the name, duration and
 * cron helpers, and the zod schema with its defaults. `orgConfigSchema` is the first validation
 * pass (types, unknown keys, enums and names); the policy checks in `./policy/` are the second.
 */
import { z } from "zod";
import { checkName, NameKind, CRON_CHARACTERS, CRON_FIELDS } from "../names";
import { guardrailsSchema } from "./guardrails";

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
  /** The guardrails policy pack and its policy groups (./guardrails.ts). */
  guardrails: guardrailsSchema,
});

export type OrgConfig = z.output<typeof orgConfigSchema>;
export type TeamConfig = OrgConfig["teams"][number];
export type TierConfig = OrgConfig["tiers"][number];
export type ProjectConfig = OrgConfig["projects"][number];
export type RolePolicy = TierConfig["roles"][string];
export type WebhookConfig = OrgConfig["audit"]["webhooks"][number];

/** The config keys, as they appear under the `secure-org:` namespace in a stack file. */
export const CONFIG_KEYS = Object.keys(orgConfigSchema.shape) as (keyof OrgConfig)[];
