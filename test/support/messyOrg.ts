/**
 * A messy organization to adopt (issue 17): 11 teams (one synced from GitHub, one whose name our
 * rules refuse, one pre-existing pipeline team), 24 stacks of 8 projects over 4 tiers (named
 * `production`, `live`, `stage`, `uat`, `sandbox`, ... and one stack that collides with another
 * on its tier), ESC environments (some missing, one in a project with no stack), a wildcard OIDC
 * policy, a human team with write on every production stack and one with open on production
 * environments, org defaults above none, Pulumi Deployments settings and drift schedules on two
 * production stacks, ESC approval rules, org, stack and environment webhooks; and its GitHub side
 * (teams, members with roles, repository permissions, an environment with a branch policy, a
 * ruleset, a CODEOWNERS file, Actions settings).
 */
import type { LiveOrg, LiveTeamFull } from "../../adopt/live";

export const ORG = "acme";
export const OWNER_ID = 1001;
export const READ_AT = "2026-11-25T12:00:00.000Z";

/** Project -> [repository, repository id, work dir, stacks]. */
export const PROJECTS: Readonly<Record<string, [string, number, string | undefined, string[]]>> = {
  payments: ["payments-infra", 2001, "infra", ["dev", "staging", "prod"]],
  web: ["web-app", 2002, "deploy", ["development", "staging", "production"]],
  storefront: ["storefront-infra", 2003, undefined, ["dev", "stage", "prod"]],
  data: ["data-infra", 2004, undefined, ["dev", "staging", "prod"]],
  mobile: ["mobile-infra", 2005, undefined, ["dev", "staging", "prod"]],
  identity: ["identity-infra", 2006, undefined, ["dev", "uat", "live"]],
  analytics: ["analytics-infra", 2007, undefined, ["dev", "prod", "prod-eu"]],
  reporting: ["reporting", 2008, undefined, ["sandbox", "qa", "prod"]],
};

/** The tier each stack means (what adopt must infer). */
export const TIER_OF: Readonly<Record<string, string>> = {
  dev: "dev",
  development: "dev",
  sandbox: "dev",
  qa: "test",
  staging: "staging",
  stage: "staging",
  uat: "staging",
  prod: "prod",
  production: "prod",
  live: "prod",
};

const stacksOfTier = (tier: string) =>
  Object.entries(PROJECTS).flatMap(([p, [, , , stacks]]) =>
    stacks.filter((s) => TIER_OF[s] === tier).map((s) => ({ project: p, stack: s })),
  );

const ENVIRONMENTS = [
  "payments/dev",
  "payments/staging",
  "payments/prod",
  "web/dev",
  "web/prod",
  "storefront/dev",
  "storefront/staging",
  "storefront/prod",
  "data/dev",
  "data/prod",
  "mobile/dev",
  "mobile/prod",
  "identity/dev",
  "identity/staging",
  "identity/live",
  "analytics/prod",
  "reporting/prod",
  "default/shared-secrets",
].map((k) => ({ project: k.split("/")[0], name: k.split("/")[1] }));

const prodEnvs = ENVIRONMENTS.filter((e) => ["prod", "live"].includes(e.name));
const devEnvs = ENVIRONMENTS.filter((e) => e.name === "dev");

function team(
  name: string,
  members: string[],
  grants: Partial<Pick<LiveTeamFull, "stacks" | "environments">>,
  extra: Partial<LiveTeamFull> = {},
): LiveTeamFull {
  return {
    name,
    kind: "pulumi",
    displayName: name,
    description: `The ${name} team`,
    members,
    stacks: grants.stacks ?? [],
    environments: grants.environments ?? [],
    ...extra,
  };
}

const onTier = (tier: string, permission: number) =>
  stacksOfTier(tier).map((s) => ({ ...s, permission }));

