/**
 * The shape of the organization config: the permission and mode enums, the name, duration and
 * cron helpers, and the zod schema with its defaults. `orgConfigSchema` is the first validation
 * pass (types, unknown keys, enums and names); the policy checks in `./policy/` are the second.
 */
import { z } from "zod";
import { formatMinutes, MAX_ELEVATION_MINUTES, parseDuration } from "../duration";
import { checkReasonText, hasBidiControls } from "../text";
import { checkWebhookUrl } from "../webhookUrl";
import { nullPrototype } from "./reserved";
import { checkName, NameKind, CRON_CHARACTERS, CRON_FIELDS } from "../names";
import { adoptedPolicySchema, adoptRecordSchema, guardSchema } from "./adoption";
import {
  DEPLOY_MODES,
  DEPLOYMENT_TRIGGERS,
  projectTierCiKeys,
  PIPELINE_MODES,
  REPOSITORY_HOSTS,
} from "./ci";
import { guardrailsSchema } from "./guardrails";
import { shardsSchema } from "./shards";
import { imagesSchema } from "./images";
import { cloudSchema } from "./cloud";

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
/** The longest token a generated job asks for (seconds); issuers allow no more by default. */
export const MAX_JOB_TOKEN_SECONDS = 3600;

export { DEPLOY_MODES };
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
export const DEFAULT_ROLE_REPOSITORY_PERMISSION: ReadonlyMap<string, RepositoryPermission> =
  new Map([
    ["developer", "push"],
    ["maintainer", "maintain"],
    ["auditor", "pull"],
  ]);

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

/** A duration of hours and minutes, not zero, with no leading zeros (see model/duration.ts). */
const duration = z.string().superRefine((value, ctx) => {
  const parsed = parseDuration(value);
  if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
});

