/**
 * OIDC policies: wildcards and missing pins on any allow policy, and the GitHub issuer's policies
 * against `buildOidcPolicies(model, ids)`. The numeric GitHub ids come from the config when pinned
 * (`github.ownerId`, `projects[].repositoryId`), otherwise from the live allow policies of each
 * identity (its `repository_id` and `repository_owner_id`), used only when they agree (resolveIds).
 * Which live issuer is the managed GitHub one, and every other issuer, is decided in issuers.ts. A
 * policy's `roleID` is not part of this comparison: roles.ts reports every role a policy carries.
 */
import { AccessModel, MachineIdentity } from "../../model/access";
import {
  buildOidcPolicies,
  byRepository,
  ciIssuers,
  CI_UNITS,
  GITHUB_ISSUER_URL,
  GithubIds,
  issuerUrlKey,
  orgCandidates,
  simulatePipelines,
  toProviderPolicies,
} from "../../model/oidc";
import { hasRunWildcard, parseClaimPath, ruleWidens } from "../../model/oidc/matcher";
import { sameGithubName } from "../../model/names";
import { classifyIssuers, compareIssuers, IssuerClasses } from "./issuers";
import { describePolicy } from "./oidcPolicy";
import { comparePolicySet, Probe } from "./policySet";
import { Add, CompareOptions, CompareResult, LiveIssuer, LivePolicy } from "./types";

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
  if (!issuer && githubIdentities(model).length > 0)
    add({
      severity: "medium",
      code: "oidc-issuer-missing",
      subject: "oidc:github-actions",
      message: `no OIDC issuer for ${GITHUB_ISSUER_URL}: the pipelines cannot obtain tokens`,
    });
  const flagged = flagUnsafePolicies(issuers, github, add);
  compareCiIssuers(model, classes, flagged, add);
  if (!issuer) return { source: "unknown" };
  return compareGithubIssuer(model, issuer, pinned, flagged, add);
}

/** The identities whose tokens the GitHub Actions issuer signs. */
const githubIdentities = (model: AccessModel) =>
  model.identities.filter((i) => i.ci === "github-actions");

/**
 * The GitHub issuer's policies against the config, for every GitHub repository whose numeric id is
 * known (pinned, or agreed on by the live policies). A repository whose id is unknown is left out,
 * with its identities and the live policies of their tokens named (medium); the others are compared.
 */
function compareGithubIssuer(
  model: AccessModel,
  issuer: LiveIssuer,
  pinned: CompareOptions["pinnedIds"],
  flagged: ReadonlySet<LivePolicy>,
  add: Add,
): CompareResult["githubIds"] {
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
  const left = githubIdentities(model).filter(
    (i) => ids.ids?.repositoryIds[i.repository] === undefined,
  );
  const comparable: AccessModel = left.length
    ? { ...model, identities: model.identities.filter((i) => !left.includes(i)) }
    : model;
  const skipped = new Set(issuer.policies.filter((p) => left.some((i) => requestMatches(i, p))));
  for (const u of ids.unresolved) reportUnresolved(issuer, u, left, skipped, add);
  const expected = expectedPolicies(comparable, issuer.name, ids.ids, add);
  if (!expected) return { source: "unknown" };
  add({
    severity: "info",
    code: "oidc-ids",
    subject: `oidc:${issuer.name}`,
    message:
      `policies compared with the config using GitHub owner id ${ids.ids.ownerId} and repository ` +
      `ids ${JSON.stringify(ids.ids.repositoryIds)} (from ${ids.source})`,
  });
  comparePolicySet(
    {
      issuer: issuer.name,
      live: issuer.policies,
      expected,
      flagged,
      skipped,
      probes: githubProbes(comparable, ids.ids),
      candidates: orgCandidates(model),
    },
    add,
  );
  return { source: ids.source, ids: ids.ids };
}

/** Whether a live policy is about the token an identity obtains. */
const requestMatches = (i: MachineIdentity, p: LivePolicy) =>
  i.tokenType === "team"
    ? p.tokenType === "team" && p.teamName === i.team
    : p.tokenType === "organization";

function reportUnresolved(
  issuer: LiveIssuer,
  u: { repository: string; reason: string },
  left: readonly MachineIdentity[],
  skipped: ReadonlySet<LivePolicy>,
  add: Add,
): void {
  const mine = left.filter((i) => i.repository === u.repository);
  const indexes = issuer.policies
    .map((p, n) => (skipped.has(p) && mine.some((i) => requestMatches(i, p)) ? `#${n}` : ""))
    .filter(Boolean);
  add({
    severity: "medium",
    code: "oidc-ids-unknown",
    subject: `oidc:${issuer.name} repository:${u.repository}`,
    message:
      `the policies of GitHub repository ${u.repository} (identities ${mine.map((i) => `${i.team} ${i.purpose}`).join(", ")}) ` +
      `were not compared with the config: ${u.reason}; live policies left out: ${indexes.join(", ") || "none"}. ` +
      "The other repositories' policies were compared. Pin projects[].repositoryId in the config",
  });
}

