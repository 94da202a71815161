/**
 * OIDC policies: wildcards and missing pins on any allow policy, and the GitHub issuer's policies
 * against `buildOidcPolicies(model, ids)`. The numeric GitHub ids come from the config when pinned
 * (`github.ownerId`, `projects[].repositoryId`), otherwise from the live allow policies of each
 * identity (its `repository_id` and `repository_owner_id`), used only when they agree (resolveIds).
 * Which live issuer is the managed GitHub one, and every other issuer, is decided in issuers.ts. A
 * policy's `roleID` is not part of this comparison: roles.ts reports every role a policy carries.
 */
import { AccessModel } from "../../model/access";
import {
  buildOidcPolicies,
  byRepository,
  GITHUB_ISSUER_URL,
  GithubIds,
  issuerUrlKey,
  toProviderPolicies,
} from "../../model/oidc";
import { hasRunWildcard, parseClaimPath, ruleWidens } from "../../model/oidc/matcher";
import { sameGithubName } from "../../model/names";
import { cmp } from "./helpers";
import { classifyIssuers, compareIssuers } from "./issuers";
import { describePolicy } from "./oidcPolicy";
import { Add, CompareOptions, CompareResult, LiveIssuer, LivePolicy } from "./types";

/** A comparable form: no undefined keys, permissions sorted, `[]` and absent the same. */
function canonical(p: LivePolicy): string {
  const perms = [...(p.authorizedPermissions ?? [])].sort();
  const rules = Object.fromEntries(Object.entries(p.rules ?? {}).sort(([a], [b]) => cmp(a, b)));
  return JSON.stringify([
    p.decision,
    p.tokenType,
    p.teamName ?? null,
    p.userLogin ?? null,
    p.runnerID ?? null,
    perms,
    rules,
  ]);
}

/** Which expected policy a live one is a changed version of: same decision, token and event. */
function pairKey(p: LivePolicy): string {
  const who =
    p.tokenType === "team"
      ? (p.teamName ?? "")
      : p.tokenType === "organization"
        ? [...(p.authorizedPermissions ?? [])].sort().join(",")
        : (p.userLogin ?? p.runnerID ?? "");
  return JSON.stringify([p.decision, p.tokenType, who, p.rules?.event_name ?? null]);
}

const PINS = ["aud", "repository_id", "repository_owner_id"] as const;

export function compareOidc(
  model: AccessModel,
  issuers: readonly LiveIssuer[],
  pinned: CompareOptions["pinnedIds"],
  add: Add,
): CompareResult["githubIds"] {
  const classes = classifyIssuers(model, issuers);
  compareIssuers(classes, add);
  const github = issuers.filter((i) => issuerUrlKey(i.url) === issuerUrlKey(GITHUB_ISSUER_URL));
  const issuer = classes.managed.find(
    (m) => issuerUrlKey(m.declared.url) === issuerUrlKey(GITHUB_ISSUER_URL),
  )?.live;
  if (!issuer && model.identities.length > 0)
    add({
      severity: "medium",
      code: "oidc-issuer-missing",
      subject: "oidc:github-actions",
      message: `no OIDC issuer for ${GITHUB_ISSUER_URL}: the pipelines cannot obtain tokens`,
    });
  const flagged = flagUnsafePolicies(issuers, github, add);
  if (!issuer) return { source: "unknown" };
  const ids = resolveIds(model, issuer.policies, pinned);
  if (!ids.ids) {
    add({
      severity: "medium",
      code: "oidc-ids-unknown",
      subject: `oidc:${issuer.name}`,
      message:
        `the policies of ${issuer.name} were not compared with the config: ${ids.reason}. ` +
        "Pin github.ownerId and projects[].repositoryId in the config",
    });
    return { source: "unknown" };
  }
  const expected = expectedPolicies(model, issuer.name, ids.ids, add);
  if (!expected) return { source: "unknown" };
  add({
    severity: "info",
    code: "oidc-ids",
    subject: `oidc:${issuer.name}`,
    message:
      `policies compared with the config using GitHub owner id ${ids.ids.ownerId} and repository ` +
      `ids ${JSON.stringify(ids.ids.repositoryIds)} (from ${ids.source})`,
  });
  comparePolicies(issuer, expected, flagged, add);
  return { source: ids.source, ids: ids.ids };
}

