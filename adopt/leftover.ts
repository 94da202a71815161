/**
 * Issue 30 item 4, nothing dropped silently: every live object of a type the bootstrap manages
 * besides teams and grants (webhooks, Deployments settings, drift schedules, ESC approval rules,
 * policy groups, stack tags) that the adopt record does not import is listed unmanaged, with its
 * reason. Whether it was imported is looked up by resource type and import ID together, the IDs
 * built as the providers parse them (kinds/). A name that cannot form an import ID (it holds the
 * provider's separator) is listed with that reason.
 */
import type { AdoptRecord, AdoptUnmanaged } from "../model/adopt";
import { approvalRule, approvalRuleId } from "../kinds/approvals";
import { gate } from "../kinds/breakGlass";
import {
  deploymentSettings,
  deploymentSettingsId,
  driftSchedule,
  driftScheduleId,
} from "../kinds/deployments";
import { policyGroup, policyGroupId } from "../kinds/guardrails";
import { stackTags, stackTagsId } from "../kinds/stacks";
import { webhook, webhookId } from "../kinds/webhooks";
import { DEPLOYMENTS_LABEL } from "../model/ci/registry";
import type { LiveOrg } from "./live";

const STAYS =
  "stays as it is (pulumi up removes only what it manages; remove or change it by hand in a reviewed change)";

/** The policy groups every organization has, which the program never declares. */
const DEFAULT_GROUPS = new Set(["default-policy-group", "default-accounts-policy-group"]);

interface Candidate {
  readonly kind: string;
  readonly name: string;
  readonly type: string;
  /** Builds its import ID; throws when its name cannot form one. */
  readonly id: () => string;
  readonly reason: string;
  /** Never imported (the reason says why); listed whatever the record holds. */
  readonly notImportable?: boolean;
}

/**
 * A change gate on an environment: the program's approval rule (`index:ApprovalRule`, action
 * `update`, components/environmentTier.ts) or its break-glass open gate (`api:Gate`, action
 * `open`, model/access/breakGlass.ts), which no provider import covers (kinds/breakGlass.ts).
 */
function gateCandidate(org: string, r: LiveOrg["approvalRules"][number]): Candidate {
  const name = `${r.project}/${r.environment} ${r.name}`;
  if (r.actionTypes.includes("update"))
    return {
      kind: "approval-rule",
      name,
      type: approvalRule.token,
      id: () => approvalRuleId(org, r.project, r.environment, r.id),
      reason: `the proposal's approval rules (one per protected environment) do not include it, so it ${STAYS}`,
    };
  return {
    kind: "change-gate",
    name: `${name} (actions ${r.actionTypes.join(", ") || "none"})`,
    type: gate.token,
    id: () => approvalRuleId(org, r.project, r.environment, r.id),
    reason: r.actionTypes.includes("open")
      ? `an ESC open gate (break-glass): the provider's api:Gate cannot be imported (its ID format is not settled, kinds/breakGlass.ts), so a break-glass the config declares creates its own gate and this one ${STAYS}`
      : `a change gate on actions the program does not gate (${r.actionTypes.join(", ") || "none"}), so it ${STAYS}`,
    notImportable: true,
  };
}

function candidates(live: LiveOrg): Candidate[] {
  const org = live.organization;
  const out: Candidate[] = [];
  for (const w of live.webhooks)
    out.push({
      kind: "webhook",
      name: `${w.displayName} (${w.scope.kind === "organization" ? "org" : w.scope.kind === "stack" ? `stack ${w.scope.project}/${w.scope.stack}` : `environment ${w.scope.project}/${w.scope.environment}`})`,
      type: webhook.token,
      id: () =>
        webhookId(
          org,
          w.name,
          w.scope.kind === "stack"
            ? { project: w.scope.project, stack: w.scope.stack }
            : w.scope.kind === "environment"
              ? { project: w.scope.project, environment: w.scope.environment }
              : undefined,
        ),
      reason: `no webhook of the proposal is this one, so it ${STAYS}`,
    });
  for (const d of live.deploymentSettings)
    out.push({
      kind: "deployment-settings",
      name: `${d.project}/${d.stack}`,
      type: deploymentSettings.token,
      id: () => deploymentSettingsId(org, d.project, d.stack),
      reason: `the proposal deploys this stack without ${DEPLOYMENTS_LABEL} (or does not declare it), so its settings ${STAYS}`,
    });
  for (const d of live.driftSchedules)
    out.push({
      kind: "drift-schedule",
      name: `${d.project}/${d.stack} ${d.cron}`,
      type: driftSchedule.token,
      id: () => driftScheduleId(org, d.project, d.stack, d.id),
      reason: `the proposal declares no drift schedule like it on this stack's tier, so it ${STAYS}`,
    });
  for (const r of live.approvalRules) out.push(gateCandidate(org, r));
  for (const g of live.otherGates ?? [])
    out.push({
      kind: "change-gate",
      name: `${g.entityType || "(no target)"} ${g.qualifiedName || "(unnamed)"} ${g.name}`,
      type: gate.token,
      id: () => {
        throw new Error("unreachable");
      },
      reason:
        g.entityType !== "environment"
          ? `a change gate on a${/^[aeiou]/.test(g.entityType) ? "n" : ""} ${g.entityType || "unnamed"} target: the program declares gates on ESC environments only, so it ${STAYS}`
          : `a change gate of rule type ${JSON.stringify(g.ruleType)} (the program declares approval_required only) or on a target not named project/environment, so it ${STAYS}`,
      notImportable: true,
    });
  for (const g of live.policyGroups)
    if (!DEFAULT_GROUPS.has(g.name))
      out.push({
        kind: "policy-group",
        name: g.name,
        type: policyGroup.token,
        id: () => policyGroupId(org, g.name),
        reason: `the program manages only its own guardrail groups (per guardrails.mode), so this group ${STAYS}`,
      });
  for (const s of live.stacks)
    if (Object.keys(s.tags).length)
      out.push({
        kind: "stack-tags",
        name: `${s.project}/${s.stack}`,
        type: stackTags.token,
        id: () => stackTagsId(org, s.project, s.stack),
        reason: `the tags of this stack are not imported (the stack is not declared, or it carries tags the config does not declare; the program adds its own beside them), so they stay as they are`,
      });
  return out;
}

/** The live objects of those types the record does not import, each with its reason. */
export function objectsLeftBehind(live: LiveOrg, record: AdoptRecord["imports"]): AdoptUnmanaged[] {
  const imported = new Set(record.map((e) => `${e.type}\u0000${e.id}`));
  const out: AdoptUnmanaged[] = [];
  for (const c of candidates(live)) {
    if (c.notImportable) {
      out.push({ kind: c.kind, name: c.name, reason: c.reason });
      continue;
    }
    let id: string;
    try {
      id = c.id();
    } catch (e) {
      out.push({
        kind: c.kind,
        name: c.name,
        reason: `its name cannot form the provider's import ID (${(e as Error).message}), so it stays as it is`,
      });
      continue;
    }
    if (!imported.has(`${c.type}\u0000${id}`))
      out.push({ kind: c.kind, name: c.name, reason: c.reason });
  }
  return out;
}