/** Each GitHub identity's intended context and near misses (the plan's context table). */
function githubProbes(model: AccessModel, ids: GithubIds): Probe[] {
  try {
    const policies = buildOidcPolicies(model, ids);
    return simulatePipelines(model, ids, policies).map((r) => ({
      label: `github-actions: ${r.pipeline} ${r.context}`,
      claims: r.claims,
    }));
  } catch {
    // The expected policies could not be built: reported by expectedPolicies.
    return [];
  }
}

/**
 * Each managed issuer of another CI (one per CI unit, model/ci/units.ts): its live policies
 * against the ones `ciIssuers(model)` builds for it, with each of its identities' contexts and
 * attacks as probes. A declared issuer that is not registered is reported (medium).
 */
function compareCiIssuers(
  model: AccessModel,
  classes: IssuerClasses,
  flagged: ReadonlySet<LivePolicy>,
  add: Add,
): void {
  const declared = new Map(ciIssuers(model).map((i) => [issuerUrlKey(i.url), i]));
  for (const m of classes.managed) {
    const want = declared.get(issuerUrlKey(m.declared.url));
    if (!want) continue;
    if (!m.live) {
      add({
        severity: "medium",
        code: "oidc-issuer-missing",
        subject: `oidc:${want.name}`,
        message: `no OIDC issuer for ${want.url} (${want.ci}): its pipelines cannot obtain tokens`,
      });
      continue;
    }
    comparePolicySet(
      {
        issuer: m.live.name,
        live: m.live.policies,
        expected: toProviderPolicies(want.policies),
        flagged,
        probes: ciProbes(model, want.url),
        candidates: orgCandidates(model),
      },
      add,
    );
  }
}

/** The contexts and attacks of every identity the issuer at `url` signs for, in its CI's claims. */
function ciProbes(model: AccessModel, url: string): Probe[] {
  const out: Probe[] = [];
  for (const identity of model.identities) {
    const b = identity.binding;
    if (!b || issuerUrlKey(b.issuer) !== issuerUrlKey(url)) continue;
    for (const s of CI_UNITS[b.system].scenarios(identity, b, model.organization))
      out.push({
        label: `${b.system}: ${identity.team} ${identity.purpose}: ${s.context}${s.label === "intended" ? "" : ` (${s.label})`}`,
        claims: s.claims,
      });
  }
  return out;
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
 * The numeric GitHub ids to build the expected policies with, and where they came from: the owner
 * id (without it nothing is compared), and the id of each GitHub Actions identity's repository;
 * a repository whose id is neither pinned nor agreed on by the live policies is `unresolved`.
 * Repositories hosted elsewhere (another CI's host) have no GitHub id and are not asked.
 */
function resolveIds(
  model: AccessModel,
  policies: readonly LivePolicy[],
  pinned: CompareOptions["pinnedIds"],
): {
  ids?: GithubIds;
  source: CompareResult["githubIds"]["source"];
  reason?: string;
  unresolved: { repository: string; reason: string }[];
} {
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
    return {
      source: "unknown",
      reason: "the live allow policies do not agree on one owner id",
      unresolved: [],
    };
  const repositoryIds: Record<string, number> = Object.create(null);
  const unresolved: { repository: string; reason: string }[] = [];
  const identities = githubIdentities(model);
  for (const repo of [...new Set(identities.map((i) => i.repository))].sort()) {
    const pin = byRepository(pinned?.repositoryIds, repo);
    if (pin !== undefined) {
      repositoryIds[repo] = pin;
      usedConfig = true;
      continue;
    }
    const mine = identities.filter((i) => sameGithubName(i.repository, repo));
    const values = allows
      .filter((p) => mine.some((i) => requestMatches(i, p)))
      .map((p) => p.rules?.repository_id);
    const id = unique(values);
    if (id === undefined) {
      unresolved.push({
        repository: repo,
        reason: `the live allow policies of its identities do not agree on one repository id`,
      });
      continue;
    }
    repositoryIds[repo] = id;
    usedLive = true;
  }
  return {
    ids: { ownerId, repositoryIds },
    source: usedConfig && usedLive ? "config+live" : usedConfig ? "config" : "live",
    unresolved,
  };
}
