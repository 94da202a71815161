/**
 * The default deployment role's conditions (issue 25): which environments the role Pulumi
 * Deployments runs with may open, by the ids its conditions name (`PermissionLiteralExpression
 * Environment.identity`), against the environments the config declares for it (model/access/
 * roles.ts: the environments of the stacks that deploy with Pulumi Deployments and their login
 * environments). The ids are the live environments' `OrgEnvironment.id` (the ESC list). A
 * condition naming an undeclared environment is high when that environment is on a protected
 * tier (every Deployments run could open it), medium otherwise; an id no live environment has is
 * medium; a declared environment no condition names is low (its deployments cannot open it).
 */
import { AccessModel } from "../../model/access";
import { stackKey } from "./helpers";
import { isProtected, Resources } from "./resources";
import { Add, LiveSnapshot } from "./types";

/** Every environment id a permission descriptor's conditions name, anywhere in the tree. */
export function conditionEnvironmentIds(details: unknown): string[] {
  const out: string[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (n === null || typeof n !== "object") return;
    const node = n as Record<string, unknown>;
    if (
      node.__type === "PermissionLiteralExpressionEnvironment" &&
      typeof node.identity === "string"
    )
      out.push(node.identity);
    for (const v of Object.values(node)) visit(v);
  };
  visit(details);
  return [...new Set(out)];
}

export function compareDeploymentRoleConditions(
  model: AccessModel,
  live: LiveSnapshot,
  res: Resources,
  add: Add,
): void {
  const spec = model.roles.find((r) => r.defaultDeploymentRole);
  const id = live.defaults?.defaultDeploymentRoleId;
  const role = live.roles?.find((r) => r.id === id);
  // A missing or other role is reported by roles.ts; nothing to compare without the ids.
  if (!spec || !role || role.name !== spec.name || !live.environments) return;
  const subject = `org:defaultDeploymentRoleId role:${role.name}`;
  if (live.environments.some((e) => !e.id)) {
    add({
      severity: "medium",
      code: "role-condition-environment",
      subject,
      message:
        "the ESC environment list carries no ids, so the environments the default deployment " +
        "role's conditions name were not compared",
    });
    return;
  }
  const byId = new Map(live.environments.map((e) => [e.id as string, stackKey(e.project, e.name)]));
  const want = new Set(spec.environments.map((e) => stackKey(e.project, e.name)));
  const named = new Set<string>();
  for (const envId of conditionEnvironmentIds(role.details)) {
    const key = byId.get(envId);
    if (key === undefined) {
      add({
        severity: "medium",
        code: "role-condition-environment",
        subject: `${subject} environment-id:${envId}`,
        message: `the default deployment role ${role.name} names environment id ${envId}, which no live environment has`,
        live: envId,
      });
      continue;
    }
    named.add(key);
    if (want.has(key)) continue;
    const prot = isProtected(res, "environment", key);
    add({
      severity: prot ? "high" : "medium",
      code: "role-condition-environment",
      subject: `${subject} environment:${key}`,
      message:
        `the default deployment role ${role.name} lets every Pulumi Deployments run open ${key}` +
        `${prot ? " (a protected tier)" : ""}, which the config does not declare for it`,
      live: key,
    });
  }
  for (const key of [...want].sort())
    if (!named.has(key))
      add({
        severity: "low",
        code: "role-condition-environment",
        subject: `${subject} environment:${key}`,
        message: `the default deployment role ${role.name} does not name ${key}: the deployments of its stack cannot open it`,
        declared: key,
      });
}
