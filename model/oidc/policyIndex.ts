/**
 * The simulator at scale: `tokensFor` tries every candidate token against every policy, which for
 * a context table (rows x candidates x policies, each growing with the pipelines) is cubic. A
 * `PolicyIndex` gives the same answers in time proportional to the policies that can match:
 *
 * - a policy whose `repository_id` rule has no wildcard character (`*`, `?`, `.`) matches only
 *   claims with exactly that `repository_id`, so it is filed under that value; every other policy
 *   (no such rule, or a wildcard in it) is tried for every claim set;
 * - the policies that match a claim set are evaluated once, not once per candidate: a matching
 *   allow marks the tokens it applies to, a matching deny blocks them (deny beats allow), and the
 *   result keeps candidate order.
 *
 * `tokensFor` stays the reference; test/scale/oidcIndex.spec.ts checks that both agree, hostile
 * policies included.
 */
import { hasWildcard, matchPattern, matchRules } from "./matcher";
import { OidcPolicy } from "./policies";
import { TokenRequest } from "./simulator";

export class PolicyIndex {
  private readonly byRepository = new Map<string, number[]>();
  private readonly everywhere: number[] = [];
  /** Team candidates' indices by team name. */
  private readonly byTeam = new Map<string, number[]>();
  private readonly teamCandidates: number[] = [];
  private readonly organizationCandidates: number[] = [];

  constructor(
    private readonly policies: readonly OidcPolicy[],
    private readonly candidates: readonly TokenRequest[],
  ) {
    policies.forEach((p, i) => {
      const repo = Object.prototype.hasOwnProperty.call(p.rules, "repository_id")
        ? p.rules.repository_id
        : undefined;
      if (repo === undefined || hasWildcard(repo)) this.everywhere.push(i);
      else {
        const list = this.byRepository.get(repo);
        if (list) list.push(i);
        else this.byRepository.set(repo, [i]);
      }
    });
    candidates.forEach((c, i) => {
      if (c.tokenType === "organization") {
        this.organizationCandidates.push(i);
        return;
      }
      this.teamCandidates.push(i);
      if (c.team === undefined) return;
      const same = this.byTeam.get(c.team);
      if (same) same.push(i);
      else this.byTeam.set(c.team, [i]);
    });
  }

  /** The candidates a claim set obtains, in candidate order (as `tokensFor` returns them). */
  tokensFor(claims: Readonly<Record<string, unknown>>): TokenRequest[] {
    const allowed = new Set<number>();
    const denied = new Set<number>();
    const repo = claimString(claims.repository_id);
    // A repository_id that is not a string is compared by the matcher's unsettled readings: try
    // every filed policy then.
    const filed =
      repo !== undefined
        ? (this.byRepository.get(repo) ?? [])
        : claims.repository_id === undefined
          ? []
          : [...this.byRepository.values()].flat();
    for (const list of [filed, this.everywhere])
      for (const i of list) {
        const p = this.policies[i];
        const outcome = matchRules(p.rules, claims).outcome;
        if (outcome === "no-match") continue;
        // As `decide`: an allow counts when it may match, a deny only when it surely does.
        if (p.decision === "deny" && outcome !== "match") continue;
        for (const c of this.appliesTo(p)) (p.decision === "deny" ? denied : allowed).add(c);
      }
    return [...allowed]
      .filter((c) => !denied.has(c))
      .sort((a, b) => a - b)
      .map((c) => this.candidates[c]);
  }

  /** Indices of the candidates a policy is about (as `applies` in simulator.ts decides). */
  private appliesTo(p: OidcPolicy): number[] {
    if (p.tokenType === "team") {
      if (p.teamName === undefined) return p.decision === "deny" ? this.teamCandidates : [];
      // The team scope is a pattern: exact names are filed, others are matched against each team.
      const scope = p.teamName;
      if (hasWildcard(scope))
        return this.teamCandidates.filter((c) => {
          const team = this.candidates[c].team;
          return team !== undefined && matchPattern(scope, team);
        });
      return this.byTeam.get(scope) ?? [];
    }
    if (p.tokenType !== "organization") return [];
    if (p.authorizedPermissions === undefined)
      return p.decision === "deny" ? this.organizationCandidates : [];
    const perms = p.authorizedPermissions;
    return this.organizationCandidates.filter((c) =>
      perms.includes(this.candidates[c].permission ?? "admin"),
    );
  }
}

function claimString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
