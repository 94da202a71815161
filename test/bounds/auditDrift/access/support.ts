/** The helpers access.ts's drift cases share (split so each file stays under 600 lines). */
import { Mutable, teamOf } from "../../../audit/harness";

export const stackOf = (w: Mutable, team: string, project: string, stack: string) =>
  teamOf(w, team).stacks.find((x: Mutable) => x.project === project && x.stack === stack);
export const envOf = (w: Mutable, team: string, project: string, name: string) =>
  teamOf(w, team).environments.find((x: Mutable) => x.project === project && x.name === name);
export const member = (w: Mutable, login: string) =>
  w.members.find((m: Mutable) => m.login === login);
