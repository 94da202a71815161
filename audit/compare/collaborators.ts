/**
 * Stack collaborators (issue 25): a person given a permission on a declared stack directly
 * (`ListStackPermissions`, "Other users explicitly added as collaborators on this stack") instead
 * of through a team. The bootstrap declares none: access goes through teams only, so every
 * direct permission is drift.
 *
 * Severity follows the invariant: on a protected tier any direct permission is high, read
 * included, since the spec says `StackPermissionRead` "provides read-only access, including the
 * ability to decrypt encrypted configuration secrets stored in the service", and write, admin or
 * creator let the person update or destroy the stack outside the pipeline. Elsewhere it is medium
 * (access outside the team-based permissions the guide asks to audit).
 *
 * The bootstrap identity (the deployer, given with --deployer or inferred) creates the stacks, and
 * the service keeps the creator's permission (`stackCreatorUserName`: "If stack creator's
 * permissions have been removed then this will be null"). That, and only that, is what its role
 * implies: the creator permission on a stack whose creator it is, reported as info. Any other
 * direct permission it holds (another level, or a stack someone else created) is beyond it and
 * reported like anyone's: high on a protected tier.
 */
import { AccessModel } from "../../model/access";
import { STACK_PERMISSION_CODES } from "../../model/cloud/stackPermissions";
import { stackKey } from "./helpers";
import { Add, LiveCollaborators } from "./types";

/** `StackPermission` values of the spec (`UserPermission.permission`). */
export const STACK_PERMISSION_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(STACK_PERMISSION_CODES).map(([name, code]) => [code, name]),
);

const nameOf = (p: number) => STACK_PERMISSION_NAMES.get(p) ?? `unknown (${p})`;

/** Whether the service names `login` as the stack's creator (logins compared in any case). */
const createdBy = (c: LiveCollaborators, login: string) =>
  !!c.creator && c.creator.toLowerCase() === login.toLowerCase();

/** Compares the direct permissions on the declared stacks with none. */
export function compareCollaborators(
  model: AccessModel,
  live: readonly LiveCollaborators[],
  deployer: string | undefined,
  add: Add,
): void {
  const protectedStack = new Map<string, boolean>();
  for (const s of model.stacks) {
    const k = stackKey(s.project, s.stack);
    protectedStack.set(k, (protectedStack.get(k) ?? false) || s.protected);
  }
  for (const c of live) {
    const key = stackKey(c.project, c.stack);
    const isProtected = protectedStack.get(key);
    if (isProtected === undefined) continue;
    const users = new Map<string, number>();
    for (const u of c.users) if (u.permission !== 0) users.set(u.login, u.permission);
    // The creator keeps the creator permission until it is removed; the spec omits it then.
    if (c.creator && !users.has(c.creator)) users.set(c.creator, STACK_PERMISSION_CODES.creator);
    for (const [login, permission] of users) {
      const subject = `stack:${key} user:${login}`;
      const isDeployer = !!deployer && login.toLowerCase() === deployer.toLowerCase();
      // The creator permission or less, on a stack the service says it created.
      const asCreator =
        STACK_PERMISSION_NAMES.has(permission) && permission <= STACK_PERMISSION_CODES.creator;
      if (isDeployer && createdBy(c, login) && asCreator) {
        add({
          severity: "info",
          code: "stack-collaborator-deployer",
          subject,
          message: `${login}, the bootstrap identity, holds ${nameOf(permission)} on ${key} directly (it created the stack)`,
          live: permission,
        });
        continue;
      }
      add({
        severity: isProtected ? "high" : "medium",
        code: "stack-collaborator",
        subject,
        message:
          `${login} holds ${nameOf(permission)} on ${isProtected ? "the protected stack " : "stack "}${key} directly, ` +
          `outside any team${isDeployer ? ` (it is the bootstrap identity, but ${createdBy(c, login) ? "this is more than the creator permission" : "it did not create this stack"})` : ""}${isProtected ? ": they can decrypt its secrets" + (permission >= STACK_PERMISSION_CODES.write || !STACK_PERMISSION_NAMES.has(permission) ? " and update it outside the pipeline" : "") : ""}. ` +
          `Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team`,
        declared: null,
        live: permission,
      });
    }
  }
}
