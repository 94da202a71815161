/**
 * The rest of the proposal: organization defaults, the default CI's OIDC issuer's policies
 * (kept as `oidc.adoptedPolicies`; a wide allow policy only as declared break-glass, with a
 * finding whose fix drops it), and org-wide webhooks. What the config cannot express is reported
 * and left as it is.
 */
import { GITHUB_ISSUER_URL, issuerUrlKey as normUrl } from "../model/oidc";
import { policyWidth, reviewedPreviewsOf } from "../model/config/policy/adoption";
import { lenientView } from "../model/config/view";
import { checkWebhookUrl } from "../model/webhookUrl";
import { hasBidiControls } from "../model/text";
import { checkName } from "../model/names";
import { DEFAULT_CI_LABEL } from "../model/ci/registry";
import {
  MAX_JOB_TOKEN_SECONDS,
  WEBHOOK_FILTERS,
  WEBHOOK_FORMATS,
  WEBHOOK_GROUPS,
} from "../model/config";
import type { AdoptUnmanaged } from "../model/adopt";
import { STACK_PERMISSION_CODES } from "../model/cloud/stackPermissions";
import type { LiveOrg } from "./live";
import type { AdoptFinding, RawConfig, RawPolicy, RawWebhook } from "./types";

const STACK_DEFAULTS: Readonly<Record<number, string>> = {
  [STACK_PERMISSION_CODES.none]: "none",
  [STACK_PERMISSION_CODES.read]: "read",
};

export function proposeDefaults(live: LiveOrg, findings: AdoptFinding[]): RawConfig["defaults"] {
  const d = live.defaults;
  const stackPermission = d ? (STACK_DEFAULTS[d.defaultStackPermission] ?? "read") : "none";
  const environmentPermission =
    d && ["none", "read"].includes(d.defaultEnvironmentPermission)
      ? d.defaultEnvironmentPermission
      : d
        ? "read"
        : "none";
  if (d && !(d.defaultStackPermission in STACK_DEFAULTS))
    findings.push({
      severity: "high",
      code: "default-above-read",
      subject: "org:defaultStackPermission",
      message: `every member holds stack permission ${d.defaultStackPermission} on every stack; the config can say at most "read", so the first pulumi up lowers it to read`,
      fixes: [{ path: ["defaults", "stackPermission"], from: "read", to: "none" }],
    });
  else if (stackPermission !== "none")
    findings.push({
      severity: "high",
      code: "default-above-none",
      subject: "org:defaultStackPermission",
      message: `every member holds stack ${stackPermission} on every stack (stack read decrypts secret config)`,
      fixes: [{ path: ["defaults", "stackPermission"], from: stackPermission, to: "none" }],
    });
  if (d && environmentPermission !== d.defaultEnvironmentPermission)
    findings.push({
      severity: "high",
      code: "default-above-read",
      subject: "org:defaultEnvironmentPermission",
      message: `every member holds environment ${d.defaultEnvironmentPermission} on every environment; the config can say at most "read", so the first pulumi up lowers it to read`,
      fixes: [{ path: ["defaults", "environmentPermission"], from: "read", to: "none" }],
    });
  else if (environmentPermission !== "none")
    findings.push({
      severity: "medium",
      code: "default-above-none",
      subject: "org:defaultEnvironmentPermission",
      message: `every member holds environment ${environmentPermission} on every environment`,
      fixes: [
        { path: ["defaults", "environmentPermission"], from: environmentPermission, to: "none" },
      ],
    });
  const flags = {
    membersCanCreateStacks: d?.membersCanCreateStacks ?? false,
    membersCanDeleteStacks: d?.membersCanDeleteStacks ?? false,
    membersCanCreateTeams: d?.membersCanCreateTeams ?? false,
  };
  for (const [k, v] of Object.entries(flags))
    if (v)
      findings.push({
        severity: "medium",
        code: "members-can",
        subject: `org:${k}`,
        message: `${k} is on: members act outside the declared grants (a stack's creator becomes its admin)`,
        fixes: [{ path: ["defaults", k], from: true, to: false }],
      });
  const days = d?.maxAccessTokenExpiryDays;
  return {
    stackPermission,
    environmentPermission,
    ...flags,
    ...(typeof days === "number" && days >= 1 && days <= 365
      ? { maxAccessTokenExpiryDays: days }
      : {}),
  };
}