/** A duration that bounds an elevated session: at most MAX_ELEVATION_MINUTES. */
const elevationBound = duration.superRefine((value, ctx) => {
  const parsed = parseDuration(value);
  if ("minutes" in parsed && parsed.minutes > MAX_ELEVATION_MINUTES)
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is longer than ${formatMinutes(MAX_ELEVATION_MINUTES)}: elevated access is bounded to a day at most`,
    });
});

/**
 * Free text whose presence is a control (a justification): at least `min` visible characters,
 * mostly words, no bidirectional controls. See model/text.ts.
 */
const reason = (min: number) =>
  z.string().superRefine((value, ctx) => {
    const problem = checkReasonText(value, min);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Free text shown to reviewers (descriptions): no bidirectional controls. */
const prose = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasBidiControls(s), {
      message:
        "contains bidirectional control characters, which make the text read differently from what is stored; remove them",
    });

/** A map keyed by names, as a null-prototype object (names are data, never object keys). */
const nameMap = <V extends z.ZodType>(key: z.ZodType<string>, value: V) =>
  z.record(key, value).transform((r) => nullPrototype(r));

const cron = z
  .string()
  .regex(
    CRON_FIELDS,
    'use a 5-field cron expression such as "0 */6 * * *" (minute hour day month weekday)',
  )
  .regex(
    CRON_CHARACTERS,
    "cron fields may only contain digits, '*', '/', ',', '-' and the names JAN-DEC and SUN-SAT",
  );

const rolePolicy = z.strictObject({
  stack: z.enum(STACK_PERMISSIONS),
  environment: z.enum(ENVIRONMENT_PERMISSIONS),
  /**
   * Declares an elevated human grant on a protected tier as deliberate. It is always reported in
   * the plan and the audit; never silent.
   */
  breakGlass: z
    .strictObject({
      justification: reason(20),
      /**
       * Per use (the default): teams whose members approve each open request of the break-glass
       * environment `<project>/<environment>-breakglass` (an ESC open gate); never the requesting
       * team nor a team sharing a member with it (docs/break-glass.md).
       */
      approvers: z.array(name("team")).optional(),
      /** Approvals each request needs (per use), 1 by default. */
      requiredApprovals: z.number().int().min(1).max(6).optional(),
      /**
       * How long an approved grant may be used (per use), or one open session may last (standing);
       * at most `defaults.maxBreakGlassDuration`.
       */
      maxDuration: elevationBound.optional(),
      /** The former name of `maxDuration`. */
      maxOpenDuration: elevationBound.optional(),
      /**
       * A standing grant (usable at any moment without approval), only with its own written
       * reason; always reported high.
       */
      standing: z.boolean().optional(),
      standingJustification: reason(20).optional(),
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
   * Run `pulumi preview` on pull requests. Default: true on unprotected tiers and with
   * reviewedPreviews, false otherwise on protected ones (a PR preview runs the PR's code with a
   * token that decrypts the tier's config).
   */
  previewPullRequests: z.boolean().optional(),
  /**
   * Run pull-request previews in a GitHub environment (`<tier>-preview`) whose required reviewers
   * are this tier's approvers: a reviewer's approval of the run, not the push of a branch, gates
   * the preview token, and its OIDC policy pins that environment. The way to keep previews that
   * need more than the repository's writers hold (the default CI only).
   */
  reviewedPreviews: z.boolean().default(false),
  /** Also allow deploys from a manual `workflow_dispatch` on the tier's branch. */
  manualDispatch: z.boolean().default(false),
  /** Minutes before a deploy job is cancelled. */
  timeoutMinutes: z.number().int().min(5).max(360).default(60),
  /** Deployments mode: started by the GitHub App (default) or by a CI job through the REST API. */
  trigger: z.enum(DEPLOYMENT_TRIGGERS).optional(),
});

const tier = z.strictObject({
  name: name("identifier"),
  /** Former names of this tier, so renaming it does not replace anything (aliases). */
  formerNames: z.array(name("identifier")).default([]),
  protected: z.boolean().default(false),
  roles: nameMap(name("identifier"), rolePolicy),
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
  mode: z.enum(PIPELINE_MODES).optional(),
  /** This project's own choice of pull-request previews (default: the tier's). */
  previewPullRequests: z.boolean().optional(),
  /** The CI that runs this pipeline, how it identifies itself, and how Deployments start (ci.ts). */
  ...projectTierCiKeys,
  /**
   * The cloud identity this environment logs in as, through `<environment>-cloud`, an ESC
   * environment secure-org owns and the environment imports (./cloud.ts, docs/cloud-credentials.md).
   */
  cloud: cloudSchema.optional(),
});

const project = z.strictObject({
  name: name("project"),
  formerNames: z.array(name("project")).default([]),
  description: prose(200).optional(),
  repository: name("repository"),
  /**
   * Where the repository lives; default: the host a CI unit implies for its pipelines
   * (model/ci/registry.ts), github otherwise. Only GitHub repositories get files, rulesets and teams.
   */
  repositoryHost: z.enum(REPOSITORY_HOSTS).optional(),
  /** Numeric GitHub repository id; looked up at deploy time when absent. */
  repositoryId: z.number().int().positive().optional(),
  /** The repository's default branch (its ruleset target and the PR base). */
  defaultBranch: name("branch").default("main"),
  /**
   * Branches besides the default branch that the repository's rulesets protect (reviewed pull
   * requests, no force push or deletion): the only other branches a protected tier may deploy from.
   */
  protectedBranches: z.array(name("branch")).default([]),
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
  tiers: nameMap(name("identifier"), projectTier),
});

/** What a role implies on GitHub; `admin` on a repository that deploys a protected tier needs break-glass. */
const roleRepository = z.strictObject({
  repository: z.enum(REPOSITORY_PERMISSIONS),
  /**
   * Declares `repository: admin` on repositories that deploy a protected tier as deliberate: a
   * repository admin can edit the ruleset and the environment reviewers. Always reported.
   */
  breakGlass: z.strictObject({ justification: reason(20) }).optional(),
});

const team = z.strictObject({
  name: name("team"),
  formerNames: z.array(name("team")).default([]),
  displayName: prose(100).min(1).optional(),
  description: prose(400).optional(),
  members: z.array(name("pulumiUser")).default([]),
  /** GitHub logins; when present the team is mirrored to a GitHub team with these members. */
  githubMembers: z.array(name("githubLogin")).optional(),
  /** Project name or "*" -> role. A project entry overrides "*". */
  access: nameMap(z.string(), name("identifier")).prefault({}),
});

/** A stack config key (under `secure-org:`) that must be set with `--secret`. */
const secretKeyName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "use a config key name such as securityWebhookSecret");

const webhook = z.strictObject({
  name: name("identifier"),
  /** The name Pulumi Cloud shows (org-wide webhooks only); default `secure-org <name>`. */
  displayName: prose(100).min(1).optional(),
  /** Where events are delivered; must carry no credentials (use urlSecretConfigKey for those). */
  url: z
    .string()
    .superRefine((value, ctx) => {
      const problem = checkWebhookUrl(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  /**
   * Name of a secret stack config key holding the whole URL, for endpoints whose URL is itself a
   * credential (Slack, Microsoft Teams, a token in the query): `pulumi config set --secret`.
   */
  urlSecretConfigKey: secretKeyName.optional(),
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
  secretConfigKey: secretKeyName.optional(),
  active: z.boolean().default(true),
});

/**
 * The scheduled audit: a workflow in the platform repository that runs `npm run audit` with a
 * read-only team token obtained by OIDC (see model/access.ts, "auditor").
 */
const auditSchedule = z.strictObject({
  /** When the audit runs (the default CI's schedules are in UTC). */
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
      /**
       * The longest break-glass environment session any role may declare (`maxOpenDuration`):
       * 24h at most, lower if the organization wants.
       */
      maxBreakGlassDuration: elevationBound.default("24h"),
      /** Members may transfer stacks out of the organization (data leaves with them). */
      membersCanTransferStacks: z.boolean().default(false),
      /** Members may invite outside collaborators to stacks. */
      membersCanInviteCollaborators: z.boolean().default(false),
      /** Members may create Insights accounts (cloud scanning credentials). */
      membersCanCreateAccounts: z.boolean().default(false),
      /** Default permission of every member on Insights accounts. */
      accountPermission: z.enum(["none", "read"]).default("none"),
      /** At most this many organization admins (`admins`); more is refused. */
      maxAdmins: z.number().int().min(1).max(10).default(3),
      /**
       * Use Pulumi Cloud custom roles (Enterprise and above): a deployment role so that Pulumi
       * Deployments opens only the environments of the stacks it deploys, and an auditor role that
       * reads the audit log and OIDC issuers for the scheduled audit.
       */
      customRoles: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Organization admins (Pulumi Cloud logins): they bypass every grant, so they are few, declared
   * and audited. The deploying identity must be one of them.
   */
  admins: z.array(name("pulumiUser")).default([]),
  /**
   * Organization members who are in no team (every team member is a member already): declared so
   * the audit can tell a stray member from an intended one.
   */
  members: z.array(name("pulumiUser")).default([]),
  /** Role name -> GitHub repository permission it implies on the repositories it reaches. */
  roles: nameMap(name("identifier"), roleRepository).prefault({}),
  teams: z.array(team).min(1, "declare at least one team"),
  tiers: z.array(tier).min(1, "declare at least one tier"),
  projects: z.array(project).min(1, "declare at least one project"),
  oidc: z
    .strictObject({
      /**
       * Lifetime of exchanged Pulumi tokens, in seconds: what the generated jobs need and no more
       * (they ask for at most MAX_JOB_TOKEN_SECONDS).
       */
      maxExpirationSeconds: z
        .number()
        .int()
        .min(300, "at least 300 seconds: a job needs time to run")
        .max(
          MAX_JOB_TOKEN_SECONDS,
          `at most ${MAX_JOB_TOKEN_SECONDS} seconds: no generated job asks for a longer-lived token, and a longer lifetime only helps whoever steals one`,
        )
        .default(MAX_JOB_TOKEN_SECONDS),
      /** Policies that existed when the organization was adopted, kept as they are (reported). */
      adoptedPolicies: z.array(adoptedPolicySchema).default([]),
      /**
       * OIDC issuers managed outside this program that the audit accepts (any other issuer with an
       * allow policy is reported as high). Each says why it exists.
       */
      additionalIssuers: z
        .array(
          z.strictObject({
            url: z
              .string()
              .refine((u) => /^https:\/\/[^\s@/]+(\/\S*)?$/.test(u), "use an https:// issuer URL"),
            reason: reason(20),
          }),
        )
        .default([]),
    })
    .prefault({}),
  audit: z
    .strictObject({
      webhooks: z.array(webhook).default([]),
      /** Run the audit daily (or on any cron) in the platform repository. Off when absent. */
      schedule: auditSchedule.optional(),
    })
    .prefault({}),
  /** The mass-removal guard (see ./adoption.ts). */
  guard: guardSchema,
  /** What `npm run adopt` found in the live organization: imported, not created (./adoption.ts). */
  adopt: adoptRecordSchema.optional(),
  /** The guardrails policy pack and its policy groups (./guardrails.ts). */
  guardrails: guardrailsSchema,
  /** The core stack and the shards that each own a set of projects (./shards.ts). */
  shards: shardsSchema,
  /** The digest of the image the generated non-GitHub jobs run in (./images.ts). */
  images: imagesSchema,
});

export type OrgConfig = z.output<typeof orgConfigSchema>;
export type TeamConfig = OrgConfig["teams"][number];
export type TierConfig = OrgConfig["tiers"][number];
export type ProjectConfig = OrgConfig["projects"][number];
export type RolePolicy = TierConfig["roles"][string];
export type WebhookConfig = OrgConfig["audit"]["webhooks"][number];

/** The config keys, as they appear under the `secure-org:` namespace in a stack file. */
export const CONFIG_KEYS = Object.keys(orgConfigSchema.shape) as (keyof OrgConfig)[];
