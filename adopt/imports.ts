/**
 * Which registered resources already exist: each resource the proposal's program registers (from
 * its offline plan) is looked up in the live organization by its identifying inputs; when it
 * exists, the adopt record gets its import ID (model/adopt/importIds.ts), the identifying inputs
 * the import depends on (`match`), and the live values of the inputs the plan compares (`live`).
 */
import { AdoptImport, githubIds, pulumiIds } from "../model/adopt";
import { issuerUrlKey } from "../model/oidc";
import type { RecordedResource } from "../plan/mockRun";
import { durationOf } from "./access";
import type { LiveGithubRepository, LiveOrg } from "./live";
import type { AdoptFinding } from "./types";

type Inputs = Record<string, unknown>;

export interface LookupContext {
  readonly live: LiveOrg;
  readonly org: string;
  /** The custom resources sharing a parent with the one looked up (GitHub team of a mirror). */
  readonly siblings: (r: RecordedResource) => readonly RecordedResource[];
  readonly findings: AdoptFinding[];
  /** `type\0id` of the imports already given to another resource: one live entity, one import. */
  readonly taken?: ReadonlySet<string>;
}

type Found = Omit<AdoptImport, "type" | "name">;
type Lookup = (r: RecordedResource, inputs: Inputs, ctx: LookupContext) => Found | undefined;

const s = (v: unknown) => (typeof v === "string" ? v : "");
const STACK_NAMES: Readonly<Record<number, string>> = {
  101: "read",
  102: "write",
  103: "admin",
  104: "admin",
};
const STACK_CODES: Readonly<Record<string, number>> = { read: 101, write: 102, admin: 103 };
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");

function teamOf(ctx: LookupContext, name: string) {
  return ctx.live.teams.find((t) => t.name === name);
}

/** The GitHub team of a mirror's members or repository resource: its sibling `github.Team`. */
function mirrorTeam(r: RecordedResource, ctx: LookupContext) {
  const team = ctx.siblings(r).find((x) => x.type === "github:index/team:Team");
  const name = team ? s(team.inputs.name) : "";
  return ctx.live.github?.teams.find((t) => t.slug === slug(name));
}

function repoOf(ctx: LookupContext, name: string): LiveGithubRepository | undefined {
  return ctx.live.github?.repositories.find((x) => x.name === name);
}