/** The teams: declared ones, a pipeline team, one synced from GitHub, one misnamed. */
function messyTeams(): LiveTeamFull[] {
  return [
    team(
      "platform",
      ["alice", "bob"],
      {
        stacks: [
          ...onTier("dev", 103),
          ...onTier("test", 103),
          ...onTier("staging", 103),
          // A human team with write on every production stack.
          ...onTier("prod", 102),
          { project: "analytics", stack: "prod-eu", permission: 102 },
        ],
        environments: [
          ...devEnvs.map((e) => ({ ...e, permission: "admin" })),
          ...prodEnvs.map((e) => ({ ...e, permission: "read" })),
        ],
      },
      { displayName: "Platform Engineering", description: "Owns shared infrastructure" },
    ),
    team("payments", ["carol", "dave"], {
      stacks: [
        { project: "payments", stack: "dev", permission: 102 },
        { project: "payments", stack: "staging", permission: 101 },
      ],
      environments: [
        { project: "payments", name: "dev", permission: "open" },
        { project: "payments", name: "staging", permission: "read" },
      ],
    }),
    team("web", ["frank", "grace"], {
      stacks: [
        { project: "web", stack: "development", permission: 102 },
        { project: "web", stack: "staging", permission: 101 },
        { project: "storefront", stack: "dev", permission: 102 },
        { project: "storefront", stack: "stage", permission: 101 },
      ],
      environments: [
        { project: "web", name: "dev", permission: "open" },
        { project: "storefront", name: "dev", permission: "open" },
        { project: "storefront", name: "staging", permission: "read" },
      ],
    }),
    team("data", ["heidi", "ivan"], {
      stacks: [
        { project: "data", stack: "dev", permission: 102 },
        { project: "data", stack: "staging", permission: 101 },
      ],
      environments: [{ project: "data", name: "dev", permission: "open" }],
    }),
    team("security", ["erin"], {
      stacks: Object.entries(PROJECTS).flatMap(([p, [, , , stacks]]) =>
        stacks.filter((s) => TIER_OF[s]).map((s) => ({ project: p, stack: s, permission: 101 })),
      ),
      environments: prodEnvs.map((e) => ({ ...e, permission: "read" })),
    }),
    // Break-glass style: open on two production environments, one-hour sessions.
    team("sre", ["judy", "mallory"], {
      stacks: [
        { project: "payments", stack: "prod", permission: 101 },
        { project: "web", stack: "production", permission: 101 },
      ],
      environments: [
        { project: "payments", name: "prod", permission: "open", maxOpenDuration: "1h0m0s" },
        { project: "web", name: "prod", permission: "open", maxOpenDuration: "1h0m0s" },
      ],
    }),
    ...moreTeams(),
  ];
}

/** Smaller teams, a pipeline team from an earlier setup, one synced from GitHub, one misnamed. */
function moreTeams(): LiveTeamFull[] {
  return [
    team("mobile", ["oscar", "peggy"], {
      stacks: [{ project: "mobile", stack: "dev", permission: 102 }],
      environments: [{ project: "mobile", name: "dev", permission: "open" }],
    }),
    team(
      "contractors",
      ["trent"],
      { stacks: [{ project: "web", stack: "development", permission: 102 }] },
      { description: "" },
    ),
    team("qa", ["walter"], { stacks: [...onTier("staging", 101), ...onTier("test", 101)] }),
    // A pipeline team from an earlier setup, named as the program names analytics' deploy team.
    team(
      "analytics-prod-deploy",
      [],
      {
        stacks: [{ project: "analytics", stack: "prod", permission: 102 }],
        environments: [{ project: "analytics", name: "prod", permission: "open" }],
      },
      { displayName: "analytics-prod-deploy", description: "CI for analytics" },
    ),
    // Synced from GitHub: left unmanaged, and its production access is reported.
    team(
      "legacy-ops",
      ["victor"],
      {
        stacks: [{ project: "payments", stack: "prod", permission: 102 }],
        environments: [{ project: "payments", name: "prod", permission: "open" }],
      },
      { kind: "github" },
    ),
    // A name our rules refuse (upper case).
    team("DataScience", ["yvonne"], {
      stacks: [{ project: "data", stack: "dev", permission: 101 }],
    }),
  ];
}

/** Every stack with its tags (no vcs tags on reporting: its repository is guessed). */
function messyStacks(): LiveOrg["stacks"][number][] {
  return Object.entries(PROJECTS).flatMap(([project, [repo, , , names]]) =>
    names.map((stack) => ({
      project,
      stack,
      tags: {
        "pulumi:project": project,
        "pulumi:runtime": "nodejs",
        ...(project === "reporting"
          ? {}
          : { "vcs:owner": ORG, "vcs:repo": repo, "vcs:kind": "github.com" }),
      } as Record<string, string>,
    })),
  );
}

