/**
 * The bootstrap project (issue 30, the round trip): an organization secure-org built holds the
 * bootstrap's own OIDC allow policy, an organization token pinned (`job_workflow_ref`) to the
 * workflow the program generates for the bootstrap project's one tier
 * (`<owner>/<platformRepository>/.github/workflows/pulumi-<project>-<tier>.yml@refs/heads/<branch>`,
 * model/names.ts workflowPath and model/oidc/policies.ts jobWorkflowRef). Its project and tier
 * are found by building that path for each live project/tier pair (stacks, environments, team
 * environment grants) with the program's own function, never by splitting the file name; the
 * repository is the policy's. Nothing else makes a project the bootstrap: without that policy,
 * or with two that disagree, there is none (a normal project stays a normal project).
 */
import { GITHUB_ISSUER_URL, issuerUrlKey } from "../model/oidc";
import { githubNameKey, workflowPath } from "../model/names";
import type { LiveOrg } from "./live";

export interface BootstrapLayout {
  readonly project: string;
  readonly tier: string;
  readonly repository: string;
}

const REF = /^([^/]+)\/([^/]+)\/(\.github\/workflows\/[^@]+)@refs\/heads\/(.+)$/;

/** Project/tier pairs the live organization shows: stacks, environments, environment grants. */
function pairs(live: LiveOrg): Map<string, { project: string; tier: string }> {
  const out = new Map<string, { project: string; tier: string }>();
  const add = (project: string, tier: string) =>
    out.set(workflowPath(project, tier), { project, tier });
  for (const s of live.stacks) add(s.project, s.stack);
  for (const e of live.environments) add(e.project, e.name);
  for (const t of live.teams) for (const e of t.environments) add(e.project, e.name);
  return out;
}

export function findBootstrap(live: LiveOrg, githubOwner: string): BootstrapLayout | undefined {
  const github = live.oidcIssuers.filter(
    (i) => issuerUrlKey(i.url) === issuerUrlKey(GITHUB_ISSUER_URL),
  );
  const known = pairs(live);
  const found = new Map<string, BootstrapLayout>();
  for (const p of github.flatMap((i) => i.policies)) {
    if (p.decision !== "allow" || p.tokenType !== "organization") continue;
    const ref = p.rules?.job_workflow_ref;
    const m = typeof ref === "string" ? REF.exec(ref) : null;
    if (!m || githubNameKey(m[1]) !== githubNameKey(githubOwner)) continue;
    const hit = known.get(m[3]);
    if (hit) found.set(`${hit.project}\u0000${hit.tier}`, { ...hit, repository: m[2] });
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}
