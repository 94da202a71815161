/**
 * One issuer's live policies against the policies the config implies, for every CI (GitHub
 * Actions and each CI unit of model/ci/units.ts), read through the one matcher
 * (model/oidc/matcher): which claims each live policy admits against what its declared
 * counterpart admits.
 *
 * - An exact copy of a declared policy is fine.
 * - A live policy paired with a declared one (same decision, token and event) that differs: an
 *   allow that admits a claim value the declared one does not (a declared rule dropped, another
 *   project, branch, ref, pipeline, job or audience, a wildcard) is high; one that only adds
 *   rules, or whose values the declared pattern matches anyway, admits less (low: the pipeline
 *   may fail). A deny that covers less than its declared counterpart (an added rule, another
 *   value) is high; one that covers more is low.
 * - A live allow no declared policy explains is high; a live deny, low.
 * - A declared allow missing is low (that pipeline cannot obtain its token); a declared deny
 *   missing is high: that safety net is gone, and the contexts it refused may obtain the token.
 *
 * Then the issuer's contexts (each identity's intended context and the attacks, in its CI's claim
 * shapes) are exchanged against both sets: a context the live policies grant a token that the
 * declared ones refuse is named in the finding about the policy that admits it, or reported on its
 * own (`oidc-context-admitted`, high) when no high finding already explains it.
 */
import { decide, isExactPattern, matchPattern, policyApplies } from "../../model/oidc/matcher";
import type { MatchPolicy, TokenRequest } from "../../model/oidc/matcher";
import { tokenLabel } from "../../model/oidc";
import { cmp } from "./helpers";
import { describePolicy } from "./oidcPolicy";
import { Add, AuditFinding, LivePolicy } from "./types";