function messyIssuers(): LiveOrg["oidcIssuers"][number][] {
  return [
    {
      id: "iss-github",
      name: "github-actions",
      url: "https://token.actions.githubusercontent.com",
      maxExpiration: 3600,
      thumbprints: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
      policies: [
        // Any workflow of any repository of the owner gets the platform team's token.
        {
          decision: "allow",
          tokenType: "team",
          teamName: "platform",
          rules: {
            aud: `urn:pulumi:org:${ORG}`,
            repository_owner_id: String(OWNER_ID),
            sub: `repo:${ORG}/*`,
          },
        },
        {
          decision: "allow",
          tokenType: "team",
          teamName: "payments",
          rules: {
            aud: `urn:pulumi:org:${ORG}`,
            repository_owner_id: String(OWNER_ID),
            repository_id: "2001",
            ref: "refs/heads/main",
            event_name: "push",
            environment: "prod",
          },
        },
        {
          decision: "deny",
          tokenType: "team",
          teamName: "payments",
          rules: {
            aud: `urn:pulumi:org:${ORG}`,
            repository_id: "2001",
            event_name: "pull_request",
          },
        },
      ],
    },
    {
      id: "iss-gitlab",
      name: "gitlab",
      url: "https://gitlab.example.com",
      maxExpiration: 3600,
      thumbprints: [],
      policies: [],
    },
  ];
}

function messyWebhooks(): LiveOrg["webhooks"][number][] {
  return [
    {
      name: "4b0d0671",
      displayName: "Security alerts",
      payloadUrl: "https://hooks.example.com/pulumi/security",
      active: true,
      format: "slack",
      filters: ["stack_deleted", "environment_deleted"],
      groups: [],
      hasSecret: true,
      scope: { kind: "organization" },
    },
    {
      name: "91c2aa03",
      displayName: "Audit SIEM",
      payloadUrl: "https://siem.example.com/pulumi",
      active: true,
      format: "raw",
      filters: [],
      groups: ["stacks", "environments"],
      hasSecret: false,
      scope: { kind: "organization" },
    },
    {
      name: "5e7f1b22",
      displayName: "Payments prod failures",
      payloadUrl: "https://siem.example.com/pulumi/payments",
      active: true,
      format: "raw",
      filters: ["update_failed"],
      groups: [],
      hasSecret: false,
      scope: { kind: "stack", project: "payments", stack: "prod" },
    },
    {
      name: "0c3d4e55",
      displayName: "Prod secret changes",
      payloadUrl: "https://siem.example.com/pulumi/esc",
      active: true,
      format: "raw",
      filters: ["environment_revision_created"],
      groups: [],
      hasSecret: false,
      scope: { kind: "environment", project: "payments", environment: "prod" },
    },
  ];
}

/** Deployment settings, drift schedules and ESC approval rules of production stacks. */
function messyPipelines(): Pick<
  LiveOrg,
  "deploymentSettings" | "driftSchedules" | "approvalRules"
> {
  return {
    deploymentSettings: [
      {
        project: "web",
        stack: "production",
        branch: "refs/heads/main",
        repoDir: "deploy",
        provider: "github",
        repository: `${ORG}/web-app`,
        deployCommits: true,
        previewPullRequests: false,
        pullRequestTemplate: false,
        paths: ["deploy/**"],
      },
      {
        project: "storefront",
        stack: "prod",
        branch: "refs/heads/main",
        provider: "github",
        repository: `${ORG}/storefront-infra`,
        deployCommits: true,
        previewPullRequests: false,
        pullRequestTemplate: false,
        paths: ["**"],
      },
    ],
    driftSchedules: [
      {
        project: "web",
        stack: "production",
        id: "sched-web",
        cron: "0 */6 * * *",
        autoRemediate: false,
      },
      {
        project: "storefront",
        stack: "prod",
        id: "sched-store",
        cron: "0 */6 * * *",
        autoRemediate: false,
      },
    ],
    approvalRules: [
      {
        id: "gate-payments",
        name: "secure-org payments/prod changes",
        enabled: true,
        project: "payments",
        environment: "prod",
        actionTypes: ["update"],
        numApprovalsRequired: 1,
        allowSelfApproval: false,
        requireReapprovalOnChange: true,
        approvers: ["team:platform"],
      },
      {
        id: "gate-data",
        name: "Data prod approvals",
        enabled: true,
        project: "data",
        environment: "prod",
        actionTypes: ["update"],
        numApprovalsRequired: 2,
        allowSelfApproval: false,
        requireReapprovalOnChange: true,
        approvers: ["team:platform", "user:heidi"],
      },
    ],
  };
}