/**
 * A live policy the config refuses, reported high and left out (the first pulumi up removes it):
 * one without rules (it matches every token request), or with a `__proto__` rule key.
 */
function unkeepable(
  p: LiveOrg["oidcIssuers"][number]["policies"][number],
  subject: string,
): AdoptFinding | undefined {
  const keys = Object.keys(p.rules ?? {});
  const who = `${p.decision} policy for ${p.tokenType} token ${p.teamName ?? p.userLogin ?? p.runnerID ?? (p.authorizedPermissions ?? []).join(",")}`;
  const tail = "so the proposal leaves it out and the first pulumi up removes it from the issuer";
  if (keys.includes("__proto__"))
    return {
      severity: "high",
      code: "oidc-policy-reserved-claim",
      subject,
      message: `${who} has a rule on the claim "__proto__", which the config cannot hold, ${tail}`,
    };
  const token: Record<string, unknown> = {
    team: p.teamName,
    personal: p.userLogin,
    runner: p.runnerID,
    organization: p.authorizedPermissions?.length ? p.authorizedPermissions : undefined,
  };
  if (Object.prototype.hasOwnProperty.call(token, p.tokenType) && !token[p.tokenType])
    return {
      severity: "high",
      code: "oidc-policy-without-token",
      subject,
      message: `${who} names no ${p.tokenType === "organization" ? "authorized permissions" : "identity"} for its ${p.tokenType} token; the config cannot declare it, ${tail}`,
    };
  if (keys.length === 0)
    return {
      severity: "high",
      code: "oidc-policy-without-rules",
      subject,
      message: `${who} has no rules, so it matches every token request; the config cannot declare it, ${tail}`,
    };
  return undefined;
}

/** The default CI's issuer's live policies, kept; other issuers stay unmanaged. */
export function proposeOidc(
  live: LiveOrg,
  day: string,
  findings: AdoptFinding[],
  unmanaged: AdoptUnmanaged[],
  proposal: Pick<RawConfig, "tiers" | "projects"> = { tiers: [], projects: [] },
): Omit<RawConfig["oidc"], "additionalIssuers"> {
  // The plan's own analysis: a policy that is exactly a reviewed preview the proposal declares is
  // as narrow as the one the program generates for it.
  const reviewedPreviews = reviewedPreviewsOf(lenientView(proposal));
  const github = live.oidcIssuers.filter((i) => normUrl(i.url) === normUrl(GITHUB_ISSUER_URL));
  for (const i of live.oidcIssuers)
    if (
      (github.includes(i) && i !== github[0]) ||
      (!github.includes(i) && !/^https:\/\/[^\s@/]+(\/\S*)?$/.test(i.url))
    )
      unmanaged.push({
        kind: "oidc-issuer",
        name: `${i.name} (${i.url})`,
        reason: `the program manages one issuer, ${DEFAULT_CI_LABEL}; this one stays as it is with its policies`,
      });
  const issuer = github[0];
  let maxExpirationSeconds = MAX_JOB_TOKEN_SECONDS;
  if (issuer?.maxExpiration !== undefined) {
    maxExpirationSeconds = Math.min(MAX_JOB_TOKEN_SECONDS, Math.max(300, issuer.maxExpiration));
    if (maxExpirationSeconds !== issuer.maxExpiration)
      findings.push({
        severity: issuer.maxExpiration > MAX_JOB_TOKEN_SECONDS ? "medium" : "info",
        code: "oidc-token-lifetime",
        subject: `oidc:${issuer.name}`,
        message: `tokens from ${issuer.name} live ${issuer.maxExpiration}s; the config allows 300 to ${MAX_JOB_TOKEN_SECONDS}s, so the proposal sets ${maxExpirationSeconds}s`,
      });
  }
  const adoptedPolicies: RawPolicy[] = [];
  (issuer?.policies ?? []).forEach((p, n) => {
    const refused = unkeepable(p, `oidc:${issuer.name}#${n}`);
    if (refused) {
      findings.push(refused);
      return;
    }
    const i = adoptedPolicies.length;
    const raw: RawPolicy = {
      decision: p.decision,
      tokenType: p.tokenType,
      ...(p.teamName ? { teamName: p.teamName } : {}),
      ...(p.userLogin ? { userLogin: p.userLogin } : {}),
      ...(p.runnerID ? { runnerID: p.runnerID } : {}),
      ...(p.authorizedPermissions?.length
        ? { authorizedPermissions: [...p.authorizedPermissions] }
        : {}),
      rules: { ...p.rules },
    };
    const width =
      p.decision === "allow"
        ? policyWidth(p.rules ?? {}, p.tokenType, { teamName: p.teamName, reviewedPreviews })
        : [];
    if (width.length) {
      raw.breakGlass = {
        justification: `Adopted as it was on ${day}: this policy existed before secure-org managed the issuer; npm run adopt -- --tighten removes it`,
      };
      findings.push({
        severity: "high",
        code: "oidc-wide-policy",
        subject: `oidc:${issuer.name}#${n}`,
        message: `allow policy for ${p.tokenType} token ${p.teamName ?? p.userLogin ?? p.runnerID ?? (p.authorizedPermissions ?? []).join(",")} ${width.join("; ")}`,
        fixes: [
          {
            path: ["oidc", "adoptedPolicies", i],
            from: `allow ${p.tokenType} token ${p.teamName ?? p.userLogin ?? p.runnerID ?? ""} when ${JSON.stringify(p.rules)}`,
            to: undefined,
          },
        ],
      });
    }
    adoptedPolicies.push(raw);
  });
  return { maxExpirationSeconds, adoptedPolicies };
}