/** A claim set tried against both policy sets. */
export interface Probe {
  /** What it stands for: "<ci>: push pipeline on main (a merge request pipeline)". */
  readonly label: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface PolicySetInput {
  /** The issuer's name, as subjects print it. */
  readonly issuer: string;
  readonly live: readonly LivePolicy[];
  readonly expected: readonly LivePolicy[];
  /** Live policies reported already (a wildcard, a missing pin): not reported again. */
  readonly flagged: ReadonlySet<LivePolicy>;
  /** Live policies left out of the comparison (reported as not compared by the caller). */
  readonly skipped?: ReadonlySet<LivePolicy>;
  readonly probes: readonly Probe[];
  /** The tokens tried for each probe. */
  readonly candidates: readonly TokenRequest[];
}

/** Whether a live policy with a team scope pattern stands for an expected one of a team it matches. */
function replacesByScope(p: LivePolicy, e: LivePolicy): boolean {
  return (
    p.tokenType === "team" &&
    e.tokenType === "team" &&
    p.decision === e.decision &&
    eventOf(p) === eventOf(e) &&
    p.teamName !== undefined &&
    e.teamName !== undefined &&
    matchPattern(p.teamName, e.teamName)
  );
}

/** A comparable form: no undefined keys, permissions sorted, `[]` and absent the same. */
export function canonical(p: LivePolicy): string {
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

/** The event-like rule of a policy: the claim that says what started the run, per CI. */
const EVENT_KEYS = ["event_name", "pipeline_source"] as const;
const eventOf = (p: LivePolicy) => {
  for (const k of EVENT_KEYS) if ((p.rules ?? {})[k] !== undefined) return `${k}=${p.rules[k]}`;
  return null;
};

/** Which expected policy a live one is a changed version of: same decision, token and event. */
export function pairKey(p: LivePolicy): string {
  const who =
    p.tokenType === "team"
      ? (p.teamName ?? "")
      : p.tokenType === "organization"
        ? [...(p.authorizedPermissions ?? [])].sort().join(",")
        : (p.userLogin ?? p.runnerID ?? "");
  return JSON.stringify([p.decision, p.tokenType, who, eventOf(p)]);
}

/** The policy as the matcher reads it. */
export const asMatchPolicy = (p: LivePolicy): MatchPolicy => ({
  decision: p.decision === "deny" ? "deny" : "allow",
  tokenType: p.tokenType as MatchPolicy["tokenType"],
  ...(p.teamName !== undefined ? { teamName: p.teamName } : {}),
  ...(p.authorizedPermissions ? { authorizedPermissions: p.authorizedPermissions } : {}),
  rules: p.rules ?? {},
});

/**
 * Whether every value the live pattern matches, the declared one matches too (by the matcher):
 * the same text, or an exact live value the declared pattern matches. A live value with a
 * wildcard is taken as wider (fail closed).
 */
function within(declared: string, live: string): boolean {
  if (declared === live) return true;
  return isExactPattern(live) && matchPattern(declared, live);
}

/** How a live policy's rules compare with its declared counterpart's. */
export function ruleDelta(want: LivePolicy, p: LivePolicy) {
  const wantRules = want.rules ?? {};
  const liveRules = p.rules ?? {};
  const dropped = Object.keys(wantRules).filter((k) => liveRules[k] === undefined);
  const added = Object.keys(liveRules).filter((k) => wantRules[k] === undefined);
  const changed = Object.keys(wantRules).filter(
    (k) => liveRules[k] !== undefined && liveRules[k] !== wantRules[k],
  );
  const wider = changed.filter((k) => !within(wantRules[k], liveRules[k]));
  // A changed deny value that no longer matches the declared one refuses the declared context no more.
  const missed = changed.filter((k) => !matchPattern(liveRules[k], wantRules[k]));
  const lines = [...new Set([...dropped, ...added, ...changed])]
    .sort()
    .map(
      (k) =>
        `${k}: ${JSON.stringify(wantRules[k] ?? null)} -> ${JSON.stringify(liveRules[k] ?? null)}`,
    );
  const tokenFields = canonical({ ...p, rules: {} }) !== canonical({ ...want, rules: {} });
  return { dropped, added, changed, wider, missed, lines, tokenFields };
}

const requestOf = (p: LivePolicy): TokenRequest | undefined =>
  p.tokenType === "team" && p.teamName !== undefined
    ? { tokenType: "team", team: p.teamName }
    : p.tokenType === "organization"
      ? { tokenType: "organization", permission: "admin" }
      : undefined;

/** A token the live policies grant in a probe that the declared ones refuse. */
interface Extra {
  readonly probe: Probe;
  readonly request: TokenRequest;
  readonly token: string;
}

/** Whether one live allow alone grants that token in that probe (by the matcher). */
const grantsAlone = (p: LivePolicy, e: Extra): boolean =>
  p.decision === "allow" && decide([asMatchPolicy(p)], e.probe.claims, e.request).allowed;

/** The tokens the live policies grant in a probe that the declared ones refuse. */
function extraGrants(input: PolicySetInput, live: readonly MatchPolicy[]) {
  const expected = input.expected.map(asMatchPolicy);
  // A decision for one token reads only the policies about that token ("A policy, allow or deny,
  // only matches exchange requests for its own token type, team, user, or runner": policyApplies),
  // so each candidate is decided on its own policies, and a candidate whose live policies are its
  // declared ones (in any order) decides every probe alike and is skipped. This keeps the audit
  // linear in the organization's size (probes and candidates both grow with it).
  const byCandidate = input.candidates.map((c) => {
    const liveFor = live.filter((p) => policyApplies(p, c));
    const wantFor = expected.filter((p) => policyApplies(p, c));
    const key = (ps: readonly MatchPolicy[]) =>
      ps
        .map((p) => JSON.stringify(p))
        .sort()
        .join("\n");
    return { c, liveFor, wantFor, same: key(liveFor) === key(wantFor) };
  });
  const out: Extra[] = [];
  for (const probe of input.probes)
    for (const { c, liveFor, wantFor, same } of byCandidate)
      if (
        !same &&
        decide(liveFor, probe.claims, c).allowed &&
        !decide(wantFor, probe.claims, c).allowed
      )
        out.push({ probe, request: c, token: tokenLabel(c) });
  return out;
}

/** Compares one issuer's policies; returns the findings it added. */
export function comparePolicySet(input: PolicySetInput, add: Add): AuditFinding[] {
  const { issuer, flagged } = input;
  const skipped = input.skipped ?? new Set<LivePolicy>();
  const found: { f: AuditFinding; policy?: LivePolicy; deny?: LivePolicy }[] = [];
  const emit = (f: AuditFinding, policy?: LivePolicy, deny?: LivePolicy) =>
    found.push({ f, policy, deny });
  const remaining = new Map<number, LivePolicy>(input.expected.map((p, i) => [i, p]));
  const take = (match: (p: LivePolicy) => boolean): number | undefined => {
    for (const [i, p] of remaining)
      if (match(p)) {
        remaining.delete(i);
        return i;
      }
    return undefined;
  };
  const compared = input.live.filter((p) => !skipped.has(p));
  const liveLeft: [number, LivePolicy][] = [];
  input.live.forEach((p, i) => {
    if (flagged.has(p) || skipped.has(p)) return;
    const c = canonical(p);
    if (take((e) => canonical(e) === c) === undefined) liveLeft.push([i, p]);
  });
  // A flagged policy replacing an expected one is reported once, as flagged (a widened team scope
  // replaces the policy of a team it matches).
  for (const p of compared.filter((x) => flagged.has(x)))
    take((e) => pairKey(e) === pairKey(p) || replacesByScope(p, e));
  const undeclared: [number, LivePolicy][] = [];
  for (const [i, p] of liveLeft) {
    const j = take((e) => pairKey(e) === pairKey(p));
    if (j === undefined) undeclared.push([i, p]);
    else emit(changedFinding(`oidc:${issuer}#${i}`, input.expected[j], p), p);
  }
  for (const [i, p] of undeclared)
    emit(
      {
        severity: p.decision === "allow" ? "high" : "low",
        code: "oidc-policy-undeclared",
        subject: `oidc:${issuer}#${i}`,
        message: `${describePolicy(p)} is not implied by the config`,
        live: p,
      },
      p.decision === "allow" ? p : undefined,
    );
  for (const [i, p] of remaining)
    emit(
      {
        severity: p.decision === "deny" ? "high" : "low",
        code: "oidc-policy-missing",
        subject: `oidc:${issuer} expected#${i}`,
        message:
          `${describePolicy(p)} is missing` +
          (p.decision === "deny"
            ? ": that safety net is gone"
            : ": that pipeline cannot obtain its token"),
        declared: p,
      },
      undefined,
      p.decision === "deny" ? p : undefined,
    );
  explainContexts(input, compared, found, emit);
  for (const x of found) add(x.f);
  return found.map((x) => x.f);
}

/** A live policy that differs from its declared counterpart. */
function changedFinding(subject: string, want: LivePolicy, p: LivePolicy): AuditFinding {
  const d = ruleDelta(want, p);
  const allow = p.decision === "allow";
  // An allow admits more when a declared rule is gone or widened; a deny covers less when it
  // gained a rule or a value no longer matches the declared one.
  const weaker = allow
    ? d.dropped.length > 0 || d.wider.length > 0 || d.tokenFields
    : d.added.length > 0 || d.missed.length > 0 || d.tokenFields;
  const effect = allow
    ? weaker
      ? `admits claims the declared policy does not (${[...d.dropped.map((k) => `${k} no longer pinned`), ...d.wider.map((k) => `${k} other than declared`), ...(d.tokenFields ? ["token fields differ"] : [])].join(", ")})`
      : "admits less than the declared policy: that pipeline may not obtain its token"
    : weaker
      ? "refuses less than the declared deny: contexts it should refuse are no longer refused"
      : "refuses more than the declared deny";
  return {
    severity: weaker ? "high" : "low",
    code: "oidc-policy-changed",
    subject,
    message: `${describePolicy(p)} differs from the declared policy (${d.lines.join("; ") || "token fields"}): ${effect}`,
    declared: want,
    live: p,
  };
}

/**
 * Runs the probes through both sets (the matcher) and names each context the live set grants
 * beyond the declared one: in the finding of the live allow that grants it, or of the declared
 * deny that is gone or weakened; otherwise as its own high finding.
 */
function explainContexts(
  input: PolicySetInput,
  compared: readonly LivePolicy[],
  found: { f: AuditFinding; policy?: LivePolicy; deny?: LivePolicy }[],
  emit: (f: AuditFinding) => void,
): void {
  const live = compared.map(asMatchPolicy);
  const extra = extraGrants(input, live);
  if (!extra.length) return;
  const unexplained: typeof extra = [];
  for (const e of extra) {
    const target = found.find(
      (x) =>
        x.f.severity === "high" &&
        ((x.policy && grantsAlone(x.policy, e)) ||
          (x.deny && requestOf(x.deny) && tokenLabel(requestOf(x.deny)!) === e.token)),
    );
    if (target) target.f = withContext(target.f, e);
    else if (!compared.some((p) => input.flagged.has(p) && grantsAlone(p, e))) unexplained.push(e);
  }
  if (!unexplained.length) return;
  const byToken = new Map<string, string[]>();
  for (const e of unexplained)
    byToken.set(e.token, [...(byToken.get(e.token) ?? []), e.probe.label]);
  for (const [token, labels] of byToken)
    emit({
      severity: "high",
      code: "oidc-context-admitted",
      subject: `oidc:${input.issuer} ${token}`,
      message:
        `the live policies of ${input.issuer} grant ${token} in ${labels.length} context(s) the ` +
        `declared policies refuse: ${labels.join("; ")}`,
      live: labels,
    });
}

function withContext(f: AuditFinding, e: Extra): AuditFinding {
  const mark = " Contexts now granted:";
  const line = ` ${e.probe.label} (${e.token})`;
  return {
    ...f,
    message: f.message.includes(mark) ? `${f.message};${line}` : `${f.message}.${mark}${line}`,
  };
}