const pulumi: Record<string, Lookup> = {
  "pulumiservice:index:Team": (_r, i, ctx) => {
    const t = teamOf(ctx, s(i.name));
    if (!t) return undefined;
    if (t.kind !== "pulumi") {
      ctx.findings.push({
        severity: "high",
        code: "team-name-taken",
        subject: `team:${t.name}`,
        message: `the program creates Pulumi team ${t.name}, but a ${t.kind}-backed team of that name exists: rename one of them (an import would replace it)`,
      });
      return undefined;
    }
    return {
      id: pulumiIds.team(ctx.org, t.name),
      match: { organizationName: ctx.org, name: t.name },
      live: {
        displayName: t.displayName,
        description: t.description,
        members: [...t.members].sort(),
      },
    };
  },
  "pulumiservice:index:Stack": (_r, i, ctx) =>
    ctx.live.stacks.some((x) => x.project === i.projectName && x.stack === i.stackName)
      ? {
          id: pulumiIds.stack(ctx.org, s(i.projectName), s(i.stackName)),
          match: {
            organizationName: ctx.org,
            projectName: s(i.projectName),
            stackName: s(i.stackName),
          },
        }
      : undefined,
  "pulumiservice:index:StackTags": (r, i, ctx) => {
    const stack = ctx.live.stacks.find((x) => x.project === i.project && x.stack === i.stack);
    if (!stack) return undefined;
    const want = (i.tags ?? {}) as Record<string, string>;
    const live = stack.tags;
    const same =
      JSON.stringify(Object.entries(live).sort()) === JSON.stringify(Object.entries(want).sort());
    const clash = Object.keys(want).filter((k) => k in live && !same);
    if (clash.length)
      ctx.findings.push({
        severity: "medium",
        code: "stack-tags-clash",
        subject: `stack:${stack.project}/${stack.stack}`,
        message: `stack ${stack.project}/${stack.stack} already carries ${clash.join(", ")} among other tags: importing would adopt (and then delete) the others, creating fails on the existing names. Delete those tags (${r.name}) before the first pulumi up`,
      });
    return same
      ? {
          id: pulumiIds.stackTags(ctx.org, stack.project, stack.stack),
          match: { organization: ctx.org, project: stack.project, stack: stack.stack },
          live: { tags: { ...live } },
        }
      : undefined;
  },
  "pulumiservice:index:TeamStackPermission": (_r, i, ctx) => {
    const g = teamOf(ctx, s(i.team))?.stacks.find(
      (x) => x.project === i.project && x.stack === i.stack,
    );
    if (!g || !STACK_NAMES[g.permission]) return undefined;
    return {
      id: pulumiIds.teamStackPermission(ctx.org, s(i.project), s(i.stack), s(i.team)),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack), team: s(i.team) },
      live: { permission: STACK_CODES[STACK_NAMES[g.permission]] },
    };
  },
  "pulumiservice:index:TeamEnvironmentPermission": (_r, i, ctx) => {
    const g = teamOf(ctx, s(i.team))?.environments.find(
      (x) => x.project === i.project && x.name === i.environment && x.permission !== "none",
    );
    if (!g) return undefined;
    const bound = durationOf(g.maxOpenDuration);
    return {
      id: pulumiIds.teamEnvironmentPermission(ctx.org, s(i.team), s(i.project), s(i.environment)),
      match: {
        organization: ctx.org,
        team: s(i.team),
        project: s(i.project),
        environment: s(i.environment),
      },
      live: { permission: g.permission, maxOpenDuration: bound ?? null },
    };
  },
  "pulumiservice:index:Environment": (_r, i, ctx) =>
    ctx.live.environments.some((e) => e.project === i.project && e.name === i.name)
      ? {
          id: pulumiIds.environment(ctx.org, s(i.project), s(i.name)),
          match: { organization: ctx.org, project: s(i.project), name: s(i.name) },
        }
      : undefined,
  "pulumiservice:index:OidcIssuer": (_r, i, ctx) => {
    const issuer = ctx.live.oidcIssuers.find((x) => issuerUrlKey(x.url) === issuerUrlKey(s(i.url)));
    if (!issuer) return undefined;
    return {
      id: pulumiIds.oidcIssuer(ctx.org, issuer.id),
      match: { organization: ctx.org, url: s(i.url) },
      live: {
        name: issuer.name,
        maxExpirationSeconds: issuer.maxExpiration ?? null,
        thumbprints: [...issuer.thumbprints],
        // Not a policy with a `__proto__` rule: the config (which holds this record) refuses
        // that key anywhere; adopt reports the policy (adopt/extras.ts).
        policies: issuer.policies
          .filter((p) => !Object.keys(p.rules ?? {}).includes("__proto__"))
          .map((p) => {
            const { authorizedPermissions, ...rest } = p;
            return authorizedPermissions?.length ? { ...rest, authorizedPermissions } : rest;
          }),
      },
    };
  },
  "pulumiservice:index:Webhook": (r, i, ctx) => {
    const scopeOf = (w: LiveOrg["webhooks"][number]) =>
      w.scope.kind === "stack"
        ? { project: w.scope.project, stack: w.scope.stack }
        : w.scope.kind === "environment"
          ? { project: w.scope.project, environment: w.scope.environment }
          : undefined;
    // Display names are not unique: of the hooks with this one in this scope, the first not
    // imported already, the one with the declared URL first.
    const hook = ctx.live.webhooks
      .filter(
        (w) =>
          w.name !== "" &&
          w.displayName === i.displayName &&
          (w.scope.kind === "organization"
            ? !i.projectName
            : w.scope.kind === "stack"
              ? w.scope.project === i.projectName && w.scope.stack === i.stackName
              : w.scope.project === i.projectName && w.scope.environment === i.environmentName) &&
          !ctx.taken?.has(`${r.type}\u0000${pulumiIds.webhook(ctx.org, w.name, scopeOf(w))}`),
      )
      .sort(
        (a, b) => Number(b.payloadUrl === i.payloadUrl) - Number(a.payloadUrl === i.payloadUrl),
      )[0];
    if (!hook) return undefined;
    const scope =
      hook.scope.kind === "stack"
        ? { project: hook.scope.project, stack: hook.scope.stack }
        : hook.scope.kind === "environment"
          ? { project: hook.scope.project, environment: hook.scope.environment }
          : undefined;
    return {
      id: pulumiIds.webhook(ctx.org, hook.name, scope),
      match: { organizationName: ctx.org, displayName: hook.displayName },
      live: {
        payloadUrl: hook.payloadUrl,
        format: hook.format,
        active: hook.active,
        filters: hook.filters.length ? [...hook.filters] : null,
        groups: hook.groups.length ? [...hook.groups] : null,
      },
    };
  },
};

