/**
 * Findings about org-wide settings: default permissions that expose protected tiers, members who
 * may create stacks, and drift detection on tiers no Deployments-mode stack uses.
 */
import { Finding, OrgConfig } from "../config";
import { StackSpec } from "./types";
import { PULUMI_IMAGE_REPOSITORY, PULUMI_VERSION } from "../imagePins";
import { PULUMI_IMAGE_CIS } from "../ci/registry";

/** The org-default findings, after the per-stack ones. */
export function orgDefaultFindings(
  config: OrgConfig,
  stacks: readonly StackSpec[],
  /** Keys (`project/tier`) of the stacks a drift schedule or drift-check workflow covers. */
  driftChecked: ReadonlySet<string>,
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
  findings.push(...memberSettingFindings(config));
  if (config.defaults.membersCanCreateStacks)
    findings.push({
      severity: "medium",
      code: "members-create-stacks",
      path: "defaults.membersCanCreateStacks",
      message: "members can create stacks and become their admins, outside the declared grants",
    });
  for (const t of config.tiers) {
    if (!t.driftDetection) continue;
    // Checked: a Deployments drift schedule, or the default CI's drift-check workflow.
    const unchecked = stacks.filter((s) => s.tier === t.name && !driftChecked.has(s.key));
    if (unchecked.length > 0)
      findings.push({
        severity: "info",
        code: "drift-unchecked",
        path: `tiers[${tierIndex.get(t.name)}].driftDetection`,
        message:
          `no drift check for ${unchecked.map((s) => `${s.project}/${s.stack}`).join(", ")} on tier ` +
          `"${t.name}": the bootstrap's own stack is not checked (a read-only identity would decrypt ` +
          "its config, which holds the GitHub App key; the scheduled audit covers the organization), " +
          "and the stacks of other CI systems get no drift-check workflow: schedule one on that CI",
      });
  }
  return findings;
}

/** Member settings that let data or access leave the declared grants, and the bootstrap's token. */
function memberSettingFindings(config: OrgConfig): Finding[] {
  const findings: Finding[] = [];
  for (const [field, severity, message] of [
    [
      "membersCanTransferStacks",
      "high",
      "members can transfer stacks (state and secrets) out of the organization",
    ],
    [
      "membersCanInviteCollaborators",
      "medium",
      "members can invite outside collaborators to stacks, outside the declared grants",
    ],
    [
      "membersCanCreateAccounts",
      "medium",
      "members can create Insights accounts with cloud scanning credentials",
    ],
  ] as const)
    if (config.defaults[field])
      findings.push({
        severity,
        code: `members-${field.slice("membersCan".length).toLowerCase()}`,
        path: `defaults.${field}`,
        message,
      });
  if (config.defaults.accountPermission === "read")
    findings.push({
      severity: "low",
      code: "default-account-read",
      path: "defaults.accountPermission",
      message:
        'default Insights account permission "read" lets every member read every scanned cloud account',
    });
  const boot = config.projects.findIndex((p) => p.bootstrap);
  if (boot >= 0)
    findings.push({
      severity: "info",
      code: "bootstrap-admin-token",
      path: `projects[${boot}]`,
      message:
        "the bootstrap's pipeline obtains an organization admin token, the one identity above every " +
        "grant: pulumiservice 1.3.0's OidcIssuer policies cannot carry a role (roleID), so an " +
        "organization token obtained by OIDC is an admin token. It is pinned to the bootstrap's " +
        "workflow on a protected branch in its reviewed GitHub environment",
    });
  return findings;
}

/**
 * The generated jobs of the CI units (model/ci/<ci>/) run the Pulumi image; without a
 * digest in `secure-org:images.pulumi` they name it by tag, which the registry can move: medium,
 * since those jobs hold the deploy tokens (model/imagePins.ts).
 */
export function imageFindings(
  config: OrgConfig,
  pipelines: readonly { readonly ci?: string; readonly key: string }[],
): Finding[] {
  if (config.images.pulumi) return [];
  const keys = pipelines
    .filter((p) => p.ci !== undefined && CONTAINER_CIS.has(p.ci))
    .map((p) => p.key);
  if (!keys.length) return [];
  const image = `${PULUMI_IMAGE_REPOSITORY}:${PULUMI_VERSION}`;
  return [
    {
      severity: "medium",
      code: "ci-image-unpinned",
      path: "images.pulumi",
      message:
        `the generated jobs of ${keys.length} pipeline${keys.length === 1 ? "" : "s"} (${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}) ` +
        `run ${image} by tag, which the registry can move, and hold deploy tokens: set ` +
        `secure-org:images.pulumi to { tag: "${PULUMI_VERSION}", digest: "sha256:..." } ` +
        "(npm run refresh-image -- --stack <stack> reads it from the registry; review it)",
    },
  ];
}

/** The CIs whose generated jobs run in the Pulumi image (each unit says). */
const CONTAINER_CIS: ReadonlySet<string> = PULUMI_IMAGE_CIS;