/**
 * Wildcards (any issuer) and missing pins (GitHub issuer), on allow policies only: a deny with a
 * wildcard only denies more. Returns the policies so flagged.
 */
function flagUnsafePolicies(
  issuers: readonly LiveIssuer[],
  github: readonly LiveIssuer[],
  add: Add,
): Set<LivePolicy> {
  const flagged = new Set<LivePolicy>();
  for (const issuer of issuers) {
    const isGithub = github.includes(issuer);
    issuer.policies.forEach((p, i) => {
      if (p.decision !== "allow") return;
      if (flagPolicy(`oidc:${issuer.name}#${i}`, p, isGithub, add)) flagged.add(p);
    });
  }
  return flagged;
}

/** One allow policy: a wildcard, or else (GitHub) a missing pin; returns whether it was flagged. */
function flagPolicy(subject: string, p: LivePolicy, isGithub: boolean, add: Add): boolean {
  const wild = wideParts(p);
  if (wild.length) {
    add({
      severity: "high",
      code: "oidc-policy-wildcard",
      subject,
      message: `${describePolicy(p)}: ${wild.join(", ")} matches more than one context; pin exact values`,
      live: p,
    });
    return true;
  }
  const missing = isGithub ? PINS.filter((k) => !(p.rules ?? {})[k]) : [];
  if (missing.length) {
    add({
      severity: "high",
      code: "oidc-policy-unpinned",
      subject,
      message:
        `${describePolicy(p)} does not pin ${missing.join(", ")}: a job of another ` +
        "repository, owner or audience could obtain the token",
      live: p,
    });
    return true;
  }
  return false;
}

/**
 * The parts of a live policy that match more than their own text, by the matcher: any `*` or `?`;
 * a `.` in an id pin (`repository_id: "200."` matches repository 2001) or in the team scope (team
 * scopes are patterns too); a rule key no documented claim path reads. A `.` in a name (a branch,
 * an environment, a repository in `sub`) is compared with the generated policies instead, which
 * report it as a rule warning.
 */
function wideParts(p: LivePolicy): string[] {
  const out: string[] = [];
  for (const [k, raw] of Object.entries(p.rules ?? {})) {
    const v = String(raw);
    const idPin = /(^|_)id$/.test(k);
    const other = hasRunWildcard(v) || idPin ? ruleWidens(k, v) : undefined;
    if (other !== undefined)
      out.push(`${k} = ${JSON.stringify(v)} (also ${JSON.stringify(other)})`);
    const path = parseClaimPath(k);
    if (!path.ok) out.push(`${path.error} (not a documented claim path)`);
  }
  if (p.tokenType === "team" && p.teamName !== undefined) {
    const other = ruleWidens("teamName", p.teamName);
    if (other !== undefined)
      out.push(`team scope ${JSON.stringify(p.teamName)} (also team ${JSON.stringify(other)})`);
  }
  return out;
}

/** The policies the config implies with these ids; undefined (and reported) when unbuildable. */
function expectedPolicies(
  model: AccessModel,
  issuerName: string,
  ids: GithubIds,
  add: Add,
): LivePolicy[] | undefined {
  try {
    return toProviderPolicies(buildOidcPolicies(model, ids));
  } catch (e) {
    add({
      severity: "medium",
      code: "oidc-ids-unknown",
      subject: `oidc:${issuerName}`,
      message: `the expected policies could not be built: ${(e as Error).message}`,
    });
    return undefined;
  }
}

/**
 * The GitHub issuer's live policies against the expected ones: an exact match is fine; a live
 * policy with an expected counterpart (same `pairKey`) is changed, one without is undeclared; an
 * expected policy left over is missing. Flagged policies were reported already.
 */
