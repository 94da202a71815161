/** The helpers access.ts's drift cases share (split so each file stays under 600 lines). */
import { Mutable, teamOf } from "../../../audit/harness";
import { AuditFinding } from "../../../../audit/compare";

export const stackOf = (w: Mutable, team: string, project: string, stack: string) =>
  teamOf(w, team).stacks.find((x: Mutable) => x.project === project && x.stack === stack);
export const envOf = (w: Mutable, team: string, project: string, name: string) =>
  teamOf(w, team).environments.find((x: Mutable) => x.project === project && x.name === name);
export const member = (w: Mutable, login: string) =>
  w.members.find((m: Mutable) => m.login === login);

const MACHINE_TEAMS = [
  "payments-prod-deploy",
  "payments-prod-drift",
  "payments-staging-deploy",
  "payments-staging-preview",
  "secure-org-auditor",
];
const HUMAN_TEAMS = ["payments", "platform", "security", "sre", "web"];
/** The prod example's five machine teams, each holding `login`: high machine-team-member, in order. */
export const onMachineTeams = (login: string): AuditFinding[] =>
  MACHINE_TEAMS.map((team) => ({
    severity: "high",
    code: "machine-team-member",
    subject: `member:${login} team:${team}`,
    message: `${login} is a member of machine team ${team}, whose token only its workflow should obtain: the member gets every permission of that identity`,
  }));
/** The prod example's five human teams, each holding undeclared `login`: medium member-undeclared, in order. */
export const onHumanTeams = (login: string): AuditFinding[] =>
  HUMAN_TEAMS.map((team) => ({
    severity: "medium",
    code: "member-undeclared",
    subject: `member:${login} team:${team}`,
    message: `${login} is a member of team ${team} but not declared in teams[].members`,
  }));
