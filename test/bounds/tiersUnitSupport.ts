/**
 * The small lenient view the tiers unit specs (tiersUnit, tiersPreviewsUnit) change one thing in,
 * and the helpers that run model/config/policy/tiers.ts over it. Nothing is computed at load.
 */
import type { ConfigIssue, Finding } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkTiers } from "../../model/config/policy/tiers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export function base(): Any {
  return {
    tiers: [
      {
        name: "prod",
        protected: true,
        deploy: { mode: "github-actions", branch: "main", approvers: ["release"] },
        roles: { deployer: { stack: "none", environment: "none" } },
      },
    ],
    teams: [{ name: "release", members: ["r"], githubMembers: ["r-gh"], access: {} }],
    projects: [{ name: "payments", tiers: { prod: {} } }],
  };
}
export function run(edit: (c: Any) => void = () => undefined) {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkTiers(policyContext(lenientView(c), errors, warnings));
  return { errors, warnings };
}
export const tier = (c: Any) => c.tiers[0];
export const deploy = (c: Any) => tier(c).deploy;
export const role = (c: Any) => tier(c).roles.deployer;
export const NONE = { errors: [], warnings: [] };
export const errorsOf = (edit: (c: Any) => void) => run(edit).errors;
export const pathsOf = (edit: (c: Any) => void) => run(edit).errors.map((e) => e.path);
export const R = "tiers[0].roles.deployer";
