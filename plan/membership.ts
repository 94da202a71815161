/**
 * The plan's section on the top of the organization (issue 15): who the admins are (against the
 * cap), who else is a member, the custom roles and what each grants, and the one identity above
 * every grant (the bootstrap's organization admin token).
 */
import { AccessModel } from "../model/access";
import type { SectionStyle } from "./guardrails";

export interface PlanMembership {
  /** Whether membership is managed (admins declared). */
  readonly managed: boolean;
  readonly maxAdmins: number;
  readonly admins: readonly string[];
  readonly members: readonly { login: string; teams: readonly string[] }[];
  readonly roles: readonly {
    name: string;
    globalScopes: readonly string[];
    environmentScopes: readonly string[];
    /** `project/name` of the environments the role's scopes are pinned to. */
    environments: readonly string[];
    team?: string;
    defaultDeploymentRole: boolean;
  }[];
  /** Identities above every grant besides the admins: the bootstrap's organization token. */
  readonly organizationTokens: readonly string[];
}

export function planMembership(model: AccessModel): PlanMembership {
  return {
    managed: model.members.some((m) => m.role === "admin"),
    maxAdmins: model.defaults.maxAdmins,
    admins: model.members.filter((m) => m.role === "admin").map((m) => m.login),
    members: model.members
      .filter((m) => m.role === "member")
      .map((m) => ({ login: m.login, teams: m.teams })),
    roles: model.roles.map((r) => ({
      name: r.name,
      globalScopes: r.globalScopes,
      environmentScopes: r.environmentScopes,
      environments: r.environments.map((e) => `${e.project}/${e.name}`),
      team: r.team,
      defaultDeploymentRole: r.defaultDeploymentRole,
    })),
    organizationTokens: model.identities
      .filter((i) => i.tokenType === "organization")
      .map(
        (i) =>
          `${i.project}/${i.tier}: ${i.repository}@${i.branch} in GitHub environment ${i.githubEnvironment} (admin token)`,
      ),
  };
}

export function renderMembership(m: PlanMembership, style: SectionStyle): string[] {
  const { heading, table, item } = style;
  const roleRows = m.roles.map((r) => [
    r.name,
    r.defaultDeploymentRole ? "org default deployment role" : r.team ? `team ${r.team}` : "",
    [
      ...r.globalScopes,
      ...(r.environments.length
        ? [`${r.environmentScopes.join(", ")} on ${r.environments.join(", ")}`]
        : []),
    ].join("; "),
  ]);
  return [
    heading(`Organization: ${m.admins.length} of at most ${m.maxAdmins} admins`),
    ...(m.managed
      ? [
          `${item}admins (bypass every grant): ${m.admins.join(", ")}`,
          `${item}members: ${m.members.map((x) => x.login).join(", ") || "none"}`,
        ]
      : [`${item}membership is not managed: declare admins (the audit reports every live admin)`]),
    ...m.organizationTokens.map((t) => `${item}organization token by OIDC: ${t}`),
    "",
    ...(m.roles.length
      ? [...table(["custom role", "assigned to", "grants"], roleRows), ""]
      : [`${item}no custom roles (defaults.customRoles is off)`, ""]),
  ];
}
