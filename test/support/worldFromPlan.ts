/**
 * The live organization a first `pulumi up` of a plan leaves (issue 30, the round trip): an empty
 * organization with every resource of the plan applied (applyPlan.ts for the access-relevant
 * Pulumi types), plus the types adopt reads besides: organization members, stack tags, Deployments
 * settings, drift schedules, approval rules, webhooks, and the GitHub side (teams with members and
 * repositories; per repository its id, environments, rulesets and files). GitHub ids are given
 * (`ids`); what a provider would return beyond the inputs is made up here, stated where it is.
 */
import type { PlanReport } from "../../plan";
import type { LiveApprovalRule, LiveGithubRepository, LiveGithubTeam } from "../../adopt/live";
import { applyPlan } from "./applyPlan";
import type { World } from "./adoptServer";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export interface PlanIds {
  readonly ownerId: number;
  /** Repository name -> id. */
  readonly repositoryIds: ReadonlyMap<string, number>;
}

function empty(plan: PlanReport, readAt: string, ids: PlanIds): World {
  return {
    organization: plan.organization,
    readAt,
    members: [],
    teams: [],
    stacks: [],
    environments: [],
    oidcIssuers: [],
    webhooks: [],
    deploymentSettings: [],
    driftSchedules: [],
    approvalRules: [],
    policyGroups: [],
    github: { owner: plan.organization, ownerId: ids.ownerId, teams: [], repositories: [] },
  };
}

function repo(w: Mutable<World>, name: string, ids: PlanIds): Mutable<LiveGithubRepository> {
  const repos = w.github?.repositories as Mutable<LiveGithubRepository>[];
  let r = repos.find((x) => x.name === name);
  if (!r) {
    r = {
      name,
      id: ids.repositoryIds.get(name) ?? 0,
      defaultBranch: "main",
      environments: [],
      rulesets: [],
      files: [],
    };
    repos.push(r);
  }
  return r;
}

/** The break-glass open gate (model/access/breakGlass.ts gateRequest), as the spec lists it. */
function gateOf(i: Inputs, n: number): LiveApprovalRule {
  const [project, ...env] = String(i.target.qualifiedName).split("/");
  return {
    id: `gate-${n}`,
    name: i.name,
    enabled: Boolean(i.enabled),
    project,
    environment: env.join("/"),
    actionTypes: i.target.actionTypes,
    numApprovalsRequired: i.rule.numApprovalsRequired,
    allowSelfApproval: i.rule.allowSelfApproval,
    requireReapprovalOnChange: i.rule.requireReapprovalOnChange,
    approvers: (i.rule.eligibleApprovers as Inputs[]).map((a) => `team:${a.teamName}`),
  };
}

/** Applies the Pulumi Cloud types applyPlan does not (it applies the ESC approval rules). */
function applyPulumiRest(w: Mutable<World>, plan: PlanReport): void {
  plan.resources.forEach((r, index) => {
    const i = r.inputs as Inputs;
    const t = r.type;
    const n = index + 1;
    if (t === "pulumiservice:index:OrganizationMember")
      w.members.push({ login: String(i.username), role: String(i.role) });
    else if (t === "pulumiservice:index:StackTags") {
      const s = w.stacks.find((x) => x.project === i.project && x.stack === i.stack);
      if (s) (s as { tags: Record<string, string> }).tags = { ...s.tags, ...i.tags };
    } else if (t === "pulumiservice:index:DeploymentSettings")
      w.deploymentSettings.push({
        project: i.project,
        stack: i.stack,
        branch: i.sourceContext?.git?.branch,
        repoDir: i.sourceContext?.git?.repoDir,
        provider: i.vcs?.provider,
        repository: i.vcs?.repository,
        deployCommits: i.vcs?.deployCommits,
        previewPullRequests: i.vcs?.previewPullRequests,
        pullRequestTemplate: i.vcs?.pullRequestTemplate,
        paths: i.vcs?.paths,
      });
    else if (t === "pulumiservice:index:DriftSchedule")
      w.driftSchedules.push({
        project: i.project,
        stack: i.stack,
        id: `sched-${n}`,
        cron: i.scheduleCron,
        autoRemediate: Boolean(i.autoRemediate),
      });
    else if (t === "pulumiservice:api:Gate") w.approvalRules.push(gateOf(i, n));
    else if (t === "pulumiservice:index:Webhook")
      w.webhooks.push({
        name: `hook-${n}`,
        displayName: i.displayName,
        payloadUrl: i.payloadUrl,
        active: Boolean(i.active),
        format: i.format ?? "raw",
        filters: i.filters ?? [],
        groups: i.groups ?? [],
        hasSecret: i.secret !== undefined,
        scope: i.stackName
          ? { kind: "stack", project: i.projectName, stack: i.stackName }
          : i.environmentName
            ? { kind: "environment", project: i.projectName, environment: i.environmentName }
            : { kind: "organization" },
      });
  });
}

