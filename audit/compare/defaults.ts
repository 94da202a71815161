/**
 * The organization defaults against `defaults`: the default stack and environment permissions,
 * what members may create, delete and transfer, Insights accounts (who may create them, the default
 * permission on them), and the token expiry policy. `membersCanInviteCollaborators` is not returned
 * by the API: audit/read.ts reports it as not covered. The default deployment role is compared in
 * roles.ts (it needs the roles' names).
 */
import { AccessModel, ENV_RANK, STACK_RANK } from "../../model/access";
import { Severity } from "../../model/config";
import {
  AccountPermission,
  ACCOUNT_PERMISSIONS,
  accountPermissionName,
  accountPermissionSeverity,
  envPermission,
  stackPermissionName,
} from "./helpers";
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
  compareAccountPermission(d, live, diff);
  compareTokenExpiry(d, live, diff);
}

/** The default permission of every member on Insights accounts (helpers.ts for its weight). */
function compareAccountPermission(d: Declared, live: LiveOrgDefaults, diff: Diff): void {
  const n = live.defaultAccountPermission;
  if (n === undefined) return;
  const actual = accountPermissionName(n);
  const rank = (p: string) => ACCOUNT_PERMISSIONS.indexOf(p as AccountPermission);
  if (rank(actual) > rank(d.accountPermission))
    diff(
      "accountPermission",
      accountPermissionSeverity(actual),
      d.accountPermission,
      actual,
      `every org member gets ${actual} on every Insights account (its cloud resources` +
        (actual === "read" ? ")" : ", its credentials environment and agent pool)"),
    );
  else if (actual !== d.accountPermission)
    diff("accountPermission", "low", d.accountPermission, actual, "narrower than declared");
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
    [
      "membersCanTransferStacks",
      "members can transfer stacks (state and secrets) out of the organization",
    ],
    [
      "membersCanCreateAccounts",
      "members can create Insights accounts (cloud scanning credentials) outside the config",
    ],
  ] as const;
  for (const [field, why] of flags) {
    const actual = live[field];
    // Absent: the service did not return it (older API); nothing to compare.
    if (actual === undefined || actual === d[field]) continue;
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
