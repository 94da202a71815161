/**
 * Findings about org-wide settings: default permissions that expose protected tiers, members who
 * may create stacks, and drift detection on tiers no Pulumi Deployments stack uses.
 */
import { Finding, OrgConfig } from "../config";
import { DriftSpec, StackSpec } from "./types";

/** The org-default findings, after the per-stack ones. */
export function orgDefaultFindings(
  config: OrgConfig,
  stacks: readonly StackSpec[],
  driftSchedules: readonly DriftSpec[],
): Finding[] {
  const findings: Finding[] = [];
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const anyProtected = config.tiers.some((t) => t.protected);
  if (anyProtected && config.defaults.stackPermission === "read")
    findings.push({
      severity: "high",
      code: "default-stack-read",
      path: "defaults.stackPermission",
      message:
        'default stack permission "read" lets every org member decrypt the secret config of protected stacks',
    });
  if (anyProtected && config.defaults.environmentPermission === "read")
    findings.push({
      severity: "low",
      code: "default-environment-read",
      path: "defaults.environmentPermission",
      message:
        'default environment permission "read" lets every org member read protected environment definitions (not secrets)',
    });
  if (config.defaults.membersCanCreateStacks)
    findings.push({
      severity: "medium",
      code: "members-create-stacks",
      path: "defaults.membersCanCreateStacks",
      message: "members can create stacks and become their admins, outside the declared grants",
    });
  for (const t of config.tiers)
    if (
      t.driftDetection &&
      !driftSchedules.some((d) => stacks.find((s) => s.key === d.key)?.tier === t.name)
    )
      findings.push({
        severity: "info",
        code: "drift-no-stacks",
        path: `tiers[${tierIndex.get(t.name)}].driftDetection`,
        message: `no stack of tier "${t.name}" deploys through Pulumi Deployments, so no drift schedule is created`,
      });
  return findings;
}
