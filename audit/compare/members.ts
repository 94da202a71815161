/**
 * Organization members and admins against `admins`, `members` and the teams' members
 * (model/access/members.ts). Admins bypass every grant: an undeclared admin is high, an undeclared
 * member medium, a declared admin who is only a member medium, a declared member who is not in the
 * organization low. The deployer (the bootstrap identity) is ignored as a plain member, as on
 * teams, but not as an undeclared admin: the deploying identity must be declared in `admins`.
 *
 * With `admins` empty, membership is not managed: every live admin is listed (info) and nothing
 * else is compared.
 */
import { AccessModel } from "../../model/access";
import { Add, LiveMember } from "./types";

/** Roles that give no access yet (an invitation, a known user who has not joined). */
const NOT_MEMBER_ROLES = new Set(["none", "potential-member"]);

export function compareMembers(
  model: AccessModel,
  members: readonly LiveMember[],
  deployer: string | undefined,
  add: Add,
): void {
  const admins = members.filter((m) => m.role === "admin").map((m) => m.login);
  if (!model.members.some((m) => m.role === "admin")) {
    add({
      severity: "info",
      code: "admins-unmanaged",
      subject: "org:admins",
      message:
        `admins is empty, so membership is not managed; the organization's ${admins.length} ` +
        `admin${admins.length === 1 ? "" : "s"}, who bypass every grant: ` +
        `${admins.join(", ") || "(none)"}. Declare them in admins`,
      live: admins,
    });
    return;
  }
  const declared = new Map(model.members.map((m) => [m.login, m]));
  const live = new Map(
    members.filter((m) => !NOT_MEMBER_ROLES.has(m.role)).map((m) => [m.login, m]),
  );
  for (const m of live.values()) {
    const d = declared.get(m.login);
    if (m.role === "admin") {
      if (d?.role !== "admin") reportUndeclaredAdmin(m, d?.source, deployer, add);
      continue;
    }
    if (d?.role === "admin")
      add({
        severity: "medium",
        code: "admin-missing",
        subject: `member:${m.login}`,
        message: `${m.login} is declared an admin (${d.source}) but is a ${m.role}`,
        declared: "admin",
        live: m.role,
      });
    else if (!d && m.login !== deployer)
      add({
        severity: "medium",
        code: "org-member-undeclared",
        subject: `member:${m.login}`,
        message:
          `${m.login} is an organization ${m.role} but no config declares them (admins, members ` +
          "or a team's members): they get the org defaults' rights",
        live: m.role,
      });
  }
  for (const d of model.members) {
    if (live.has(d.login)) continue;
    add({
      severity: d.role === "admin" ? "medium" : "low",
      code: d.role === "admin" ? "admin-missing" : "org-member-missing",
      subject: `member:${d.login}`,
      message: `${d.login} is declared (${d.source}) but is not a member of the organization`,
      declared: d.role,
    });
  }
}

function reportUndeclaredAdmin(
  m: LiveMember,
  source: string | undefined,
  deployer: string | undefined,
  add: Add,
): void {
  add({
    severity: "high",
    code: "admin-undeclared",
    subject: `member:${m.login}`,
    message:
      `${m.login} is an organization admin, which bypasses every grant, but is not declared in ` +
      "admins" +
      (source ? ` (declared as a member, ${source})` : "") +
      (m.login === deployer
        ? " (the deployer: the deploying identity must be an admin in admins)"
        : "") +
      ": declare them in admins or make them a member",
    declared: source ? "member" : null,
    live: "admin",
  });
}
