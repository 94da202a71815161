/**
 * ESC approval rules (`pulumiservice:index:ApprovalRule`, components/environmentTier.ts
 * `createApprovals`), live against declared: every protected tier environment whose tier names
 * approvers keeps an enabled `approval_required` gate on action `update`, requiring at least the
 * declared approvals, no self-approval, re-approval on change, and only the declared approver
 * teams as eligible approvers. A change request applies only once every applicable gate is
 * satisfied (the spec's `ChangeRequestGateEvaluation.satisfied`), so one sound gate that applies
 * to updates of the environment bounds them whatever other gates exist; without one, each gate
 * that applies is reported, high: whoever may write the environment changes a protected tier's
 * secrets, imports or logins without the declared approval. Fields the service leaves out count
 * as the weaker value (fails closed).
 */
import type { AccessModel, ApprovalSpec } from "../../model/access";
import type { ChangeGate } from "../../cloud/orgReads";
import type { EnvironmentGates } from "../../kinds/live";
import { stackKey } from "./helpers";
import type { Add } from "./types";

const envKey = (e: { project: string; name: string }) => stackKey(e.project, e.name);

/** A gate that applies to updates of the environment `key` (enabled, action update, its target). */
export function appliesToUpdates(g: ChangeGate, key: string): boolean {
  const t = g.target;
  return (
    g.enabled === true &&
    g.rule?.ruleType === "approval_required" &&
    t?.entityType === "environment" &&
    // ListGates was asked for this environment; a gate naming another is not its gate.
    (t.qualifiedName === undefined || t.qualifiedName === key) &&
    Array.isArray(t.actionTypes) &&
    t.actionTypes.includes("update")
  );
}

const approverName = (a: NonNullable<ChangeGate["rule"]["eligibleApprovers"]>[number]) =>
  a.eligibilityType === "team_member"
    ? `team ${a.name ?? ""}`
    : a.eligibilityType === "specific_user"
      ? `user ${a.user?.githubLogin ?? ""}`
      : `${a.eligibilityType} ${a.permission ?? a.name ?? ""}`.trim();

/** How a gate is weaker than the declared rule (none: it bounds the environment's updates). */
export function ruleWeaknesses(g: ChangeGate, spec: ApprovalSpec): string[] {
  const p: string[] = [];
  const n = g.rule.numApprovalsRequired;
  if (!(typeof n === "number" && Number.isSafeInteger(n) && n >= spec.required))
    p.push(`${String(n ?? "no")} approval(s) required, declared ${spec.required}`);
  if (g.rule.allowSelfApproval !== false) p.push("self-approval allowed");
  if (g.rule.requireReapprovalOnChange !== true) p.push("re-approval on change not required");
  const declared = new Set(spec.approvers);
  const approvers = g.rule.eligibleApprovers ?? [];
  for (const a of approvers)
    if (a.eligibilityType !== "team_member" || !declared.has(a.name ?? ""))
      p.push(`eligible approver ${approverName(a)} is not a declared approver team`);
  if (!approvers.length) p.push("no eligible approver listed");
  return p;
}

/** Compares the approval rule of every declared protected tier environment. */
export function compareApprovals(
  model: AccessModel,
  live: readonly EnvironmentGates[],
  add: Add,
): void {
  const read = new Map(live.map((e) => [envKey(e), e.gates]));
  for (const spec of model.approvals) {
    const key = envKey(spec.environment);
    const subject = `environment:${key}`;
    const declared = `${spec.required} approval(s) of ${spec.approvers.join(", ")}, no self-approval, re-approval on change`;
    const all = read.get(key) ?? [];
    const gates = all.filter((g) => appliesToUpdates(g, key));
    if (!gates.length) {
      const other = all.filter((g) => g.rule?.ruleType === "approval_required");
      add({
        severity: "high",
        code: "approval-rule-missing",
        subject,
        message:
          `protected environment ${key} has no enabled approval rule on update` +
          (other.length
            ? ` (${other.map((g) => `"${g.name}" ${g.enabled ? `gates ${(g.target?.actionTypes ?? []).join(", ") || "nothing"}` : "is disabled"}`).join("; ")})`
            : "") +
          `: whoever may write it changes its definition (secrets, imports, cloud logins) without the declared approval`,
        declared,
        live: "none",
      });
      continue;
    }
    const weak = gates.map((g) => ({ g, p: ruleWeaknesses(g, spec) }));
    if (weak.some((x) => x.p.length === 0)) continue;
    for (const { g, p } of weak)
      add({
        severity: "high",
        code: "approval-rule-weakened",
        subject,
        message: `approval rule "${g.name}" on protected environment ${key} is weaker than declared: ${p.join("; ")}`,
        declared,
        live: p.join("; "),
      });
  }
}
