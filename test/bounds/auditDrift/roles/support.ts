/** The helpers roles.ts's drift cases share (split so each file stays under 600 lines). */
import { Mutable } from "../../../audit/harness";

export const role = (w: Mutable, key: string) =>
  w.roles.find((r: Mutable) => r.id === `role-${key}`);
export const entries = (w: Mutable, key: string): Mutable[] => role(w, key).details.entries;
export const collaborators = (w: Mutable, project: string, stack: string) =>
  w.collaborators.find((c: Mutable) => c.project === project && c.stack === stack);
export const tags = (w: Mutable, project: string, stack: string) =>
  w.stackTags.find((c: Mutable) => c.project === project && c.stack === stack).tags;
export const rogueRole = {
  id: "role-rogue",
  name: "rogue",
  details: { __type: "PermissionDescriptorAllow", permissions: ["stack:update"] },
};
