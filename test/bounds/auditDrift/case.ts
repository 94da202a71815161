/**
 * The drift cases of test/bounds/auditDrift.spec.ts: one change to the clean organization (or to
 * the model), and exactly the findings it adds (and removes), message, declared and live value
 * included, so a weakened check, a flipped severity or a lost detail in a message fails a case.
 * Pure: `compareAccess` on the snapshot, no server. Nothing is computed while the module loads
 * (test/support/stryker.ts): each case builds its model and organization when it runs.
 */
import { AccessModel } from "../../../model/access";
import { AuditFinding, compareAccess, CompareOptions, LiveSnapshot } from "../../../audit/compare";
import { cleanOrg, clone, DEPLOYER, model, Mutable, PACK_VERSION } from "../../audit/harness";

export interface DriftCase {
  readonly what: string;
  /** The model (default: the prod example's). */
  readonly model?: () => AccessModel;
  /** The clean organization of that model (default: test/audit/harness.ts `cleanOrg`). */
  readonly world?: (m: AccessModel) => LiveSnapshot;
  /** The clean organization of that model, changed in place. */
  readonly edit: (w: Mutable, m: AccessModel) => void;
  /** The snapshot's sections the case compares (default: its group's); the others are left out. */
  readonly sections?: readonly Section[];
  /** Options beyond the deployer and this checkout's pack version. */
  readonly opts?: Partial<CompareOptions>;
  /** Exactly the findings the change adds to the clean organization's. */
  readonly want: readonly AuditFinding[];
  /** Exactly the clean organization's findings the change removes (default none). */
  readonly gone?: readonly AuditFinding[];
}

/** A live snapshot's sections (what `compareAccess` compares when present). */
export type Section = Exclude<keyof LiveSnapshot, "organization" | "notCovered">;

export const OPTIONS: CompareOptions = { deployer: DEPLOYER, packVersionTag: PACK_VERSION };

/**
 * The findings of the prod example's clean organization (test/audit/harness.ts `cleanOrg`, with
 * its week of pipeline activity), exactly: the deployer, the ids the policies were compared with,
 * and the pipelines' and an unprotected tier's activity; nothing above info.
 */
export const PROD_CLEAN: readonly AuditFinding[] = [
  {
    severity: "info",
    code: "deployer",
    subject: "member:bootstrap-admin",
    message:
      "bootstrap-admin is ignored as a team member: Pulumi Cloud adds the identity that creates a team to it (given with --deployer)",
  },
  {
    severity: "info",
    code: "environment-open-pipeline",
    subject: "actor:payments-prod-deploy environment:payments/prod",
    message:
      "team-token payments-prod-deploy opened protected environment payments/prod 2 times in the last 7 days (last 2026-11-25T10:00:00.000Z)",
  },
  {
    severity: "info",
    code: "environment-open-unprotected",
    subject: "actor:carol environment:payments/dev",
    message:
      "carol opened environment payments/dev (tier dev, not protected) 1 time in the last 7 days (last 2026-11-25T09:00:00.000Z)",
  },
  {
    severity: "info",
    code: "oidc-ids",
    subject: "oidc:github-actions",
    message:
      'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
  },
  {
    severity: "info",
    code: "protected-update-pipeline",
    subject: "actor:Pulumi Deployments stack:web/production",
    message:
      "deployments Pulumi Deployments updated protected stack web/production 1 time in the last 7 days (last 2026-11-24T06:00:00.000Z)",
  },
  {
    severity: "info",
    code: "protected-update-pipeline",
    subject: "actor:acme stack:secure-org/prod",
    message:
      "organization-token acme updated protected stack secure-org/prod 1 time in the last 7 days (last 2026-11-25T07:00:00.000Z)",
  },
  {
    severity: "info",
    code: "protected-update-pipeline",
    subject: "actor:payments-prod-deploy stack:payments/prod",
    message:
      "team-token payments-prod-deploy updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T10:00:30.000Z)",
  },
];

/** The findings of `world` that `base` lacks, as many times as they are more (by value). */
export function minus(
  world: readonly AuditFinding[],
  base: readonly AuditFinding[],
): AuditFinding[] {
  const left = new Map<string, number>();
  for (const f of base) left.set(JSON.stringify(f), (left.get(JSON.stringify(f)) ?? 0) + 1);
  return world.filter((f) => {
    const k = JSON.stringify(f);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    return n === 0;
  });
}

/**
 * The snapshot with only `sections` (and the organization and what was not covered): every
 * comparison of a section left out is skipped, so a case runs only the comparisons it is about
 * (and mutation testing credits it with only those).
 */
export function only(w: LiveSnapshot, sections: readonly Section[]): LiveSnapshot {
  const keep = new Set<string>(["organization", "notCovered", ...sections]);
  return Object.fromEntries(
    Object.entries(w).filter(([k]) => keep.has(k)),
  ) as unknown as LiveSnapshot;
}

/**
 * A case's findings added and removed, against the clean organization of the same model compared
 * with the default options (so a case's own options show as a difference too), both with only the
 * case's sections.
 */
export function runCase(
  c: DriftCase,
  sections: readonly Section[],
): { added: AuditFinding[]; removed: AuditFinding[] } {
  const m = c.model?.() ?? model;
  const opts = { ...OPTIONS, ...c.opts };
  const clean = c.world?.(m) ?? cleanOrg(m);
  const world = clone(clean) as Mutable;
  c.edit(world, m);
  const keep = c.sections ?? sections;
  // JSON round trip: the comparison sees what a reader would give (no undefined, no shared objects).
  const plain = (fs: readonly AuditFinding[]) => fs.map((f) => JSON.parse(JSON.stringify(f)));
  const base = plain(compareAccess(m, only(clean, keep), OPTIONS).findings);
  const after = plain(compareAccess(m, only(world as LiveSnapshot, keep), opts).findings);
  return { added: minus(after, base), removed: minus(base, after) };
}

/** Placeholder for a case's findings while it is written (the spec fails on it). */
export const TODO: readonly AuditFinding[] = Object.freeze([]);