function comparePolicies(
  issuer: LiveIssuer,
  expected: readonly LivePolicy[],
  flagged: ReadonlySet<LivePolicy>,
  add: Add,
): void {
  const remaining = new Map<number, LivePolicy>(expected.map((p, i) => [i, p]));
  const take = (match: (p: LivePolicy) => boolean): number | undefined => {
    for (const [i, p] of remaining)
      if (match(p)) {
        remaining.delete(i);
        return i;
      }
    return undefined;
  };
  const liveLeft: [number, LivePolicy][] = [];
  issuer.policies.forEach((p, i) => {
    if (flagged.has(p)) return;
    const c = canonical(p);
    if (take((e) => canonical(e) === c) === undefined) liveLeft.push([i, p]);
  });
  // A flagged policy replacing an expected one is reported once, as flagged.
  for (const p of issuer.policies.filter((x) => flagged.has(x)))
    take((e) => pairKey(e) === pairKey(p));
  const undeclared: [number, LivePolicy][] = [];
  for (const [i, p] of liveLeft) {
    const j = take((e) => pairKey(e) === pairKey(p));
    if (j === undefined) undeclared.push([i, p]);
    else reportChanged(`oidc:${issuer.name}#${i}`, expected[j], p, add);
  }
  for (const [i, p] of undeclared)
    add({
      severity: p.decision === "allow" ? "high" : "low",
      code: "oidc-policy-undeclared",
      subject: `oidc:${issuer.name}#${i}`,
      message: `${describePolicy(p)} is not implied by the config`,
      live: p,
    });
  for (const [i, p] of remaining)
    add({
      severity: p.decision === "deny" ? "medium" : "low",
      code: "oidc-policy-missing",
      subject: `oidc:${issuer.name} expected#${i}`,
      message:
        `${describePolicy(p)} is missing` +
        (p.decision === "deny"
          ? ": that safety net is gone"
          : ": that pipeline cannot obtain its token"),
      declared: p,
    });
}

/** A live policy that differs from its expected counterpart: which rules changed. */
function reportChanged(subject: string, want: LivePolicy, p: LivePolicy, add: Add): void {
  const keys = [...new Set([...Object.keys(want.rules), ...Object.keys(p.rules ?? {})])].sort();
  const changes = keys
    .filter((k) => want.rules[k] !== (p.rules ?? {})[k])
    .map(
      (k) =>
        `${k}: ${JSON.stringify(want.rules[k] ?? null)} -> ${JSON.stringify((p.rules ?? {})[k] ?? null)}`,
    );
  const otherFields = canonical({ ...p, rules: {} }) !== canonical({ ...want, rules: {} });
  add({
    severity: p.decision === "allow" ? "high" : "medium",
    code: "oidc-policy-changed",
    subject,
    message:
      `${describePolicy(p)} differs from the declared policy: ` +
      [...changes, ...(otherFields ? ["token fields differ"] : [])].join("; "),
    declared: want,
    live: p,
  });
}

/** The numeric GitHub ids to build the expected policies with, and where they came from. */
function resolveIds(
  model: AccessModel,
  policies: readonly LivePolicy[],
  pinned: CompareOptions["pinnedIds"],
): { ids?: GithubIds; source: CompareResult["githubIds"]["source"]; reason?: string } {
  const allows = policies.filter((p) => p.decision === "allow");
  const unique = (values: (string | undefined)[]): number | undefined => {
    const set = new Set(values.filter((v): v is string => !!v && /^\d+$/.test(v)));
    return set.size === 1 ? Number([...set][0]) : undefined;
  };
  let usedLive = false;
  let usedConfig = false;
  let ownerId = pinned?.ownerId;
  if (ownerId !== undefined) usedConfig = true;
  else {
    ownerId = unique(allows.map((p) => p.rules?.repository_owner_id));
    usedLive = true;
  }
  if (ownerId === undefined)
    return { source: "unknown", reason: "the live allow policies do not agree on one owner id" };
  const repositoryIds: Record<string, number> = Object.create(null);
  for (const repo of [...new Set(model.identities.map((i) => i.repository))].sort()) {
    const pin = byRepository(pinned?.repositoryIds, repo);
    if (pin !== undefined) {
      repositoryIds[repo] = pin;
      usedConfig = true;
      continue;
    }
    const mine = model.identities.filter((i) => sameGithubName(i.repository, repo));
    const values = allows
      .filter((p) =>
        mine.some((i) =>
          i.tokenType === "team"
            ? p.tokenType === "team" && p.teamName === i.team
            : p.tokenType === "organization",
        ),
      )
      .map((p) => p.rules?.repository_id);
    const id = unique(values);
    if (id === undefined)
      return {
        source: "unknown",
        reason: `the live allow policies of repository ${repo}'s identities do not agree on one repository id`,
      };
    repositoryIds[repo] = id;
    usedLive = true;
  }
  return {
    ids: { ownerId, repositoryIds },
    source: usedConfig && usedLive ? "config+live" : usedConfig ? "config" : "live",
  };
}
