/**
 * Teams and their members: declared teams that do not exist, live teams no config declares,
 * undeclared and missing members, humans on machine teams; and the deployer, the bootstrap
 * identity that Pulumi Cloud adds to every team it creates, which is ignored as a member. Each
 * live team's permissions are checked in grants.ts; the Insights account permissions it grants
 * (none declared) here.
 */
import { AccessModel } from "../../model/access";
import { checkTeamGrants, declaredGrants } from "./grants";
import { Resources } from "./resources";
import { accountPermissionName, accountPermissionSeverity } from "./helpers";
import { Add, CompareResult, LiveSnapshot, LiveTeam } from "./types";

type DeclaredTeam = AccessModel["teams"][number];

/**
 * The login ignored as a team member: given, inferred from the live teams, or none. Pulumi Cloud
 * adds a team's creator to it, and the program lists its deploying identity (the provider's
 * current user) on every team, so the bootstrap identity is on every declared team. So is whoever
 * added themselves to every team: inference takes only a login the config vouches for, a declared
 * admin (the deploying identity must be one, `admins`; an admin bypasses every grant, so ignoring
 * its memberships hides no access) or the organization's own name (what an organization token,
 * the bootstrap pipeline's, reports as its user: docs/assumptions.md). Any other login on every
 * team is `unconfirmed`: not excused, reported (fails closed).
 */
export function resolveDeployer(
  model: AccessModel,
  live: LiveSnapshot,
  option: string | null | undefined,
): CompareResult["deployer"] {
  if (option === null) return { source: "none" };
  if (option !== undefined) return { login: option, source: "option" };
  const declared = new Map(model.teams.map((t) => [t.name, t]));
  const teams = (live.teams ?? []).filter((t) => declared.has(t.name));
  if (teams.length === 0) return { source: "none" };
  let common = new Set(teams[0].members);
  for (const t of teams.slice(1)) common = new Set(t.members.filter((m) => common.has(m)));
  // A login declared on every one of those teams is a member in its own right.
  const candidates = [...common].filter(
    (login) => !teams.every((t) => declared.get(t.name)?.members.includes(login)),
  );
  const admins = new Set(model.members.filter((m) => m.role === "admin").map((m) => m.login));
  // Exact spelling: whether Pulumi folds login case is unsettled, so a variant is not vouched for.
  const known = candidates.filter((l) => l === model.organization || admins.has(l));
  const unconfirmed = candidates.filter((l) => !known.includes(l));
  const extra = unconfirmed.length ? { unconfirmed } : {};
  return known.length === 1
    ? { login: known[0], source: "inferred", ...extra }
    : { source: "none", ...extra };
}

/** Every live team's members and permissions against the declared teams and grants. */
export function compareTeams(
  model: AccessModel,
  liveTeams: readonly LiveTeam[],
  deployer: string | undefined,
  res: Resources,
  add: Add,
): void {
  const declaredTeams = new Map(model.teams.map((t) => [t.name, t]));
  const grants = declaredGrants(model);
  reportMissingTeams(model, liveTeams, add);
  for (const team of liveTeams) {
    const declared = declaredTeams.get(team.name);
    const members = team.members.filter((m) => m !== deployer);
    checkMembers(team, declared, members, add);
    checkAccounts(team, members, add);
    // A team is human when declared so, or (undeclared) when it has members.
    const human = declared ? declared.kind === "human" : members.length > 0;
    const who = members.length ? ` (members: ${members.join(", ")})` : "";
    checkTeamGrants(model, team, declared !== undefined, grants, {
      team: team.name,
      human,
      who,
      res,
      add,
    });
  }
}

/**
 * The Insights account permissions a live team grants. The bootstrap grants none (its teams hold
 * stack and environment permissions and custom roles only), so any permission above none is
 * drift, on a declared team or not: high for write or admin, medium for read (helpers.ts).
 */
function checkAccounts(team: LiveTeam, members: readonly string[], add: Add): void {
  for (const a of team.accounts ?? []) {
    const p = accountPermissionName(a.permission);
    if (p === "none") continue;
    add({
      severity: accountPermissionSeverity(p),
      code: "team-insights-account",
      subject: `team:${team.name} insights-account:${a.account}`,
      message:
        `team ${team.name} grants ${p} on Insights account ${a.account}` +
        (members.length ? ` to ${members.join(", ")}` : "") +
        (p === "read"
          ? ": its members see the account's scanned cloud resources"
          : ": its members can change the account's credentials environment and the agent pool its scans run on") +
        "; the config grants no Insights account permission (remove it from the team)",
      declared: "none",
      live: { account: a.account, permission: p },
    });
  }
}

/** Declared teams that do not exist. */
function reportMissingTeams(model: AccessModel, liveTeams: readonly LiveTeam[], add: Add): void {
  const liveByName = new Map(liveTeams.map((t) => [t.name, t]));
  for (const t of model.teams) {
    if (liveByName.has(t.name)) continue;
    const grants = model.grants.filter((g) => g.team === t.name).length;
    add({
      severity: "medium",
      code: "team-missing",
      subject: `team:${t.name}`,
      message:
        `declared ${t.kind} team ${t.name} does not exist (${grants} declared grant` +
        `${grants === 1 ? "" : "s"} cannot exist either): run the bootstrap`,
    });
  }
}

/**
 * A live team's members (without the deployer): the whole team when no config declares it, any
 * member of a machine team, undeclared and missing members of a human team.
 */
function checkMembers(
  team: LiveTeam,
  declared: DeclaredTeam | undefined,
  members: readonly string[],
  add: Add,
): void {
  if (!declared)
    add({
      severity: "medium",
      code: "team-undeclared",
      subject: `team:${team.name}`,
      message:
        `team ${team.name} (${team.kind}) is not declared in the config` +
        (members.length ? `; members: ${members.join(", ")}` : "; no members"),
      live: { kind: team.kind, members },
    });
  else if (declared.kind === "machine") {
    for (const m of members)
      add({
        severity: "high",
        code: "machine-team-member",
        subject: `member:${m} team:${team.name}`,
        message:
          `${m} is a member of machine team ${team.name}, whose token only its workflow should ` +
          "obtain: the member gets every permission of that identity",
      });
  } else {
    for (const m of members.filter((x) => !declared.members.includes(x)))
      add({
        severity: "medium",
        code: "member-undeclared",
        subject: `member:${m} team:${team.name}`,
        message: `${m} is a member of team ${team.name} but not declared in teams[].members`,
      });
    for (const m of declared.members.filter((x) => !team.members.includes(x)))
      add({
        severity: "low",
        code: "member-missing",
        subject: `member:${m} team:${team.name}`,
        message: `${m} is declared in team ${team.name} but is not a member`,
      });
  }
}
