/**
 * Policy: CI identity blocks checked against the rest of the config (issue 27, class 5), not only
 * entry by entry.
 *
 * - A repository a CI's token names (in its claims) must be the project's repository, on its host,
 *   under `github.owner` for GitHub. Another repository, or a fork's owner, would let the writer
 *   invariant be computed for one repository while tokens come from another.
 * - What gates a deploy or tells a preview apart is unique across projects and tiers (a context, a
 *   service connection): one entry's deploy gate or preview gate, never two. A restricted gate of
 *   one project's prod approval, declared as another's preview gate, would be approved by the
 *   wrong people, or not be a gate at all.
 *
 * Each CI unit's `checkGates` (model/ci/<ci>/policy.ts) says what its gates are; this file keeps
 * the one map of gates and refuses a second use. Two tiers of one project sharing a gate are
 * refused by the invariants (./../../invariants/ciIdentities.ts), which name the token each could
 * obtain.
 */
import { CI_POLICIES } from "../../ci/policies";
import type { GateUse } from "../../ci/policyTypes";
import { obj } from "../view";
import { repositoryHostOf } from "./ci";
import { PolicyContext, tierUses } from "./shared";

export function checkCiGates(ctx: PolicyContext): void {
  const { v, err } = ctx;
  const gates = new Map<string, GateUse>();
  /** Records a gate; refuses it when another entry (or another role) already uses it. */
  const claim = (key: string, use: GateUse, shown: string, sameProjectOk: boolean) => {
    const first = gates.get(key);
    if (!first) return void gates.set(key, use);
    // Within one entry, ./ci.ts already asks for a preview identity distinct from the deploy's.
    if (first.entry === use.entry) return;
    if (sameProjectOk && first.project === use.project && first.what === use.what) return;
    err(
      use.path,
      `${shown} is also ${first.what} at ${first.path}: a CI identity that gates a deploy or tells ` +
        "a preview apart belongs to one project and tier, or one entry's approval (or lack of one) " +
        "would stand for another's. Give each its own",
    );
  };
  for (const t of v.tiers)
    for (const u of tierUses(v, t)) {
      const p = v.projects[u.index];
      const entry = obj(p.tiers[t.name as string]);
      const where = `projects[${u.index}].tiers.${t.name}`;
      const host = repositoryHostOf(v, p);
      const unit = u.ci ? CI_POLICIES.get(u.ci) : undefined;
      unit?.checkGates?.({ ctx, project: p, tier: t, use: u, entry, where, host, claim });
    }
}
