/**
 * The organization defaults against `defaults`: the default stack and environment permissions,
 * what members may create and delete, and the token expiry policy.
 */
import { AccessModel, ENV_RANK, STACK_RANK } from "../../model/access";
import { Severity } from "../../model/config";
import { envPermission, stackPermissionName } from "./helpers";
import { Add, LiveOrgDefaults } from "./types";

type Declared = AccessModel["defaults"];

/** Reports one differing default. */
type Diff = (
  field: string,
  severity: Severity,
  declared: unknown,
  actual: unknown,
  why: string,
) => void;

export function compareDefaults(model: AccessModel, live: LiveOrgDefaults, add: Add): void {
  const d = model.defaults;
  const diff: Diff = (field, severity, declared, actual, why) =>
    add({
      severity,
      code: "org-default-differs",
      subject: `org:${field}`,
      message: `organization default ${field} is ${JSON.stringify(actual)}, declared ${JSON.stringify(declared)}: ${why}`,
      declared,
      live: actual,
    });
  comparePermissionDefaults(d, live, diff);
  compareMemberFlags(d, live, diff);
  compareTokenExpiry(d, live, diff);
}

/** The default stack and environment permissions: wider than declared reaches protected ones. */
function comparePermissionDefaults(d: Declared, live: LiveOrgDefaults, diff: Diff): void {
  const stack = stackPermissionName(live.defaultStackPermission);
  if (STACK_RANK[stack] > STACK_RANK[d.stackPermission])
    diff(
      "stackPermission",
      "high",
      d.stackPermission,
      stack,
      `every org member (and every team token) gets stack ${stack} on every stack, protected ones included`,
    );
  else if (stack !== d.stackPermission)
    diff("stackPermission", "low", d.stackPermission, stack, "narrower than declared");

  const env = envPermission(live.defaultEnvironmentPermission);
  if (ENV_RANK[env] > ENV_RANK[d.environmentPermission])
    diff(
      "environmentPermission",
      ENV_RANK[env] >= ENV_RANK.open ? "high" : "medium",
      d.environmentPermission,
      env,
      `every org member gets environment ${env} on every environment, protected ones included`,
    );
  else if (env !== d.environmentPermission)
    diff("environmentPermission", "low", d.environmentPermission, env, "narrower than declared");
}

/** What members may create and delete. */
function compareMemberFlags(d: Declared, live: LiveOrgDefaults, diff: Diff): void {
  const flags = [
    ["membersCanCreateStacks", "members can create stacks and become their admins"],
    ["membersCanDeleteStacks", "members can delete stacks"],
    ["membersCanCreateTeams", "members can create teams outside the config"],
  ] as const;
  for (const [field, why] of flags) {
    const actual = live[field];
    if (actual === d[field]) continue;
    if (actual) diff(field, "medium", d[field], actual, why);
    else diff(field, "low", d[field], actual, "narrower than declared");
  }
}

/** The token expiry policy, when `defaults` declares one. */
function compareTokenExpiry(d: Declared, live: LiveOrgDefaults, diff: Diff): void {
  if (d.maxAccessTokenExpiryDays === undefined) return;
  const actual = live.maxAccessTokenExpiryDays ?? null;
  if (actual === null || actual === 0)
    diff(
      "maxAccessTokenExpiryDays",
      "medium",
      d.maxAccessTokenExpiryDays,
      actual,
      "no token expiry policy: tokens may live forever",
    );
  else if (actual > d.maxAccessTokenExpiryDays)
    diff(
      "maxAccessTokenExpiryDays",
      "medium",
      d.maxAccessTokenExpiryDays,
      actual,
      "tokens may live longer than declared",
    );
  else if (actual < d.maxAccessTokenExpiryDays)
    diff(
      "maxAccessTokenExpiryDays",
      "low",
      d.maxAccessTokenExpiryDays,
      actual,
      "narrower than declared",
    );
}