export function messyOrg(): LiveOrg {
  return {
    organization: ORG,
    readAt: READ_AT,
    defaults: {
      defaultStackPermission: 101,
      defaultEnvironmentPermission: "none",
      membersCanCreateStacks: true,
      membersCanDeleteStacks: false,
      membersCanCreateTeams: false,
      maxAccessTokenExpiryDays: null,
    },
    members: [
      { login: "alice", role: "admin" },
      { login: "bob", role: "admin" },
      // Four admins, one more than the default cap.
      { login: "carol", role: "admin" },
      { login: "erin", role: "admin" },
      ...[
        "dave",
        "frank",
        "grace",
        "heidi",
        "ivan",
        "judy",
        "mallory",
        "oscar",
        "peggy",
        "trent",
        "victor",
        "walter",
        "yvonne",
      ].map((login) => ({ login, role: "member" })),
    ],
    teams: messyTeams(),
    stacks: messyStacks(),
    environments: ENVIRONMENTS,
    oidcIssuers: messyIssuers(),
    webhooks: messyWebhooks(),
    ...messyPipelines(),
    // From a trial of the guardrails: the program's advisory group already exists.
    policyGroups: [{ name: "secure-org-guardrails-advisory", mode: "audit", entityType: "stacks" }],
    github: messyGithub(),
  };
}

function messyGithub(): NonNullable<LiveOrg["github"]> {
  const repos = Object.values(PROJECTS).map(([name]) => name);
  const repo = (name: string, id: number) => ({
    name,
    id,
    defaultBranch: "main",
    environments: [] as NonNullable<
      LiveOrg["github"]
    >["repositories"][number]["environments"][number][],
    rulesets: [] as { id: number; name: string; target: string; enforcement: string }[],
    files: [] as { path: string; branch: string; content: string }[],
    workflowPermissions: {
      defaultWorkflowPermissions: "read",
      canApprovePullRequestReviews: false,
    },
    actionsPermissions: { enabled: true, allowedActions: "all" },
  });
  const repositories = Object.values(PROJECTS).map(([name, id]) => repo(name, id));
  repositories.push(repo("platform", 2009));
  const payments = repositories[0];
  payments.environments.push({
    name: "prod",
    preventSelfReview: true,
    canAdminsBypass: false,
    waitTimer: 0,
    reviewerTeamIds: [11],
    customBranchPolicies: true,
    protectedBranches: false,
    policies: [{ id: 501, name: "main" }],
  });
  payments.rulesets.push({
    id: 77,
    name: "secure-org default branch",
    target: "branch",
    enforcement: "active",
  });
  payments.files.push({
    path: ".github/CODEOWNERS",
    branch: "main",
    content: "* @acme/platform\n",
  });
  repositories[1].rulesets.push({
    id: 78,
    name: "legacy protection",
    target: "branch",
    enforcement: "active",
  });
  return {
    owner: ORG,
    ownerId: OWNER_ID,
    teams: messyGithubTeams(repos),
    repositories,
  };
}

/** The GitHub teams: mirrors of five Pulumi teams (one maintainer), and one that is not. */
function messyGithubTeams(repos: string[]): NonNullable<LiveOrg["github"]>["teams"][number][] {
  return [
    {
      id: 11,
      slug: "platform",
      name: "platform",
      description: "Owns shared infrastructure",
      privacy: "closed",
      members: [
        { login: "alice-gh", role: "member" },
        { login: "bob-gh", role: "member" },
      ],
      repositories: [
        ...repos.map((name) => ({ name, permission: "push" })),
        { name: "platform", permission: "admin" },
      ],
    },
    {
      id: 12,
      slug: "payments",
      name: "payments",
      description: "The payments team",
      privacy: "closed",
      members: [
        { login: "carol-gh", role: "member" },
        { login: "dave-gh", role: "member" },
      ],
      repositories: [{ name: "payments-infra", permission: "push" }],
    },
    {
      id: 13,
      slug: "web",
      name: "web",
      description: "The web team",
      privacy: "closed",
      members: [
        { login: "frank-gh", role: "member" },
        { login: "grace-gh", role: "maintainer" },
      ],
      repositories: [
        { name: "web-app", permission: "push" },
        { name: "storefront-infra", permission: "push" },
      ],
    },
    {
      id: 14,
      slug: "security",
      name: "security",
      description: "The security team",
      privacy: "closed",
      members: [{ login: "erin-gh", role: "member" }],
      repositories: repos.map((name) => ({ name, permission: "pull" })),
    },
    {
      id: 15,
      slug: "sre",
      name: "sre",
      description: "The sre team",
      privacy: "closed",
      members: [
        { login: "judy-gh", role: "member" },
        { login: "mallory-gh", role: "member" },
      ],
      repositories: [
        { name: "payments-infra", permission: "pull" },
        { name: "web-app", permission: "pull" },
      ],
    },
    {
      id: 16,
      slug: "legacy-admins",
      name: "legacy-admins",
      description: "",
      privacy: "secret",
      members: [{ login: "victor-gh", role: "maintainer" }],
      repositories: [{ name: "payments-infra", permission: "admin" }],
    },
  ];
}
