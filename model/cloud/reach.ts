/**
 * Who reaches which cloud identity, and through what. A cloud accepts a login token only when its
 * subject names the tier environment as the environment opened (`rootEnvironment.name`) and its
 * login environment as where the login is defined (`currentEnvironment.name`), with the audience of
 * the organization (model/cloud/trust.ts). So:
 *
 * - whoever can open the tier environment reaches its identities (opening it opens the login
 *   environment it imports: the plan assumes, failing closed, that opening an environment needs
 *   nothing more on what it imports, so importing gives the importer everything the import gives);
 * - whoever can edit an environment can put any login in it and import any environment, so the
 *   tokens it can mint name that environment as root: it reaches the identities pinned to it as
 *   root, and no other;
 * - an environment that imports a login environment (other than its own tier environment) mints
 *   tokens naming itself as root: it reaches nothing;
 * - opening a login environment directly names it as root: nothing.
 *
 * Refused (errors at the identity's config path): a human team reaching an identity of a protected
 * tier by opening or editing unless a declared break-glass grant covers it, and any team able to
 * edit a login environment.
 */
import { CloudIdentity } from "./identities";

const RANK: Readonly<Record<string, number>> = { none: 0, read: 1, open: 2, write: 3, admin: 4 };

/** A team's permission on an environment (`project/name`). */
export interface ReachGrant {
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly environment: string;
  readonly permission: string;
  readonly breakGlass?: string;
}

export interface CloudReachRow {
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly cloud: string;
  readonly role: string;
  readonly tier: string;
  readonly protected: boolean;
  /** The environment opened or edited. */
  readonly environment: string;
  readonly loginEnvironment: string;
  readonly via: "open" | "edit";
  readonly breakGlass?: string;
}

/** An environment that imports a login environment not its tier's: what it reaches. */
export interface ImportRoute {
  readonly importer: string;
  readonly loginEnvironment: string;
  /** Always empty unless a trust names the importer as root (which validation refuses). */
  readonly reaches: readonly string[];
}

export interface CloudReach {
  readonly rows: readonly CloudReachRow[];
  readonly imports: readonly ImportRoute[];
  readonly refusals: readonly { path: string; message: string }[];
}

/** The identities a token with this subject's root and current environment is accepted by. */
export function acceptedBy(
  identities: readonly CloudIdentity[],
  root: string,
  current: string,
): CloudIdentity[] {
  return identities.filter((i) => i.environment === root && i.loginEnvironment === current);
}

/**
 * The reach of every team, from its grants. `imports` are extra import edges (importer ->
 * imported), such as live definitions the audit read; declared imports (tier -> its login
 * environment) are implied.
 */
export function cloudReach(
  identities: readonly CloudIdentity[],
  grants: readonly ReachGrant[],
  imports: readonly { importer: string; imported: string }[] = [],
): CloudReach {
  const rows: CloudReachRow[] = [];
  const refusals: { path: string; message: string }[] = [];
  const logins = new Set(identities.map((i) => i.loginEnvironment));
  for (const g of grants) {
    const rank = RANK[g.permission] ?? 0;
    if (rank >= RANK.write && logins.has(g.environment))
      for (const i of identities.filter((x) => x.loginEnvironment === g.environment))
        refusals.push({
          path: i.path,
          message: `team ${g.team} may ${g.permission === "admin" ? "administer" : "edit"} login environment ${g.environment}: only secure-org may edit a login`,
        });
    if (rank < RANK.open) continue;
    const via = rank >= RANK.write ? "edit" : "open";
    // Opening g.environment mints root = g.environment; its declared import gives current =
    // its login environment; an editor can make current anything: both reach only identities
    // rooted at g.environment.
    for (const i of identities.filter((x) => x.environment === g.environment)) {
      rows.push({
        team: g.team,
        kind: g.kind,
        cloud: i.cloud,
        role: i.role,
        tier: i.tier,
        protected: i.protected,
        environment: g.environment,
        loginEnvironment: i.loginEnvironment,
        via,
        ...(g.breakGlass ? { breakGlass: g.breakGlass } : {}),
      });
      if (i.protected && g.kind === "human" && !(via === "open" && g.breakGlass))
        refusals.push({
          path: i.path,
          message:
            `human team ${g.team} may ${via} ${g.environment} and so log in as ${i.role}, the ` +
            `${i.cloud} identity of protected tier ${i.tier}` +
            (g.breakGlass ? " (break-glass covers opening, not editing)" : "") +
            ": only the pipeline (and declared break-glass opens) may reach a protected identity",
        });
    }
  }
  const importRoutes: ImportRoute[] = imports
    .filter((e) => logins.has(e.imported))
    .filter(
      (e) =>
        !identities.some((i) => i.environment === e.importer && i.loginEnvironment === e.imported),
    )
    .map((e) => ({
      importer: e.importer,
      loginEnvironment: e.imported,
      reaches: acceptedBy(identities, e.importer, e.imported).map((i) => i.role),
    }));
  return { rows, imports: importRoutes, refusals: dedupe(refusals) };
}

function dedupe<T extends { path: string; message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
