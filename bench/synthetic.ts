/**
 * Synthetic org configs of any size, for the benchmark (`npm run bench`) and the large-config
 * tests. Pure and deterministic: the same arguments always give the same object, and nothing is
 * random, read from disk or taken from the clock.
 *
 * The shape follows the prod example (Pulumi.prod.yaml), scaled:
 * - `projects` application projects, each on the three tiers:
 *   - `dev`: deployed directly by developers (`direct`);
 *   - `staging`: a pipeline, the default CI's except every third project (Deployments mode);
 *   - `prod`: protected, a pipeline approved by the platform and security teams, the default
 *     CI's for even projects and Deployments mode for odd ones, with a drift schedule (which
 *     applies to the Deployments-mode ones);
 * - one application team per `projectsPerTeam` projects (developers of those projects), plus
 *   `platform` (maintainer everywhere, owns the workflows) and `security` (auditor everywhere,
 *   approves prod); every team is mirrored to GitHub;
 * - one repository per project, except that every fifth project shares the repository of the
 *   project before it (in its own work directory);
 * - three audit webhooks: one org-wide, two scoped to the prod tier (stacks, environments);
 * - the bootstrap project itself (`secure-org`, prod only, in the platform repository), unless
 *   `bootstrap: false`. It is not counted in `projects`.
 *
 * The result is the raw config (what the `secure-org:*` keys hold, without the namespace): pass
 * it to `validateConfig`, or to `syntheticEntries` and then `loadOrgConfig`.
 */
import { ConfigEntry, NAMESPACE } from "../model/load";
import { DEFAULT_CI, DEPLOYMENTS_MODE } from "../model/ci/registry";

export interface SyntheticOptions {
  /** Pulumi organization and GitHub owner. Default `synth`. */
  readonly organization?: string;
  /** Application projects per application team. Default 5. */
  readonly projectsPerTeam?: number;
  /** Every `shareEvery`-th project shares the previous project's repository. Default 5. */
  readonly shareEvery?: number;
  /** Add the bootstrap project (`secure-org`, prod tier only). Default true. */
  readonly bootstrap?: boolean;
  /** Add the audit webhooks. Default true. */
  readonly webhooks?: boolean;
  /**
   * Split the application projects into this many shards (`secure-org:shards`), contiguous runs
   * of projects cut at multiples of `shareEvery` so that no repository is split. Default: none.
   */
  readonly shards?: number;
}

export const SYNTHETIC_TIERS = ["dev", "staging", "prod"] as const;
export const SYNTHETIC_BOOTSTRAP_PROJECT = "secure-org";
export const SYNTHETIC_PLATFORM_REPOSITORY = "platform";
/** The secret config keys the webhooks name (see `syntheticEntries`). */
export const SYNTHETIC_SECRET_KEYS = ["securityWebhookSecret", "siemWebhookSecret"] as const;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Name of the i-th (0-based) application project of a config with `projects` projects. */
export function syntheticProjectName(i: number, projects: number): string {
  return `svc-${pad(i, Math.max(3, String(projects - 1).length))}`;
}

/** Raw config with `projects` application projects; see the module comment for its shape. */
export function syntheticConfig(
  projects: number,
  opts: SyntheticOptions = {},
): Record<string, unknown> {
  const shape = resolveShape(projects, opts);
  return {
    organization: shape.organization,
    github: {
      owner: shape.organization,
      platformRepository: SYNTHETIC_PLATFORM_REPOSITORY,
      platformTeam: "platform",
    },
    defaults: {
      stackPermission: "none",
      environmentPermission: "none",
      membersCanCreateStacks: false,
      membersCanDeleteStacks: false,
      membersCanCreateTeams: false,
      maxAccessTokenExpiryDays: 90,
    },
    roles: {
      developer: { repository: "push" },
      maintainer: { repository: "maintain" },
      // Security approves prod: approvals count on GitHub only from write access.
      auditor: { repository: "push" },
    },
    teams: syntheticTeams(shape),
    tiers: syntheticTiers(shape),
    projects: syntheticProjects(shape),
    oidc: { maxExpirationSeconds: 3600 },
    audit: syntheticAudit(shape),
    ...(shape.shards > 0 ? { shards: syntheticShards(shape) } : {}),
  };
}

/** Names of the shards of a config split into `shards` (the same for any number of projects). */
export function syntheticShardNames(shards: number): string[] {
  const width = Math.max(2, String(shards - 1).length);
  return Array.from({ length: shards }, (_, i) => `s${pad(i, width)}`);
}