const pulumiStackScoped: Record<string, Lookup> = {
  "pulumiservice:index:DeploymentSettings": (_r, i, ctx) => {
    const d = ctx.live.deploymentSettings.find(
      (x) => x.project === i.project && x.stack === i.stack,
    );
    if (!d) return undefined;
    return {
      id: pulumiIds.deploymentSettings(ctx.org, s(i.project), s(i.stack)),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack) },
      live: {
        "sourceContext.git.branch": d.branch ?? null,
        "sourceContext.git.repoDir": d.repoDir ?? null,
        "vcs.provider": d.provider ?? null,
        "vcs.repository": d.repository ?? null,
        "vcs.deployCommits": d.deployCommits ?? null,
        "vcs.previewPullRequests": d.previewPullRequests ?? null,
        "vcs.pullRequestTemplate": d.pullRequestTemplate ?? null,
        "vcs.paths": d.paths ? [...d.paths] : null,
      },
    };
  },
  "pulumiservice:index:DriftSchedule": (_r, i, ctx) => {
    const d = ctx.live.driftSchedules.find((x) => x.project === i.project && x.stack === i.stack);
    if (!d) return undefined;
    return {
      id: pulumiIds.driftSchedule(ctx.org, s(i.project), s(i.stack), d.id),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack) },
      live: { scheduleCron: d.cron, autoRemediate: d.autoRemediate },
    };
  },
  "pulumiservice:index:ApprovalRule": (_r, i, ctx) => {
    const env = (i.environmentIdentifier ?? {}) as Inputs;
    const rule = ctx.live.approvalRules.find(
      (x) => x.project === env.project && x.environment === env.name,
    );
    if (!rule) return undefined;
    return {
      id: pulumiIds.approvalRule(ctx.org, rule.project, rule.environment, rule.id),
      match: {},
      live: {
        name: rule.name,
        enabled: rule.enabled,
        targetActionTypes: [...rule.actionTypes],
        "approvalRuleConfig.numApprovalsRequired": rule.numApprovalsRequired,
        "approvalRuleConfig.allowSelfApproval": rule.allowSelfApproval,
        "approvalRuleConfig.requireReapprovalOnChange": rule.requireReapprovalOnChange,
        "approvalRuleConfig.eligibleApprovers": rule.approvers.map((a) => {
          const [kind, value] = [a.slice(0, a.indexOf(":")), a.slice(a.indexOf(":") + 1)];
          return kind === "team"
            ? { teamName: value }
            : kind === "user"
              ? { user: value }
              : { rbacPermission: value };
        }),
      },
    };
  },
  "pulumiservice:index:PolicyGroup": (_r, i, ctx) => {
    const g = ctx.live.policyGroups.find((x) => x.name === i.name);
    if (!g) return undefined;
    return {
      id: pulumiIds.policyGroup(ctx.org, g.name),
      match: { organizationName: ctx.org, name: g.name },
      live: { mode: g.mode, entityType: g.entityType },
    };
  },
  "pulumiservice:index:OrganizationMember": (_r, i, ctx) => {
    const m = ctx.live.members.find((x) => x.login === i.username);
    if (!m) return undefined;
    return {
      id: pulumiIds.organizationMember(ctx.org, m.login),
      match: { username: m.login },
      live: { role: m.role },
    };
  },
};

