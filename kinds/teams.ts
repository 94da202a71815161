/** Pulumi Cloud teams: each declared team with its members (human teams) or none (machine teams). */
import { calls, count, fixed, PS_COSTS, ZERO } from "./cost";
import { parts, PS } from "./ids";
import { s, teamOf } from "./helpers";
import { readTeams } from "./read";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{team}`. */
export const teamId = (org: string, team: string) => parts("/", [org, team], "Team");

export const pulumiTeam: ManagedType = {
  token: "pulumiservice:index:Team",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/teams", "GET /api/orgs/{orgName}/teams/{teamName}"],
    codes: [
      "team-undeclared",
      "team-missing",
      "member-undeclared",
      "member-missing",
      "machine-team-member",
      "team-insights-account",
    ],
    severity:
      "high (human on a machine team; write or admin on an Insights account), medium (read on an Insights account, membership)",
  },
  importId: {
    format: "{organization}/{team}",
    source: `${PS}team.go (Read, splitSingleSlashString)`,
    importable: true,
  },
  cost: {
    service: "pulumi",
    formula: {
      create: "2 + m (m members, the deploying identity included)",
      update: "1 (+1 per member added or removed)",
      read: "1",
      preview: "0",
    },
    cost: {
      // CreateTeam, AddMemberToTeam per member, GetTeam.
      create: (c) => calls(2 + count(c.inputs.members), 1 + count(c.inputs.members)),
      update: fixed(calls(1, 1)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS_COSTS}/resources/team.go Team.Create/Update/Read; pulumiapi/teams.go CreateTeam, AddMemberToTeam, GetTeam, UpdateTeam`,
  },
  replaces: ["organizationName", "teamType", "name"],
  guard: "pulumi-team",
  // The declared members, sorted: the live team's order, so an import shows no difference.
  importInputs: (props, model) => {
    const team =
      typeof props.name === "string" ? model.teams.find((t) => t.name === props.name) : undefined;
    return team
      ? { ...props, members: [...team.members].sort((a, b) => a.localeCompare(b)) }
      : props;
  },
  lookup: (_r, i, ctx) => {
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
      id: teamId(ctx.org, t.name),
      match: { organizationName: ctx.org, name: t.name },
      live: {
        displayName: t.displayName,
        description: t.description,
        members: [...t.members].sort(),
      },
    };
  },
};

export const teams: ManagedArea = {
  name: "teams",
  summary: "Pulumi Cloud teams and their members",
  types: [pulumiTeam],
  live: { reads: "every team with its members and grants", read: readTeams },
  audit: ["teams"],
  propose: "adopt/access.ts",
};