/** Contiguous runs of projects, cut at multiples of `shareEvery` (a shared repository stays whole). */
function syntheticShards({ projects, shards, shareEvery }: Shape): Record<string, unknown>[] {
  const names = syntheticShardNames(shards);
  const blocks = Math.ceil(projects / shareEvery);
  return names.map((name, i) => {
    const from = Math.floor((blocks * i) / shards) * shareEvery;
    const to = Math.min(projects, Math.floor((blocks * (i + 1)) / shards) * shareEvery);
    return {
      name,
      projects: Array.from({ length: to - from }, (_, k) =>
        syntheticProjectName(from + k, projects),
      ),
    };
  });
}

/** The options with their defaults, checked. */
interface Shape {
  readonly projects: number;
  readonly organization: string;
  readonly perTeam: number;
  readonly shareEvery: number;
  readonly bootstrap: boolean;
  readonly webhooks: boolean;
  readonly shards: number;
}

function resolveShape(projects: number, opts: SyntheticOptions): Shape {
  if (!Number.isInteger(projects) || projects < 1)
    throw new Error(`projects must be a positive integer, got ${projects}`);
  const perTeam = opts.projectsPerTeam ?? 5;
  const shareEvery = opts.shareEvery ?? 5;
  if (!Number.isInteger(perTeam) || perTeam < 1)
    throw new Error(`projectsPerTeam must be a positive integer, got ${perTeam}`);
  if (!Number.isInteger(shareEvery) || shareEvery < 2)
    throw new Error(`shareEvery must be an integer of at least 2, got ${shareEvery}`);
  const shards = opts.shards ?? 0;
  if (!Number.isInteger(shards) || shards < 0 || shards * shareEvery > projects)
    throw new Error(`shards must be an integer from 0 to ${Math.floor(projects / shareEvery)}`);
  return {
    projects,
    organization: opts.organization ?? "synth",
    perTeam,
    shareEvery,
    bootstrap: opts.bootstrap ?? true,
    webhooks: opts.webhooks !== false,
    shards: opts.shards ?? 0,
  };
}

/** `platform` and `security`, then one application team per `perTeam` projects. */
function syntheticTeams({ projects, perTeam, bootstrap }: Shape): Record<string, unknown>[] {
  // The bootstrap project is named, never reached through "*" (issue 24).
  const named = (role: string): Record<string, string> =>
    bootstrap ? { [SYNTHETIC_BOOTSTRAP_PROJECT]: role } : {};
  const teamCount = Math.ceil(projects / perTeam);
  const teamWidth = Math.max(3, String(teamCount - 1).length);
  const teamName = (t: number) => `team-${pad(t, teamWidth)}`;
  const appTeams = Array.from({ length: teamCount }, (_, t) => {
    const access: Record<string, string> = {};
    for (let i = t * perTeam; i < Math.min(projects, (t + 1) * perTeam); i++)
      access[syntheticProjectName(i, projects)] = "developer";
    const name = teamName(t);
    return {
      name,
      description: `Developers of ${Object.keys(access).join(", ")}`,
      members: [`${name}-a`, `${name}-b`],
      githubMembers: [`${name}-a-gh`, `${name}-b-gh`],
      access,
    };
  });
  return [
    {
      name: "platform",
      description: "Owns the bootstrap, pipelines and shared infrastructure",
      members: ["platform-a", "platform-b"],
      githubMembers: ["platform-a-gh", "platform-b-gh"],
      access: { "*": "maintainer", ...named("maintainer") },
    },
    {
      name: "security",
      description: "Reviews access and audit logs; approves production changes",
      members: ["security-a"],
      githubMembers: ["security-a-gh"],
      access: { "*": "auditor", ...named("auditor") },
    },
    ...appTeams,
  ];
}

