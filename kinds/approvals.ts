/** ESC approval rules: who must approve a change to a protected tier's environment. */
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import { readEnvironmentGates } from "./read";
import type { ManagedArea, ManagedType } from "./types";

/** `environment/{organization}/{project}/{environment}/{ruleId}`. */
export const approvalRuleId = (org: string, project: string, env: string, ruleId: string) =>
  parts("/", ["environment", org, project, env, ruleId], "ApprovalRule");

export const approvalRule: ManagedType = {
  token: "pulumiservice:index:ApprovalRule",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/change-gates/{orgName}"],
    codes: ["approval-rule-missing", "approval-rule-weakened"],
    severity:
      "high (removed, disabled, off update, fewer approvals, self-approval, no re-approval on change, an approver beyond the declared teams: a protected environment changed without the declared approval)",
  },
  importId: {
    format: "environment/{organization}/{project}/{environment}/{ruleId}",
    source: `${PS}approvalRule.go (Read, buildApprovalRuleID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS_COSTS}/resources/approvalRule.go Create/Update/Read (one client call each)`,
  ),
  lookup: (_r, i, ctx) => {
    const env = (i.environmentIdentifier ?? {}) as Record<string, unknown>;
    // Only a rule that gates updates and nothing else: the first up rewrites the imported rule
    // into the declared one (action update only), so a gate on open imported here would stop
    // gating opens unreported. It stays instead (adopt/leftover.ts lists it) and the program
    // creates its own rule.
    const rule = ctx.live.approvalRules.find(
      (x) =>
        x.project === env.project &&
        x.environment === env.name &&
        x.actionTypes.length === 1 &&
        x.actionTypes[0] === "update",
    );
    if (!rule) return undefined;
    return {
      id: approvalRuleId(ctx.org, rule.project, rule.environment, rule.id),
      match: {},
      live: {
        name: rule.name,
        enabled: rule.enabled,
        targetActionTypes: [...rule.actionTypes],
        "approvalRuleConfig.numApprovalsRequired": rule.numApprovalsRequired,
        "approvalRuleConfig.allowSelfApproval": rule.allowSelfApproval,
        "approvalRuleConfig.requireReapprovalOnChange": rule.requireReapprovalOnChange,
        "approvalRuleConfig.eligibleApprovers": rule.approvers.map((a) => {
          const [kind, value] = [a.slice(0, a.indexOf(":")), a.slice(a.indexOf(":") + 1)];
          return kind === "team"
            ? { teamName: value }
            : kind === "user"
              ? { user: value }
              : { rbacPermission: value };
        }),
      },
    };
  },
};

export const approvals: ManagedArea = {
  name: "approvals",
  summary: "ESC approval rules on protected tiers' environments",
  types: [approvalRule],
  live: {
    reads: "the change gates of each environment given (ListGates, one entity per call)",
    read: readEnvironmentGates,
  },
  audit: ["approvals"],
};
