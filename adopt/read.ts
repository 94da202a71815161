/**
 * Reads the live Pulumi Cloud organization for `npm run adopt`, through the REST client (cloud/),
 * the ESC reader (cloud/esc.ts) and the team, issuer and webhook readers the audit shares
 * (kinds/read.ts): org settings and members, every team with its members and grants, every stack with its tags, deployment settings and drift schedules, ESC
 * environments, OIDC issuers with their policies, webhooks of the org, its stacks and its
 * environments, and ESC approval rules. Progress goes to `progress` (stderr) on a large org.
 * Nothing is written to the service.
 */
import { EscReader } from "../cloud/esc";
import { readEnvironmentGates, readIssuers, readScopeWebhooks, readTeams } from "../kinds/read";
import {
  ChangeGate,
  driftOf,
  getDeploymentSettings,
  getStack,
  listOrgMembers,
  listStackSchedules,
  pool,
  PulumiCloudClient,
  PulumiCloudError,
  StackSummary,
} from "../cloud";
import type { LiveApprovalRule, LiveOrg, LiveOtherGate, LiveTeamFull } from "./live";

export interface ReadLiveOptions {
  readonly now: number;
  /** Parallel reads. Default 4. */
  readonly concurrency?: number;
  readonly progress?: (message: string) => void;
}

/** Every stack of the organization, page by page (progress names the page). */
async function listStacks(
  cloud: PulumiCloudClient,
  org: string,
  progress: (m: string) => void,
): Promise<StackSummary[]> {
  const out: StackSummary[] = [];
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const res = await cloud.request<
      { stacks?: StackSummary[] | null; continuationToken?: string } | undefined
    >("GET", "/api/user/stacks", {
      query: { organization: org, continuationToken: token },
      operation: "list stacks",
    });
    out.push(...(res?.stacks ?? []).filter((s) => s.orgName === undefined || s.orgName === org));
    const next = res?.continuationToken;
    if (!next) return out;
    progress(`stacks: page ${page} read (${out.length} so far)`);
    if (next === token || page >= 500)
      throw new Error("GET /api/user/stacks: pagination does not end; stopping");
    token = next;
  }
}

/**
 * Every team with its members (sorted) and grants, through the reader the audit shares
 * (kinds/read.ts). A team whose members could not be listed fails the read: a proposal from it
 * would drop those members.
 */
async function readAdoptTeams(
  cloud: PulumiCloudClient,
  org: string,
  limit: number,
  progress: (m: string) => void,
): Promise<LiveTeamFull[]> {
  const read = await readTeams(cloud, org, { concurrency: limit, progress });
  const [unlisted] = read.unlisted;
  if (unlisted)
    throw new Error(`the members of team ${unlisted.team} could not be listed: ${unlisted.error}`);
  return read.teams.map((t) => ({ ...t, members: [...t.members].sort() }));
}

/** Per stack: tags, deployment settings, drift schedules and webhooks. */
async function readStacks(
  cloud: PulumiCloudClient,
  org: string,
  summaries: StackSummary[],
  limit: number,
  progress: (m: string) => void,
) {
  let done = 0;
  const per = await pool(summaries, limit, async (s) => {
    const [info, settings, schedules, hooks] = await Promise.all([
      getStack(cloud, org, s.projectName, s.stackName),
      getDeploymentSettings(cloud, org, s.projectName, s.stackName),
      listStackSchedules(cloud, org, s.projectName, s.stackName),
      readScopeWebhooks(cloud, org, { kind: "stack", project: s.projectName, stack: s.stackName }),
    ]);
    if (++done % 25 === 0) progress(`stacks: ${done} of ${summaries.length} read in detail`);
    const vcs = settings?.vcs ?? settings?.gitHub;
    return {
      stack: { project: s.projectName, stack: s.stackName, tags: { ...(info.tags ?? {}) } },
      settings: settings && {
        project: s.projectName,
        stack: s.stackName,
        branch: settings.sourceContext?.git?.branch,
        repoDir: settings.sourceContext?.git?.repoDir,
        provider: vcs?.provider ?? (settings.gitHub ? "github" : undefined),
        repository: vcs?.repository,
        deployCommits: vcs?.deployCommits,
        previewPullRequests: vcs?.previewPullRequests,
        pullRequestTemplate: vcs?.pullRequestTemplate,
        paths: vcs?.paths ?? undefined,
      },
      drift: schedules.flatMap((a) => {
        const d = driftOf(a);
        return d ? [{ project: s.projectName, stack: s.stackName, id: a.id, ...d }] : [];
      }),
      hooks,
    };
  });
  return per;
}