/** Applies the GitHub types applyPlan does not. */
function applyGithubRest(w: Mutable<World>, plan: PlanReport, ids: PlanIds): void {
  const teamsByResource = new Map<string, Mutable<LiveGithubTeam>>();
  plan.resources.forEach((r, index) => {
    const i = r.inputs as Inputs;
    const t = r.type.replace(/^github:index\/[a-zA-Z]+:/, "github:");
    const n = index + 1;
    if (t === "github:Team") {
      const team: Mutable<LiveGithubTeam> = {
        id: 7000 + n,
        slug: String(i.name).toLowerCase(),
        name: i.name,
        description: i.description ?? "",
        privacy: i.privacy ?? "secret",
        members: [],
        repositories: [],
      };
      (w.github?.teams as LiveGithubTeam[]).push(team);
      teamsByResource.set(r.name, team);
    } else if (t === "github:TeamMembers") {
      const team = teamsByResource.get(r.name.replace(/-members$/, ""));
      if (team)
        team.members = (i.members as Inputs[]).map((m) => ({ login: m.username, role: m.role }));
    } else if (t === "github:TeamRepository") {
      const team = [...teamsByResource].find(([k]) => r.name.startsWith(`${k}-repo-`))?.[1];
      team?.repositories.push({ name: i.repository, permission: i.permission });
      repo(w, i.repository, ids);
    } else if (t === "github:RepositoryEnvironment") {
      const teamIds = ((i.reviewers ?? []) as Inputs[]).flatMap((x) => x.teams ?? []);
      repo(w, i.repository, ids).environments.push({
        name: i.environment,
        preventSelfReview: Boolean(i.preventSelfReview),
        canAdminsBypass: Boolean(i.canAdminsBypass),
        waitTimer: Number(i.waitTimer ?? 0),
        reviewerTeamIds: teamIds.map(Number),
        customBranchPolicies: Boolean(i.deploymentBranchPolicy?.customBranchPolicies),
        protectedBranches: Boolean(i.deploymentBranchPolicy?.protectedBranches),
        policies: [],
      });
    } else if (t === "github:RepositoryRuleset")
      repo(w, i.repository, ids).rulesets.push({
        id: 9000 + n,
        name: i.name,
        target: i.target ?? "branch",
        enforcement: i.enforcement,
      });
    else if (t === "github:RepositoryFile")
      repo(w, i.repository, ids).files.push({ path: i.file, branch: i.branch, content: i.content });
  });
}

/** Applies the types applyPlan does not. */
function applyRest(w: Mutable<World>, plan: PlanReport, ids: PlanIds): void {
  applyPulumiRest(w, plan);
  applyGithubRest(w, plan, ids);
}

export function worldFromPlan(plan: PlanReport, readAt: string, ids: PlanIds): World {
  const w = applyPlan(empty(plan, readAt, ids), plan) as Mutable<World>;
  for (const k of [
    "members",
    "webhooks",
    "deploymentSettings",
    "driftSchedules",
    "approvalRules",
  ] as const)
    if (!w[k]) (w as Record<string, unknown>)[k] = [];
  applyRest(w, plan, ids);
  // The identity that ran the first `pulumi up` is an organization admin (applyPlan's deployer).
  if (!w.members.some((m) => m.login === "bootstrap-admin"))
    w.members.push({ login: "bootstrap-admin", role: "admin" });
  return w as World;
}
