/**
 * Custom roles (`defaults.customRoles`) against the declared ones (model/access/roles.ts): each
 * declared role exists with the declared permissions, each role a team, an OIDC policy
 * (`roleID`), a member (`fgaRole`) or Pulumi Deployments (the default deployment role) holds is
 * declared for it, and each declared assignment exists.
 *
 * A role's permission descriptor is compared by shape: its organization-wide scopes, and one
 * condition per declared environment, each pinned to one environment (`environment == <id>`) and
 * granting exactly the environment scopes. Which environment each condition names is not checked:
 * the audit does not know the environments' ids. A node the comparison cannot read (a compose of
 * other descriptors, a select, an if-then-else) could grant anything, so it is reported as high.
 */
import { AccessModel, RoleSpec } from "../../model/access";
import { Add, LiveRole, LiveSnapshot } from "./types";

type Node = Record<string, unknown>;

interface Flat {
  readonly unconditional: Set<string>;
  readonly conditions: { pinned: boolean; scopes: Set<string> }[];
  /** Node types the comparison cannot read. */
  readonly opaque: Set<string>;
}

/** Whether a condition pins exactly one environment by its id. */
function pinsOneEnvironment(c: unknown): boolean {
  const n = (c ?? {}) as Node;
  const left = (n.left ?? {}) as Node;
  const right = (n.right ?? {}) as Node;
  return (
    n.__type === "PermissionExpressionEqual" &&
    left.__type === "PermissionExpressionEnvironment" &&
    right.__type === "PermissionLiteralExpressionEnvironment" &&
    typeof right.identity === "string" &&
    right.identity !== ""
  );
}

/** The scopes a descriptor grants, unconditionally and per condition. */
export function flattenDescriptor(details: unknown): Flat {
  const flat: Flat = { unconditional: new Set(), conditions: [], opaque: new Set() };
  const visit = (value: unknown, into: Set<string>) => {
    const n = (value ?? {}) as Node;
    switch (n.__type) {
      case "PermissionDescriptorAllow":
        for (const p of Array.isArray(n.permissions) ? n.permissions : []) into.add(String(p));
        return;
      case "PermissionDescriptorGroup":
        for (const e of Array.isArray(n.entries) ? n.entries : []) visit(e, into);
        return;
      case "PermissionDescriptorCondition": {
        if (into !== flat.unconditional) return visit(n.subNode, into);
        const c = { pinned: pinsOneEnvironment(n.condition), scopes: new Set<string>() };
        flat.conditions.push(c);
        return visit(n.subNode, c.scopes);
      }
      default:
        flat.opaque.add(typeof n.__type === "string" ? n.__type : "(no __type)");
    }
  };
  if (details !== undefined && details !== null) visit(details, flat.unconditional);
  return flat;
}

const minus = (a: Iterable<string>, b: ReadonlySet<string> | readonly string[]) => {
  const set = new Set(b);
  return [...a].filter((x) => !set.has(x)).sort();
};

/** What a live role grants beyond and below the declared one. */
export function roleDifferences(
  spec: RoleSpec,
  live: LiveRole,
): { more: string[]; less: string[] } {
  const flat = flattenDescriptor(live.details);
  const more: string[] = [];
  const less: string[] = [];
  if (flat.opaque.size)
    more.push(`descriptor nodes the audit cannot read (${[...flat.opaque].sort().join(", ")})`);
  const extra = minus(flat.unconditional, spec.globalScopes);
  if (extra.length) more.push(`on every entity: ${extra.join(", ")}`);
  const gone = minus(spec.globalScopes, flat.unconditional);
  if (gone.length) less.push(`no longer on every entity: ${gone.join(", ")}`);
  const unpinned = flat.conditions.filter((c) => !c.pinned).length;
  if (unpinned) more.push(`${unpinned} condition(s) not pinned to one environment`);
  for (const c of flat.conditions) {
    const plus = minus(c.scopes, spec.environmentScopes);
    if (plus.length) more.push(`on an environment: ${plus.join(", ")}`);
    const minusScopes = minus(spec.environmentScopes, c.scopes);
    if (minusScopes.length) less.push(`no longer on an environment: ${minusScopes.join(", ")}`);
  }
  const want = spec.environments.length;
  const have = flat.conditions.length;
  if (have > want) more.push(`${have} environment conditions, declared ${want}`);
  else if (have < want) less.push(`${have} environment conditions, declared ${want}`);
  return { more, less };
}

/** Every custom role comparison; needs the roles list (absent: not read, nothing compared). */
export function compareRoles(model: AccessModel, live: LiveSnapshot, add: Add): void {
  const roles = live.roles;
  if (!roles) return;
  const byId = new Map(roles.map((r) => [r.id, r]));
  const nameOf = (id: string) => byId.get(id)?.name ?? `(unknown role id ${id})`;
  const declared = new Map(model.roles.map((r) => [r.name, r]));
  const held = new Set<string>();
  compareDeclaredRoles(model, roles, add);
  for (const t of live.teams ?? [])
    for (const id of t.roleIds ?? []) {
      held.add(id);
      const spec = declared.get(nameOf(id));
      if (spec?.team === t.name) continue;
      add({
        severity: "high",
        code: "role-grant-undeclared",
        subject: `team:${t.name} role:${nameOf(id)}`,
        message:
          `team ${t.name} holds custom role ${nameOf(id)}, which the config does not assign to it: ` +
          "every member and every token of the team gets what the role grants",
        live: { roleId: id },
      });
    }
  comparePolicyRoles(live, nameOf, held, add);
  compareMemberRoles(live, held, add);
  compareDeploymentRole(model, live, nameOf, held, add);
  reportMissingAssignments(model, live, roles, add);
  for (const r of roles)
    if (!declared.has(r.name) && !held.has(r.id))
      add({
        severity: "low",
        code: "role-undeclared",
        subject: `role:${r.name}`,
        message: `custom role ${r.name} is not declared; nobody holds it now, so it grants nothing yet`,
      });
}

