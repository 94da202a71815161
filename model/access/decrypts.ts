/**
 * Which Pulumi Cloud permissions decrypt secrets (docs/assumptions.md, "Pulumi permissions"):
 * - stack `read` is the "Stack Read" permission set, whose scopes include `stack:decrypt` (it runs
 *   previews, which decrypt the stack's secret config); `write` and `admin` include Stack Read;
 * - environment `open` "can decrypt secrets and see them in plaintext"; `write` and `admin` open
 *   too; `read` shows "only plaintext key values (i.e., the definition of the environment)".
 *
 * A grant that decrypts secrets is what the reports count as elevated: on a protected tier a
 * human holds one only as break-glass (or stack read, which the plan reports).
 */
import type { EnvironmentPermission, StackPermission } from "../config";

export const STACK_PERMISSIONS_THAT_DECRYPT: readonly StackPermission[] = [
  "read",
  "write",
  "admin",
];
export const ENVIRONMENT_PERMISSIONS_THAT_DECRYPT: readonly EnvironmentPermission[] = [
  "open",
  "write",
  "admin",
];

export const stackDecrypts = (p: string): boolean =>
  (STACK_PERMISSIONS_THAT_DECRYPT as readonly string[]).includes(p);
export const environmentDecrypts = (p: string): boolean =>
  (ENVIRONMENT_PERMISSIONS_THAT_DECRYPT as readonly string[]).includes(p);

/** Whether a grant (stack and environment permission) decrypts any secret: an elevated grant. */
export const grantDecrypts = (g: {
  readonly stackPermission: string;
  readonly environmentPermission: string;
}): boolean => stackDecrypts(g.stackPermission) || environmentDecrypts(g.environmentPermission);
