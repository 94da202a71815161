/** The helpers settings.ts's drift cases share (split so each file stays under 600 lines). */
import { Mutable } from "../../../audit/harness";

export const deployment = (w: Mutable, project: string, stack: string) =>
  w.deployments.find((d: Mutable) => d.project === project && d.stack === stack);
export const settings = (w: Mutable, stack: "staging" | "production") =>
  deployment(w, "web", stack).settings;
export const hook = (w: Mutable, name: string) => w.webhooks.find((h: Mutable) => h.name === name);
export const group = (w: Mutable, kind: "mandatory" | "advisory") =>
  w.policyGroups.find((g: Mutable) => g.name === `secure-org-guardrails-${kind}`);
export const pack = (w: Mutable, kind: "mandatory" | "advisory") => group(w, kind).packs[0];
