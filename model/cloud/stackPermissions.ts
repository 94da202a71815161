/**
 * Pulumi Cloud's numeric stack permissions, written once: the REST API and the provider's
 * `TeamStackPermission.permission` carry them as integers (0 none, 101 read, 102 write, 103 admin,
 * 104 creator, which the API treats as admin). Everything else (the component's scopes, the
 * audit's implied state, adopt's proposals, the org defaults) derives from this table.
 */
import type { StackPermission } from "../config";

/** The API's stack permission codes, by name. */
export const STACK_PERMISSION_CODES = {
  none: 0,
  read: 101,
  write: 102,
  admin: 103,
  creator: 104,
} as const satisfies Record<StackPermission | "creator", number>;

/** A declared stack permission as its code. */
export const STACK_PERMISSION_NUMBER: Readonly<Record<StackPermission, number>> = {
  none: STACK_PERMISSION_CODES.none,
  read: STACK_PERMISSION_CODES.read,
  write: STACK_PERMISSION_CODES.write,
  admin: STACK_PERMISSION_CODES.admin,
};

/** The codes a team's stack grant may carry (a grant of "none" is no grant). */
export const STACK_PERMISSION_SCOPE = {
  read: STACK_PERMISSION_CODES.read,
  write: STACK_PERMISSION_CODES.write,
  admin: STACK_PERMISSION_CODES.admin,
} as const satisfies Record<Exclude<StackPermission, "none">, number>;

/** A live code as a name, at least as strong as the code (104 "creator" and above are admin). */
export function stackPermissionName(n: number): StackPermission {
  if (n >= STACK_PERMISSION_CODES.admin) return "admin";
  if (n === STACK_PERMISSION_CODES.write) return "write";
  if (n === STACK_PERMISSION_CODES.read) return "read";
  return "none";
}

/** A live grant's code as a name, for the codes the API documents (creator is admin); else undefined. */
export function grantPermissionName(n: number): Exclude<StackPermission, "none"> | undefined {
  if (n === STACK_PERMISSION_CODES.creator) return "admin";
  for (const name of ["read", "write", "admin"] as const)
    if (STACK_PERMISSION_SCOPE[name] === n) return name;
  return undefined;
}