const github: Record<string, Lookup> = {
  "github:index/team:Team": (_r, i, ctx) => {
    const t = ctx.live.github?.teams.find((x) => x.slug === slug(s(i.name)));
    if (!t) return undefined;
    return {
      id: githubIds.team(t.id),
      match: { name: s(i.name) },
      live: { name: t.name, description: t.description, privacy: t.privacy },
    };
  },
  "github:index/teamMembers:TeamMembers": (r, _i, ctx) => {
    const t = mirrorTeam(r, ctx);
    if (!t) return undefined;
    return {
      id: githubIds.teamMembers(t.id),
      match: {},
      live: {
        team: t.slug,
        members: [...t.members]
          .sort((a, b) => a.login.localeCompare(b.login))
          .map((m) => ({ username: m.login, role: m.role })),
      },
    };
  },
  "github:index/teamRepository:TeamRepository": (r, i, ctx) => {
    const t = mirrorTeam(r, ctx);
    const repo = t?.repositories.find((x) => x.name === i.repository);
    if (!t || !repo) return undefined;
    return {
      id: githubIds.teamRepository(t.id, repo.name),
      match: { repository: repo.name },
      live: { permission: repo.permission },
    };
  },
  "github:index/repositoryEnvironment:RepositoryEnvironment": (_r, i, ctx) => {
    const e = repoOf(ctx, s(i.repository))?.environments.find((x) => x.name === i.environment);
    if (!e) return undefined;
    return {
      id: githubIds.repositoryEnvironment(s(i.repository), e.name),
      match: { repository: s(i.repository), environment: e.name },
      live: {
        preventSelfReview: e.preventSelfReview,
        canAdminsBypass: e.canAdminsBypass,
        waitTimer: e.waitTimer,
      },
    };
  },
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": (
    _r,
    i,
    ctx,
  ) => {
    const e = repoOf(ctx, s(i.repository))?.environments.find((x) => x.name === i.environment);
    const p = e?.policies.find((x) => x.name === i.branchPattern);
    if (!e || !p) return undefined;
    return {
      id: githubIds.deploymentPolicy(s(i.repository), e.name, p.id),
      match: { repository: s(i.repository), environment: e.name, branchPattern: p.name },
    };
  },
  "github:index/repositoryRuleset:RepositoryRuleset": (_r, i, ctx) => {
    const rs = repoOf(ctx, s(i.repository))?.rulesets.find((x) => x.name === i.name);
    if (!rs) return undefined;
    return {
      id: githubIds.ruleset(s(i.repository), rs.id),
      match: { repository: s(i.repository), name: rs.name },
      live: { target: rs.target, enforcement: rs.enforcement },
    };
  },
  "github:index/repositoryFile:RepositoryFile": (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    const branch = s(i.branch) || repo?.defaultBranch || "";
    const f = repo?.files.find((x) => x.path === i.file && x.branch === branch);
    if (!repo || !f) return undefined;
    return {
      id: githubIds.repositoryFile(repo.name, f.path, branch),
      match: { repository: repo.name, file: f.path, branch },
      live: { content: f.content },
    };
  },
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    if (!repo?.workflowPermissions) return undefined;
    return {
      id: githubIds.workflowPermissions(repo.name),
      match: { repository: repo.name },
      live: { ...repo.workflowPermissions },
    };
  },
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    if (!repo?.actionsPermissions) return undefined;
    return {
      id: githubIds.actionsPermissions(repo.name),
      match: { repository: repo.name },
      live: { ...repo.actionsPermissions },
    };
  },
};

export const LOOKUPS: Readonly<Record<string, Lookup>> = {
  ...pulumi,
  ...pulumiStackScoped,
  ...github,
};

/** The import entries of every registered resource that already exists. */
export function importsFor(
  resources: readonly RecordedResource[],
  ctx: Omit<LookupContext, "siblings">,
): AdoptImport[] {
  const byParent = new Map<string, RecordedResource[]>();
  for (const r of resources)
    if (r.custom && r.parent) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r]);
  const taken = new Set<string>();
  const full: LookupContext = {
    ...ctx,
    siblings: (r) => (r.parent ? (byParent.get(r.parent) ?? []) : []),
    taken,
  };
  const out: AdoptImport[] = [];
  for (const r of resources) {
    const lookup = r.custom ? LOOKUPS[r.type] : undefined;
    const found = lookup?.(r, r.inputs, full);
    // Two resources importing one live entity would both manage it: only the first imports.
    if (!found || taken.has(`${r.type}\u0000${found.id}`)) continue;
    taken.add(`${r.type}\u0000${found.id}`);
    out.push({ type: r.type, name: r.name, ...found });
  }
  return out;
}
