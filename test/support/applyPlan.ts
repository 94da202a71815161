/**
 * What a first `pulumi up` of an adopted config does to the access-relevant state of the
 * organization, as a stand-in for the providers: imported resources take the declared inputs
 * (import, then update), created ones appear. Only the types the audit reads: teams and members,
 * stack and environment grants, stacks, environments, the OIDC issuer's policies, the org
 * defaults and the ESC approval rules. What this cannot prove: that the providers behave so (see the README on imports).
 */
import type { PlanReport } from "../../plan";
import type { World } from "./adoptServer";

const DEFAULT_STACK: Record<string, number> = { none: 0, read: 101 };

/** A team as this stand-in changes it. */
interface TeamState {
  name: string;
  kind: string;
  displayName: string;
  description: string;
  members: string[];
  stacks: { project: string; stack: string; permission: number }[];
  environments: { project: string; name: string; permission: string; maxOpenDuration?: string }[];
}

/** The world as plain data to change (a deep copy; the readonly types do not apply to it). */
interface State {
  teams: TeamState[];
  stacks: { project: string; stack: string; tags: Record<string, string> }[];
  environments: { project: string; name: string }[];
  oidcIssuers: World["oidcIssuers"][number][];
  defaults?: World["defaults"];
  policyGroups: World["policyGroups"][number][];
  policyGroupDetails?: NonNullable<World["policyGroupDetails"]>[number][];
  approvalRules: World["approvalRules"][number][];
}

type Inputs = Record<string, unknown>;

function team(w: State, name: string): TeamState {
  let t = w.teams.find((x) => x.name === name);
  if (!t) {
    t = {
      name,
      kind: "pulumi",
      displayName: name,
      description: "",
      members: [],
      stacks: [],
      environments: [],
    };
    w.teams.push(t);
  }
  return t;
}

const APPLY: Readonly<Record<string, (w: State, i: Inputs, deployer: string) => void>> = {
  // StackTags sets the named tags on the stack (the others stay).
  "pulumiservice:index:StackTags": (w, i) => {
    const s = w.stacks.find((x) => x.project === i.project && x.stack === i.stack);
    if (s) s.tags = { ...s.tags, ...(i.tags as Record<string, string>) };
  },
  "pulumiservice:index:Team": (w, i, deployer) => {
    const t = team(w, String(i.name));
    t.displayName = String(i.displayName ?? t.displayName);
    t.description = String(i.description ?? "");
    t.members = (i.members as string[]).map((m) => (m === "bootstrap-admin" ? deployer : m)).sort();
  },
  "pulumiservice:index:TeamStackPermission": (w, i) => {
    const t = team(w, String(i.team));
    t.stacks = [
      ...t.stacks.filter((s) => !(s.project === i.project && s.stack === i.stack)),
      { project: String(i.project), stack: String(i.stack), permission: Number(i.permission) },
    ];
  },
  "pulumiservice:index:TeamEnvironmentPermission": (w, i) => {
    const t = team(w, String(i.team));
    t.environments = [
      ...t.environments.filter((e) => !(e.project === i.project && e.name === i.environment)),
      {
        project: String(i.project),
        name: String(i.environment),
        permission: String(i.permission),
        ...(i.maxOpenDuration ? { maxOpenDuration: String(i.maxOpenDuration) } : {}),
      },
    ];
  },
  "pulumiservice:index:Stack": (w, i) => {
    if (!w.stacks.some((s) => s.project === i.projectName && s.stack === i.stackName))
      w.stacks.push({ project: String(i.projectName), stack: String(i.stackName), tags: {} });
  },
  "pulumiservice:index:Environment": (w, i) => {
    if (!w.environments.some((e) => e.project === i.project && e.name === i.name))
      w.environments.push({ project: String(i.project), name: String(i.name) });
  },
  "pulumiservice:index:OidcIssuer": (w, i) => {
    const issuer = w.oidcIssuers.find((x) => x.url === i.url);
    w.oidcIssuers = [
      ...w.oidcIssuers.filter((x) => x !== issuer),
      {
        id: issuer?.id ?? "iss-new",
        name: String(i.name),
        url: String(i.url),
        maxExpiration: Number(i.maxExpirationSeconds),
        thumbprints: (i.thumbprints as string[] | undefined) ?? [],
        policies: i.policies as World["oidcIssuers"][number]["policies"],
      },
    ];
  },
  // An ApprovalRule imports the environment's rule (kinds/approvals.ts lookup: the first on the
  // environment) and takes the declared inputs, or is created.
  "pulumiservice:index:ApprovalRule": (w, i) => {
    const env = i.environmentIdentifier as { project: string; name: string };
    const cfg = i.approvalRuleConfig as {
      numApprovalsRequired: number;
      allowSelfApproval: boolean;
      requireReapprovalOnChange: boolean;
      eligibleApprovers: { teamName?: string; user?: string; rbacPermission?: string }[];
    };
    const old = w.approvalRules.find(
      (r) => r.project === env.project && r.environment === env.name,
    );
    const rule = {
      id: old?.id ?? `rule-new-${w.approvalRules.length}`,
      name: String(i.name),
      enabled: Boolean(i.enabled),
      project: env.project,
      environment: env.name,
      actionTypes: i.targetActionTypes as string[],
      numApprovalsRequired: cfg.numApprovalsRequired,
      allowSelfApproval: cfg.allowSelfApproval,
      requireReapprovalOnChange: cfg.requireReapprovalOnChange,
      approvers: cfg.eligibleApprovers.map((a) =>
        a.teamName
          ? `team:${a.teamName}`
          : a.user
            ? `user:${a.user}`
            : `permission:${a.rbacPermission ?? ""}`,
      ),
    };
    w.approvalRules = [...w.approvalRules.filter((r) => r !== old), rule];
  },
  "pulumiservice:index:PolicyGroup": (w, i) => {
    const name = String(i.name);
    const packs =
      (i.policyPacks as { name: string; versionTag: string; config?: Record<string, unknown> }[]) ??
      [];
    w.policyGroups = [
      ...w.policyGroups.filter((g) => g.name !== name),
      { name, mode: String(i.mode), entityType: String(i.entityType) },
    ];
    w.policyGroupDetails = [
      ...(w.policyGroupDetails ?? []).filter((g) => g.name !== name),
      {
        name,
        mode: String(i.mode),
        entityType: String(i.entityType),
        stacks: ((i.stacks as { name: string; routingProject: string }[]) ?? []).map((s) => ({
          project: s.routingProject,
          stack: s.name,
        })),
        packs: packs.map((p) => ({
          name: p.name,
          versionTag: p.versionTag,
          ...(p.config ? { config: p.config } : {}),
        })),
      },
    ];
  },
  "pulumi-nodejs:dynamic:Resource": (w, i) => {
    if (!("stackPermission" in i)) return;
    w.defaults = {
      defaultStackPermission: DEFAULT_STACK[String(i.stackPermission)],
      defaultEnvironmentPermission: String(i.environmentPermission),
      membersCanCreateStacks: Boolean(i.membersCanCreateStacks),
      membersCanDeleteStacks: Boolean(i.membersCanDeleteStacks),
      membersCanCreateTeams: Boolean(i.membersCanCreateTeams),
      maxAccessTokenExpiryDays: (i.maxAccessTokenExpiryDays as number | undefined) ?? null,
    };
  },
};

export function applyPlan(world: World, plan: PlanReport, deployer = "bootstrap-admin"): World {
  const w = JSON.parse(JSON.stringify(world)) as State;
  for (const r of plan.resources) APPLY[r.type]?.(w, r.inputs as Inputs, deployer);
  return w as unknown as World;
}