/** Each declared role exists with the declared permissions. */
function compareDeclaredRoles(model: AccessModel, roles: readonly LiveRole[], add: Add): void {
  for (const spec of model.roles) {
    const live = roles.find((r) => r.name === spec.name);
    if (!live) {
      add({
        severity: "medium",
        code: "role-missing",
        subject: `role:${spec.name}`,
        message:
          `declared custom role ${spec.name} (defaults.customRoles) does not exist: ` +
          (spec.key === "deployments"
            ? "Pulumi Deployments cannot open its stacks' environments"
            : "the scheduled audit cannot read what needs more than member rights") +
          "; run the bootstrap (custom roles need the Enterprise or Business Critical edition)",
      });
      continue;
    }
    const { more, less } = roleDifferences(spec, live);
    if (more.length === 0 && less.length === 0) continue;
    add({
      severity: more.length ? "high" : "medium",
      code: "role-changed",
      subject: `role:${spec.name}`,
      message:
        `custom role ${spec.name} differs from the declared one: ${[...more, ...less].join("; ")}` +
        (more.length ? ": whoever holds it gets more than declared" : ""),
      declared: {
        globalScopes: spec.globalScopes,
        environmentScopes: spec.environmentScopes,
        environments: spec.environments.length,
      },
      live: live.details,
    });
  }
}

/** OIDC policies carrying a role: the config declares none (provider 1.3.0 cannot set one). */
function comparePolicyRoles(
  live: LiveSnapshot,
  nameOf: (id: string) => string,
  held: Set<string>,
  add: Add,
): void {
  for (const issuer of live.oidcIssuers ?? [])
    issuer.policies.forEach((p, i) => {
      if (!p.roleID) return;
      held.add(p.roleID);
      add({
        severity: "high",
        code: "role-grant-undeclared",
        subject: `oidc:${issuer.name}#${i} role:${nameOf(p.roleID)}`,
        message:
          `a ${p.decision} policy of OIDC issuer ${issuer.name} (${p.tokenType} token) carries custom ` +
          `role ${nameOf(p.roleID)}, which the config does not declare for any policy: the tokens ` +
          "it issues get what the role grants",
        live: p,
      });
    });
}

/** Members whose organization role is a custom role: the config declares admin or member only. */
function compareMemberRoles(live: LiveSnapshot, held: Set<string>, add: Add): void {
  for (const m of live.members ?? []) {
    if (!m.customRole) continue;
    held.add(m.customRole.id);
    add({
      severity: "high",
      code: "role-grant-undeclared",
      subject: `member:${m.login} role:${m.customRole.name}`,
      message:
        `${m.login}'s organization role is custom role ${m.customRole.name}; the config declares ` +
        "every member as admin or member",
      live: m.customRole,
    });
  }
}

/** The organization's default deployment role against the declared deployment role. */
function compareDeploymentRole(
  model: AccessModel,
  live: LiveSnapshot,
  nameOf: (id: string) => string,
  held: Set<string>,
  add: Add,
): void {
  const id = live.defaults?.defaultDeploymentRoleId ?? "";
  if (!live.defaults) return;
  const spec = model.roles.find((r) => r.defaultDeploymentRole);
  if (id) held.add(id);
  if (spec && nameOf(id) === spec.name) return;
  if (!id) {
    if (spec)
      add({
        severity: "medium",
        code: "role-grant-missing",
        subject: `org:defaultDeploymentRoleId role:${spec.name}`,
        message:
          `the organization has no default deployment role, declared ${spec.name}: Pulumi ` +
          "Deployments cannot open the environments of the stacks it deploys",
        declared: spec.name,
        live: null,
      });
    return;
  }
  add({
    severity: "high",
    code: "role-grant-undeclared",
    subject: `org:defaultDeploymentRoleId role:${nameOf(id)}`,
    message:
      `Pulumi Deployments runs with custom role ${nameOf(id)} (the organization's default ` +
      `deployment role), ${spec ? `declared ${spec.name}` : "which the config does not declare"}: ` +
      "every deployment gets what that role grants",
    declared: spec?.name ?? null,
    live: nameOf(id),
  });
}

/** Declared team assignments that are missing (when the role and the team exist). */
function reportMissingAssignments(
  model: AccessModel,
  live: LiveSnapshot,
  roles: readonly LiveRole[],
  add: Add,
): void {
  for (const spec of model.roles) {
    if (!spec.team) continue;
    const role = roles.find((r) => r.name === spec.name);
    const team = (live.teams ?? []).find((t) => t.name === spec.team);
    if (!role || !team || team.roleIds === undefined) continue;
    if (team.roleIds.includes(role.id)) continue;
    add({
      severity: "medium",
      code: "role-grant-missing",
      subject: `team:${spec.team} role:${spec.name}`,
      message: `team ${spec.team} does not hold its declared custom role ${spec.name}`,
    });
  }
}
