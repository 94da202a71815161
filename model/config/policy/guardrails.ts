/**
 * Policy for `guardrails` (issue 18): every protected tier's stacks are in the mandatory policy
 * group unless the config says, in words, why not; a level that cannot mean what it says is
 * refused; every weakening is reported.
 *
 * - `optOut.<tier>`: a declared, protected tier, with a written reason (checkReasonText: visible
 *   characters, no bidirectional controls); reported as a finding;
 * - `enabled: false` with a protected tier: needs `reason`, reported as a high finding;
 * - `enforcement.<policy>.unprotected: mandatory`: refused, the unprotected tiers' group runs in
 *   audit mode, which reports and never blocks;
 * - `enforcement.<policy>.protected` below mandatory: reported;
 * - `protectedTypes`: no duplicates.
 */
import { checkReasonText } from "../../text";
import { GUARDRAIL_POLICIES } from "../guardrails";
import { formatPath } from "../messages";
import { isObj, Loose, obj, str } from "../view";
import { dupList, list, PolicyContext } from "./shared";

/** Visible characters a reason needs (as a break-glass justification). */
export const GUARDRAIL_REASON_MIN = 20;

export function checkGuardrails(ctx: PolicyContext): void {
  const g = ctx.v.guardrails;
  checkEnabled(ctx, g);
  checkOptOut(ctx, obj(g.optOut));
  checkEnforcement(ctx, obj(g.enforcement));
  if (Array.isArray(g.protectedTypes))
    dupList(g.protectedTypes, "guardrails.protectedTypes", "resource type", ctx.err);
}

function protectedTierNames(ctx: PolicyContext): string[] {
  return ctx.v.tiers.filter((t) => t.protected && t.name).map((t) => t.name as string);
}

function checkEnabled({ err, warnings, ...ctx }: PolicyContext, g: Loose): void {
  const reason = str(g.reason);
  if (g.enabled !== false) {
    if (reason !== undefined)
      err(
        "guardrails.reason",
        "is read only with enabled: false (why guardrails are off); remove it, or give the " +
          "reason for a single tier in guardrails.optOut.<tier>.reason",
      );
    return;
  }
  const prot = protectedTierNames({ err, warnings, ...ctx });
  if (prot.length === 0) return;
  if (reason === undefined) {
    err(
      "guardrails.reason",
      `guardrails are off (enabled: false), so the protected tier(s) ${list(prot)} get no ` +
        `mandatory policy group: write why here (at least ${GUARDRAIL_REASON_MIN} visible ` +
        "characters), or turn guardrails on",
    );
    return;
  }
  const problem = checkReasonText(reason, GUARDRAIL_REASON_MIN);
  if (problem) {
    err("guardrails.reason", problem);
    return;
  }
  warnings.push({
    severity: "high",
    code: "guardrails-off",
    path: "guardrails.enabled",
    message:
      `no policy pack is published and no policy group covers any stack; protected tier(s) ` +
      `${list(prot)} deploy without guardrails. Reason given: ${reason}`,
  });
}

function checkOptOut({ err, warnings, tierByName }: PolicyContext, optOut: Loose): void {
  for (const [tier, entry] of Object.entries(optOut)) {
    const path = formatPath(["guardrails", "optOut", tier]);
    const t = tierByName.get(tier);
    if (!t) {
      err(path, `unknown tier "${tier}"; declared tiers: ${list(tierByName.keys())}`);
      continue;
    }
    if (!t.protected) {
      err(
        path,
        `tier "${tier}" is not protected: its stacks are in the advisory group already; remove ` +
          "the entry",
      );
      continue;
    }
    const reason = isObj(entry) ? str(entry.reason) : undefined;
    if (reason === undefined) continue; // the schema reports the missing reason
    const problem = checkReasonText(reason, GUARDRAIL_REASON_MIN);
    if (problem) {
      err(`${path}.reason`, problem);
      continue;
    }
    warnings.push({
      severity: "medium",
      code: "guardrails-opt-out",
      path,
      message:
        `the stacks of protected tier "${tier}" are outside the mandatory policy group (only the ` +
        `advisory one reports on them). Reason given: ${reason}`,
    });
  }
}

function checkEnforcement({ err, warnings }: PolicyContext, enforcement: Loose): void {
  for (const policy of GUARDRAIL_POLICIES) {
    const e = obj(enforcement[policy]);
    const path = `guardrails.enforcement.${policy}`;
    if (e.unprotected === "mandatory")
      err(
        `${path}.unprotected`,
        '"mandatory" cannot block on unprotected tiers: their policy group runs in audit mode, ' +
          'which reports and never blocks; use "advisory" or "disabled"',
      );
    const p = str(e.protected);
    if (p === "advisory" || p === "disabled")
      warnings.push({
        severity: "medium",
        code: "guardrails-weakened",
        path: `${path}.protected`,
        message:
          `policy ${policy} is ${p} on protected tiers: ` +
          (p === "advisory" ? "violations are reported but not blocked" : "it does not run there"),
      });
  }
}
