/** The helpers breakGlass.ts's drift cases share (split so each file stays under 600 lines). */
import { HOUR, Mutable, T } from "../../../audit/harness";

export const PAY = "payments/prod-breakglass";
export const iso = (t: number) => new Date(t * 1000).toISOString();

/** The snapshot's break-glass section: the clean gates (edited), requests and their events. */
export function breakGlass(
  w: Mutable,
  opts: {
    gates?: (gates: Mutable[]) => void;
    requests?: Mutable[];
    events?: Record<string, Mutable[]>;
    durations?: Record<string, { accessDurationSeconds: number; grantExpirationSeconds: number }>;
  } = {},
) {
  const gates: Mutable[] = JSON.parse(JSON.stringify(w.gateWire));
  opts.gates?.(gates);
  const byEnv = new Map<string, Mutable[]>();
  for (const g of gates)
    byEnv.set(g.target.qualifiedName, [...(byEnv.get(g.target.qualifiedName) ?? []), g]);
  w.breakGlass = {
    gates: byEnv,
    requests: opts.requests ?? [],
    events: new Map(Object.entries(opts.events ?? {})),
    ...(opts.durations ? { durations: new Map(Object.entries(opts.durations)) } : {}),
  };
}

export const request = (id: string, by: string, at: number, env = PAY, extra: Mutable = {}) => ({
  id,
  status: "approved",
  action: "open",
  createdAt: iso(at),
  description: `incident ${id}`,
  createdBy: { name: by, githubLogin: by },
  entity: { entityType: "environment", project: env.split("/")[0], name: env.split("/")[1] },
  ...extra,
});
export const event = (type: string, by: string, at: number) => ({
  id: `${type}-${by}-${at}`,
  eventType: type,
  createdAt: iso(at),
  createdBy: { name: by, githubLogin: by },
  changeRequestId: "r",
});
export const openBy = (login: string, at: number, env = PAY) => ({
  timestamp: at,
  event: "environment-open",
  description: `Opened environment "${env}"`,
  user: { name: login, githubLogin: login },
});
/** heidi's request r1 at T-3h, approved by erin at T-2h; heidi opens at `openAt`. */
export const approvedOpen = (
  w: Mutable,
  openAt: number,
  more: Mutable[] = [],
  durations?: Mutable,
) => {
  breakGlass(w, {
    requests: [request("r1", "heidi", T - 3 * HOUR)],
    events: { r1: [event("approved_by_user", "erin", T - 2 * HOUR), ...more] },
    ...(durations ? { durations: { r1: durations } } : {}),
  });
  w.auditLog.events.push(openBy("heidi", openAt));
};