/** A webhook name of our rules from its display name. */
function hookName(displayName: string, used: Set<string>): string {
  const base =
    displayName
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^[^a-z0-9]+|-+$/g, "")
      .slice(0, 50) || "webhook";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

/** Org-wide webhooks as `audit.webhooks`; scoped ones and what the config refuses stay unmanaged. */
export function proposeWebhooks(
  live: LiveOrg,
  findings: AdoptFinding[],
  unmanaged: AdoptUnmanaged[],
): RawWebhook[] {
  const used = new Set<string>();
  const out: RawWebhook[] = [];
  for (const w of live.webhooks) {
    const where =
      w.scope.kind === "organization"
        ? "org"
        : w.scope.kind === "stack"
          ? `stack ${w.scope.project}/${w.scope.stack}`
          : `environment ${w.scope.project}/${w.scope.environment}`;
    const badName =
      w.name === ""
        ? "the service gave it no name, which its import ID needs"
        : w.displayName.length === 0 || w.displayName.length > 100 || hasBidiControls(w.displayName)
          ? "its display name is empty, longer than 100 characters or holds bidirectional controls"
          : undefined;
    const problem =
      w.scope.kind !== "organization"
        ? "the config declares stack and environment webhooks per tier (one on every stack of the tier)"
        : (badName ??
          checkWebhookUrl(w.payloadUrl) ??
          (!(WEBHOOK_FORMATS as readonly string[]).includes(w.format) ||
          w.format === "pulumi_deployments"
            ? `format ${w.format} needs a stack scope`
            : undefined) ??
          (w.filters.some((f) => !(WEBHOOK_FILTERS as readonly string[]).includes(f)) ||
          w.groups.some((g) => !(WEBHOOK_GROUPS as readonly string[]).includes(g))
            ? "it uses filters or groups this version does not know"
            : undefined));
    if (problem) {
      unmanaged.push({
        kind: "webhook",
        name: `${w.displayName} (${where})`,
        reason: `${problem}; it stays as it is`,
      });
      continue;
    }
    if (w.hasSecret)
      findings.push({
        severity: "info",
        code: "webhook-secret",
        subject: `webhook:${w.displayName}`,
        message:
          "its HMAC secret stays on the service and is not managed (set secretConfigKey to manage it)",
      });
    out.push({
      name: hookName(w.displayName, used),
      displayName: w.displayName,
      url: w.payloadUrl,
      format: w.format,
      active: w.active,
      ...(w.filters.length
        ? { filters: [...w.filters] }
        : w.groups.length
          ? { groups: [...w.groups] }
          : {}),
    });
  }
  return out;
}

