/**
 * Break-glass on protected tiers (issue 28): per use by default, standing only when declared so.
 *
 * Per use, refused when: no approver team; an approver team that requests the same break-glass or
 * shares a member with a requesting team (self-approval); a stack permission or an environment
 * write/admin (ESC gates opens only, and a writer of the break-glass environment could change what
 * the approvers approve, e.g. import another environment); a requesting member who also holds a
 * standing elevated grant on the same environment through another team (the gate sidestepped);
 * the bootstrap's project (its environment holds the GitHub App key); a break-glass environment
 * name that is an environment some pipeline opens (its open gate would stop every deploy: a gated
 * open without an approved request fails). Standing needs its own `standingJustification`.
 * The duration bound is checked with the tier (./tiers.ts).
 */
import { pulumiLoginKey } from "../../names";
import { arr, isObj, LenientTier, obj, str, View } from "../view";
import { PolicyContext, tierUses } from "./shared";

const SUFFIX = "-breakglass";
const ELEVATED_ENV = ["open", "write", "admin"];

/** Teams (index, name, path) whose role on `project` is `role`: a named entry beats "*". */
function teamsWithRole(v: View, project: string, role: string) {
  const out: { index: number; name: string; via: string; members: string[] }[] = [];
  v.teams.forEach((t, index) => {
    const named = Object.prototype.hasOwnProperty.call(t.access, project);
    const r = named ? t.access[project] : t.access["*"];
    if (r !== role || !t.name) return;
    out.push({
      index,
      name: t.name,
      via: `teams[${index}].access${named ? `.${project}` : '["*"]'}`,
      members: arr(t.members).filter((m): m is string => typeof m === "string"),
    });
  });
  return out;
}

/** Every break-glass on every protected tier. */
export function checkBreakGlass(ctx: PolicyContext): void {
  ctx.v.tiers.forEach((t, ti) => {
    if (!t.protected) return;
    let perUseRole: string | undefined;
    for (const [role, policy] of Object.entries(t.roles)) {
      if (!isObj(policy.breakGlass)) continue;
      const path = `tiers[${ti}].roles.${role}.breakGlass`;
      if (policy.breakGlass.standing === true) {
        checkStanding(ctx, path, policy.breakGlass);
        continue;
      }
      if (perUseRole !== undefined)
        ctx.err(
          path,
          `tier "${t.name}" already has a per-use break-glass role ("${perUseRole}"): one per tier, ` +
            "whose teams share the tier's break-glass environment; give both teams that role",
        );
      perUseRole ??= role;
      checkPerUse(ctx, t, ti, role, path);
    }
  });
}

function checkStanding(ctx: PolicyContext, path: string, bg: Record<string, unknown>): void {
  if (str(bg.standingJustification) === undefined)
    ctx.err(
      `${path}.standingJustification`,
      "is required with standing: true: a standing break-glass is usable at any moment without " +
        "anyone's approval. Say why per-use approval cannot work, or remove standing and name approvers",
    );
  if (bg.approvers !== undefined || bg.requiredApprovals !== undefined)
    ctx.err(
      `${path}.approvers`,
      "approvers apply to per-use break-glass only; remove them, or remove standing: true",
    );
}

function checkPerUse(
  ctx: PolicyContext,
  t: LenientTier,
  ti: number,
  role: string,
  path: string,
): void {
  const { v, err } = ctx;
  const policy = t.roles[role];
  const bg = obj(policy.breakGlass);
  if (bg.standingJustification !== undefined)
    err(
      `${path}.standingJustification`,
      "applies only with standing: true; remove it (this break-glass is approved per use)",
    );
  if (bg.maxDuration !== undefined && bg.maxOpenDuration !== undefined)
    err(`${path}.maxOpenDuration`, "is the former name of maxDuration; keep only maxDuration");
  if (policy.stack === "write" || policy.stack === "admin")
    err(
      `tiers[${ti}].roles.${role}.stack`,
      `"${policy.stack}" cannot be approved per use (ESC gates environment opens, not stack ` +
        'updates): use "read" or "none", or declare breakGlass.standing: true with standingJustification',
    );
  if (policy.environment === "write" || policy.environment === "admin")
    err(
      `tiers[${ti}].roles.${role}.environment`,
      `"${policy.environment}" on the break-glass environment would let a requester change what the ` +
        'approvers approve (its definition, e.g. an import of another environment): use "open"',
    );
  const approvers = arr(bg.approvers).filter((a): a is string => typeof a === "string");
  if (approvers.length === 0) {
    err(
      `${path}.approvers`,
      "is required: break-glass is approved per use by default, by members of other teams. " +
        "Name the approver teams (e.g. [security]), or declare standing: true with standingJustification",
    );
    return;
  }
  checkApprovalsReachable(ctx, path, approvers, bg.requiredApprovals);
  for (const use of tierUses(v, t)) checkUse(ctx, t, ti, role, path, approvers, use.project);
}

/**
 * A request needs `requiredApprovals` approvals by distinct people of the approver teams: with
 * fewer distinct members than that, no request could ever be approved, and break-glass would fail
 * when it is needed (inviting a standing workaround).
 */