/** `dev` (direct), `staging` (a pipeline) and `prod` (protected, approved, drift-checked). */
function syntheticTiers({ projects }: Shape): Record<string, unknown>[] {
  return [
    {
      name: "dev",
      roles: {
        developer: { stack: "write", environment: "open" },
        maintainer: { stack: "admin", environment: "admin" },
        auditor: { stack: "read", environment: "read" },
      },
      deploy: { mode: "direct" },
    },
    {
      name: "staging",
      roles: {
        developer: { stack: "read", environment: "read" },
        maintainer: { stack: "read", environment: "read" },
        auditor: { stack: "read", environment: "read" },
      },
      deploy: {
        mode: DEFAULT_CI,
        branch: "main",
        approvers: ["platform"],
        requiredApprovals: 1,
        // Previews open the staging environment, which developers only read: each preview run
        // waits for a platform engineer's approval in its own GitHub environment.
        reviewedPreviews: true,
      },
    },
    {
      name: "prod",
      protected: true,
      roles: {
        developer: { stack: "none", environment: "none" },
        maintainer: { stack: "none", environment: "read" },
        auditor: { stack: "none", environment: "read" },
      },
      deploy: {
        mode: DEFAULT_CI,
        branch: "main",
        approvers: ["platform", "security"],
        requiredApprovals: 2,
      },
      // Drift schedules need a Deployments-mode stack: with one project there is none.
      ...(projects > 1
        ? { driftDetection: { schedule: "0 */6 * * *", autoRemediate: false } }
        : {}),
    },
  ];
}

/** The application projects on their tiers, then the bootstrap project (unless disabled). */
function syntheticProjects({ projects, shareEvery, bootstrap }: Shape): Record<string, unknown>[] {
  const projectName = (i: number) => syntheticProjectName(i, projects);
  // Every shareEvery-th project (i % shareEvery === shareEvery - 1) lives in the previous
  // project's repository.
  const repositoryOf = (i: number): string =>
    i % shareEvery === shareEvery - 1 && i > 0 ? repositoryOf(i - 1) : `${projectName(i)}-infra`;

  const appProjects = Array.from({ length: projects }, (_, i) => {
    const name = projectName(i);
    const repository = repositoryOf(i);
    const tiers: Record<string, Record<string, unknown>> = {
      dev: {},
      // Deployments previews run with an admin token on the stack: none on staging.
      staging: i % 3 === 2 ? { mode: DEPLOYMENTS_MODE, previewPullRequests: false } : {},
      prod: i % 2 === 1 ? { mode: DEPLOYMENTS_MODE } : {},
    };
    // A few projects name their prod stack differently from the tier.
    if (i % 7 === 3) tiers.prod = { ...tiers.prod, stack: "production" };
    return {
      name,
      description: `Synthetic service ${i}`,
      repository,
      // Pin the repository id of every fourth project; the others are looked up at deploy time.
      ...(i % 4 === 0 ? { repositoryId: 600_000_000 + i } : {}),
      workDir: `infra/${name}`,
      tiers,
    };
  });
  return [
    ...appProjects,
    ...(bootstrap
      ? [
          {
            name: SYNTHETIC_BOOTSTRAP_PROJECT,
            description: "This bootstrap program; it deploys through the pipeline it generates",
            repository: SYNTHETIC_PLATFORM_REPOSITORY,
            bootstrap: true,
            tiers: { prod: {} },
          },
        ]
      : []),
  ];
}

/** Three audit webhooks (org-wide, prod stacks, prod environments), or none. */
function syntheticAudit({ webhooks }: Shape): { webhooks: Record<string, unknown>[] } {
  if (!webhooks) return { webhooks: [] };
  return {
    webhooks: [
      {
        name: "security",
        url: "https://hooks.example.com/pulumi",
        format: "slack",
        groups: ["stacks", "deployments", "environments"],
        secretConfigKey: "securityWebhookSecret",
      },
      {
        name: "prod-failures",
        url: "https://siem.example.com/pulumi/prod",
        scope: { tier: "prod", kind: "stacks" },
        filters: ["update_failed", "deployment_failed", "drift_detected", "drift_detection_failed"],
        secretConfigKey: "siemWebhookSecret",
      },
      {
        name: "prod-environments",
        url: "https://siem.example.com/pulumi/esc",
        scope: { tier: "prod", kind: "environments" },
        filters: ["environment_revision_created", "environment_revision_retracted"],
        secretConfigKey: "siemWebhookSecret",
      },
    ],
  };
}

/**
 * The raw config as the stack config entries `loadOrgConfig` reads (`secure-org:<key>`), with
 * placeholder secrets for the keys the webhooks name.
 */
export function syntheticEntries(raw: Record<string, unknown>): Record<string, ConfigEntry> {
  const entries: Record<string, ConfigEntry> = {};
  for (const [key, value] of Object.entries(raw))
    entries[`${NAMESPACE}:${key}`] = { value, secret: false };
  const webhooks = (raw.audit as { webhooks?: { secretConfigKey?: string }[] } | undefined)
    ?.webhooks;
  for (const w of webhooks ?? [])
    if (w.secretConfigKey)
      entries[`${NAMESPACE}:${w.secretConfigKey}`] = { value: "[secret]", secret: true };
  return entries;
}