/** The default cap on organization admins (`defaults.maxAdmins`). */
export const DEFAULT_MAX_ADMINS = 3;
/** The highest cap the config allows. */
export const MAX_ADMINS = 10;

/**
 * Organization admins and the members in no declared team. More admins than the default cap are
 * kept (the cap raised to their number, reported) with a fix that demotes the extra ones to
 * members: those who are in no team that holds grants go first, then by name.
 */
export function proposeMembership(
  live: LiveOrg,
  teams: RawConfig["teams"],
  findings: AdoptFinding[],
  unmanaged: AdoptUnmanaged[],
): { admins: string[]; members: string[]; maxAdmins?: number } {
  const valid = (login: string) => checkName("pulumiUser", login) === undefined;
  const inTeams = new Set(teams.flatMap((t) => t.members));
  for (const m of live.members)
    if (!valid(m.login) || !["admin", "member"].includes(m.role))
      unmanaged.push({
        kind: "org-member",
        name: m.login,
        reason: `role ${m.role}${valid(m.login) ? "" : " and a login our rules refuse"}: the config declares admins and members only; it stays as it is`,
      });
  const admins = live.members
    .filter((m) => m.role === "admin" && valid(m.login))
    .map((m) => m.login);
  const members = live.members
    .filter((m) => m.role === "member" && valid(m.login) && !inTeams.has(m.login))
    .map((m) => m.login);
  if (admins.length <= DEFAULT_MAX_ADMINS) return { admins, members };
  const granted = new Set(
    teams.filter((t) => Object.keys(t.access).length).flatMap((t) => t.members),
  );
  const order = [...admins].sort(
    (a, b) => Number(granted.has(b)) - Number(granted.has(a)) || a.localeCompare(b),
  );
  const keep = admins.filter((a) => order.indexOf(a) < DEFAULT_MAX_ADMINS);
  const demote = admins.filter((a) => !keep.includes(a));
  const kept = admins.slice(0, MAX_ADMINS);
  for (const extra of admins.slice(MAX_ADMINS))
    unmanaged.push({
      kind: "org-member",
      name: extra,
      reason: `admin beyond the ${MAX_ADMINS} the config can declare; stays an admin until demoted by hand`,
    });
  findings.push({
    severity: "high",
    code: "admins-over-cap",
    subject: "org:admins",
    message:
      `${admins.length} organization admins (${admins.join(", ")}) bypass every grant; the config caps them at ` +
      `${DEFAULT_MAX_ADMINS} by default, so the proposal raises defaults.maxAdmins. Demote ${demote.join(", ")} to members ` +
      "(the deploying identity must stay an admin)",
    fixes: [
      { path: ["admins"], from: kept, to: keep },
      {
        path: ["members"],
        from: members,
        to: [...members, ...demote.filter((d) => !inTeams.has(d))],
      },
      { path: ["defaults", "maxAdmins"], from: Math.min(admins.length, MAX_ADMINS), to: undefined },
    ],
  });
  return { admins: kept, members, maxAdmins: Math.min(admins.length, MAX_ADMINS) };
}

/** Issuers other than the default CI's, declared as managed elsewhere; their wide policies reported. */
export function proposeAdditionalIssuers(live: LiveOrg, day: string, findings: AdoptFinding[]) {
  const github = normUrl(GITHUB_ISSUER_URL);
  return live.oidcIssuers
    .filter((i) => normUrl(i.url) !== github && /^https:\/\/[^\s@/]+(\/\S*)?$/.test(i.url))
    .map((i) => {
      i.policies.forEach((p, n) => {
        const width = p.decision === "allow" ? policyWidth(p.rules ?? {}) : [];
        if (width.length)
          findings.push({
            severity: "high",
            code: "unmanaged-oidc-wide-policy",
            subject: `oidc:${i.name}#${n}`,
            message: `issuer ${i.name} (${i.url}), which the program does not manage, has an allow policy that ${width.join("; ")}: fix it by hand`,
          });
      });
      return {
        url: i.url,
        reason: `Adopted as it was on ${day}: issuer ${i.name} existed before secure-org and is managed outside it`,
      };
    });
}