function checkApprovalsReachable(
  { v, err }: PolicyContext,
  path: string,
  approvers: readonly string[],
  required: unknown,
): void {
  const need = typeof required === "number" ? required : 1;
  const people = new Set<string>();
  for (const a of approvers) {
    const team = v.teams.find((t) => t.name?.toLowerCase() === a.toLowerCase());
    for (const m of arr(team?.members)) if (typeof m === "string") people.add(pulumiLoginKey(m));
  }
  // An approver team that is not declared or has no members is reported on its own.
  if (people.size > 0 && people.size < need)
    err(
      `${path}.requiredApprovals`,
      `${need} approvals by distinct people are required, but the approver teams ` +
        `(${approvers.join(", ")}) have ${people.size} member(s): no request could be approved. ` +
        "Lower requiredApprovals or add approvers",
    );
}

/** One project's use of the tier: self-approval, sidesteps, the bootstrap, the deploy identity. */
function checkUse(
  ctx: PolicyContext,
  t: LenientTier,
  ti: number,
  role: string,
  path: string,
  approvers: string[],
  project: string,
): void {
  const { v, err } = ctx;
  const requesters = teamsWithRole(v, project, role);
  if (requesters.length === 0) return;
  const p = v.projects.find((x) => x.name === project);
  if (p?.bootstrap)
    for (const r of requesters)
      err(
        `${r.via}`,
        `break-glass reaches the bootstrap's environment (${project}, tiers[${ti}].roles.${role}.breakGlass): ` +
          "it holds the GitHub App key and only organization admins open it. Give this team a role " +
          `without breakGlass on ${project}`,
      );
  checkSelfApproval(ctx, path, approvers, requesters, project);
  checkStandingSidestep(ctx, t, role, requesters, project);
  const entry = obj(p?.tiers[t.name ?? ""]);
  const envName = `${str(entry.environment) ?? t.name}${SUFFIX}`;
  v.projects.forEach((q, qi) => {
    if (q.name?.toLowerCase() !== project.toLowerCase()) return;
    for (const [tn, e] of Object.entries(q.tiers)) {
      const own = str(obj(e).environment) ?? tn;
      if (own.toLowerCase() === envName.toLowerCase())
        err(
          `projects[${qi}].tiers.${tn}${str(obj(e).environment) ? ".environment" : ""}`,
          `${q.name}/${own} is the break-glass environment of ${path}: its open gate would stop ` +
            "the pipeline that opens it (a gated open without an approved request fails). Rename the environment",
        );
    }
  });
}

function checkSelfApproval(
  { v, err }: PolicyContext,
  path: string,
  approvers: string[],
  requesters: ReturnType<typeof teamsWithRole>,
  project: string,
): void {
  approvers.forEach((a, ai) => {
    const team = v.teams.find((t) => t.name?.toLowerCase() === a.toLowerCase());
    if (!team) {
      err(`${path}.approvers[${ai}]`, `team "${a}" is not declared in teams`);
      return;
    }
    const eligible = arr(team.members).filter((m): m is string => typeof m === "string");
    if (eligible.length === 0)
      err(`${path}.approvers[${ai}]`, `team "${a}" has no members: nobody could approve a request`);
    for (const r of requesters) {
      if (r.name.toLowerCase() === a.toLowerCase()) {
        err(
          `${path}.approvers[${ai}]`,
          `team "${a}" requests this break-glass on ${project} (${r.via}): a team cannot approve ` +
            "its own requests. Name another team",
        );
        continue;
      }
      const mine = new Set(r.members.map(pulumiLoginKey));
      const shared = eligible.filter((m) => mine.has(pulumiLoginKey(m)));
      if (shared.length)
        err(
          `${path}.approvers[${ai}]`,
          `team "${a}" shares member(s) ${shared.join(", ")} with requesting team "${r.name}" ` +
            `(${r.via}): they could approve their own request. Remove them from one team or name another approver team`,
        );
    }
  });
}

/** A requesting member who holds a standing elevated environment grant on the same environment. */
function checkStandingSidestep(
  { v, err }: PolicyContext,
  t: LenientTier,
  role: string,
  requesters: ReturnType<typeof teamsWithRole>,
  project: string,
): void {
  const mine = new Set(requesters.flatMap((r) => r.members.map(pulumiLoginKey)));
  for (const [other, policy] of Object.entries(t.roles)) {
    if (other === role || !ELEVATED_ENV.includes(policy.environment ?? "")) continue;
    if (!isObj(policy.breakGlass) || policy.breakGlass.standing !== true) continue;
    for (const o of teamsWithRole(v, project, other)) {
      const shared = o.members.filter((m) => mine.has(pulumiLoginKey(m)));
      if (shared.length)
        err(
          o.via,
          `member(s) ${shared.join(", ")} of this team also request break-glass "${role}" on ` +
            `${project}/${t.name}, but hold standing ${policy.environment} here through role "${other}": ` +
            "the approval would be sidestepped. Remove them from one team",
        );
    }
  }
}