/** A change gate that is no ESC approval rule (listed unmanaged with why, never dropped). */
function otherGateOf(g: ChangeGate): LiveOtherGate[] {
  if (isApprovalRule(g)) return [];
  return [
    {
      id: String(g.id ?? ""),
      name: String(g.name ?? ""),
      ruleType: String(g.rule?.ruleType ?? ""),
      entityType: String(g.target?.entityType ?? ""),
      qualifiedName: String(g.target?.qualifiedName ?? ""),
    },
  ];
}

/** An approval rule on an environment named `project/environment`. */
const isApprovalRule = (g: ChangeGate): boolean =>
  g.target?.entityType === "environment" &&
  g.rule?.ruleType === "approval_required" &&
  /^[^/]+\/[^/]+$/.test(g.target.qualifiedName ?? "");

/** An ESC approval rule, from a change gate on an environment. */
function approvalRuleOf(g: ChangeGate): LiveApprovalRule[] {
  if (!isApprovalRule(g)) return [];
  const [project, environment] = (g.target.qualifiedName ?? "/").split("/");
  return [
    {
      id: g.id,
      name: g.name,
      enabled: g.enabled,
      project,
      environment,
      actionTypes: g.target.actionTypes,
      numApprovalsRequired: g.rule.numApprovalsRequired ?? 1,
      allowSelfApproval: g.rule.allowSelfApproval ?? false,
      requireReapprovalOnChange: g.rule.requireReapprovalOnChange ?? false,
      approvers: (g.rule.eligibleApprovers ?? []).map((a) =>
        a.eligibilityType === "team_member"
          ? `team:${a.name ?? ""}`
          : a.eligibilityType === "specific_user"
            ? `user:${a.user?.githubLogin ?? ""}`
            : `permission:${a.permission ?? ""}`,
      ),
    },
  ];
}

/**
 * A list the organization's edition may not have (ESC approval rules, policy groups): the spec
 * documents 404 for it, which then means there is none to adopt (said on `progress`).
 */
async function optionalList<T>(
  what: string,
  read: () => Promise<T[]>,
  progress: (m: string) => void,
): Promise<T[]> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof PulumiCloudError) || e.status !== 404) throw e;
    progress(`${what}: not available to this organization (404); none adopted`);
    return [];
  }
}

/** Reads the Pulumi Cloud side of the live organization. */
export async function readLiveOrg(
  cloud: PulumiCloudClient,
  esc: EscReader,
  org: string,
  opts: ReadLiveOptions,
): Promise<Omit<LiveOrg, "github">> {
  const progress = opts.progress ?? (() => undefined);
  const limit = opts.concurrency ?? 4;
  const metadata = await cloud.getOrgMetadata(org);
  const members = (await listOrgMembers(cloud, org)).map((m) => ({
    login: m.user.githubLogin,
    role: m.role,
  }));
  const teams = await readAdoptTeams(cloud, org, limit, progress);
  const stacks = await readStacks(
    cloud,
    org,
    await listStacks(cloud, org, progress),
    limit,
    progress,
  );
  const environments = await esc.listEnvironments(org);
  const envHooks = await pool(environments, limit, async (e) =>
    readScopeWebhooks(cloud, org, { kind: "environment", project: e.project, environment: e.name }),
  );
  const oidcIssuers = await readIssuers(cloud, org, { concurrency: limit });
  const gates = await optionalList(
    "ESC approval rules",
    async () =>
      (await readEnvironmentGates(cloud, org, environments, { concurrency: limit })).flatMap(
        (e) => e.gates,
      ),
    progress,
  );
  const policyGroups = (
    await optionalList("policy groups", () => cloud.listPolicyGroups(org), progress)
  )
    .filter((g) => !g.isOrgDefault)
    .map((g) => ({ name: g.name, mode: g.mode ?? "", entityType: g.entityType ?? "" }));
  return {
    organization: org,
    readAt: new Date(opts.now).toISOString(),
    defaults: {
      defaultStackPermission: metadata.defaultStackPermission,
      defaultEnvironmentPermission: metadata.defaultEnvironmentPermission,
      membersCanCreateStacks: metadata.membersCanCreateStacks,
      membersCanDeleteStacks: metadata.membersCanDeleteStacks,
      membersCanCreateTeams: metadata.membersCanCreateTeams,
      maxAccessTokenExpiryDays: metadata.maxAccessTokenExpiryDays ?? null,
    },
    members,
    teams,
    stacks: stacks.map((s) => s.stack),
    environments,
    oidcIssuers,
    webhooks: [
      ...(await readScopeWebhooks(cloud, org, { kind: "organization" })),
      ...stacks.flatMap((s) => s.hooks),
      ...envHooks.flat(),
    ],
    deploymentSettings: stacks.flatMap((s) => (s.settings ? [s.settings] : [])),
    driftSchedules: stacks.flatMap((s) => s.drift),
    approvalRules: gates.flatMap(approvalRuleOf),
    otherGates: gates.flatMap(otherGateOf),
    policyGroups,
  };
}
