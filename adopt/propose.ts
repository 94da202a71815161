/**
 * The proposal: the live organization as a secure-org config that validates and reproduces it
 * (`propose`), with every least-privilege problem as a finding carrying the tightened config that
 * fixes it; `tighten` applies those fixes.
 */
import type { AdoptUnmanaged } from "../model/adopt";
import { machineTeamName } from "../model/names";
import { proposeAccess } from "./access";
import { proposeAuditSchedule } from "./audit";
import { breakGlassRefusal } from "./breakGlassRefusal";
import {
  proposeAdditionalIssuers,
  proposeDefaults,
  proposeMembership,
  proposeOidc,
  proposeWebhooks,
} from "./extras";
import { layoutOf } from "./layout";
import type { LiveOrg } from "./live";
import { proposeTiers, RepoBasics } from "./tiers";
import type { AdoptFinding, Proposal, RawConfig } from "./types";

export interface ProposeOptions {
  readonly githubOwner: string;
  readonly platformRepository: string;
  /** The projects' repositories as GitHub knows them (id, default branch), when read. */
  readonly repos?: ReadonlyMap<string, RepoBasics>;
}

/** Names the program derives for pipeline teams, which a declared team must not take. */
function reservedTeamNames(layout: ReturnType<typeof layoutOf>): Set<string> {
  const out = new Set<string>(["secure-org-auditor"]);
  for (const p of layout.projects.values())
    for (const tier of p.tiers.keys())
      if (layout.tiers.get(tier)?.protected)
        for (const purpose of ["deploy", "preview", "drift"] as const)
          out.add(machineTeamName(p.name, tier, purpose));
  return out;
}

export function propose(live: LiveOrg, opts: ProposeOptions): Proposal {
  const day = live.readAt.slice(0, 10);
  const early: AdoptFinding[] = [];
  let withBootstrap = true;
  let withBreakGlass = true;
  for (;;) {
    const layout = layoutOf(live, opts.githubOwner, withBootstrap, withBreakGlass);
    const access = proposeAccess(live, layout, reservedTeamNames(layout));
    const tiers = proposeTiers({ live, layout, access, repos: opts.repos, day });
    const boot = layout.bootstrap;
    if (boot && !tiers.tiers.find((t) => t.name === boot.tier)?.protected) {
      // The bootstrap deploys with an organization token, only from a protected tier (the config
      // refuses it elsewhere): without one, its project is not declared and its grants stay.
      withBootstrap = false;
      early.push({
        severity: "info",
        code: "bootstrap-not-adopted",
        subject: `project:${boot.project}`,
        message: `the bootstrap's OIDC policy names project ${boot.project} on tier ${boot.tier}, but that tier cannot be declared protected (see tier-not-protected), and the bootstrap deploys only from a protected tier: the proposal does not declare it; its grants stay as they are`,
      });
      continue;
    }
    const notPerUse = withBreakGlass ? breakGlassRefusal(layout, access, tiers) : undefined;
    if (notPerUse) {
      withBreakGlass = false;
      early.push(notPerUse);
      continue;
    }
    return finish(live, opts, day, early, layout, access, tiers);
  }
}

function finish(
  live: LiveOrg,
  opts: ProposeOptions,
  day: string,
  early: AdoptFinding[],
  layout: ReturnType<typeof layoutOf>,
  access: ReturnType<typeof proposeAccess>,
  tiers: ReturnType<typeof proposeTiers>,
): Proposal {
  const findings: AdoptFinding[] = [
    ...early,
    ...layout.findings,
    ...access.findings,
    ...tiers.findings,
  ];
  const unmanaged: AdoptUnmanaged[] = [...layout.unmanaged, ...access.unmanaged];
  const defaults = proposeDefaults(live, findings);
  const oidc = proposeOidc(live, day, findings, unmanaged, tiers);
  const additionalIssuers = proposeAdditionalIssuers(live, day, findings);
  const webhooks = proposeWebhooks(live, findings, unmanaged);
  const membership = proposeMembership(live, access.teams, findings, unmanaged);
  const bootProject = tiers.projects.find((p) => p.bootstrap);
  const schedule = proposeAuditSchedule(
    live,
    opts.githubOwner,
    layout.bootstrap && bootProject
      ? { repository: layout.bootstrap.repository, branch: bootProject.defaultBranch ?? "main" }
      : undefined,
    findings,
  );
  const config: RawConfig = {
    organization: live.organization,
    github: {
      owner: opts.githubOwner,
      ...(live.github?.ownerId ? { ownerId: live.github.ownerId } : {}),
      // The bootstrap's repository is where this program lives (its OIDC policy says so).
      platformRepository: layout.bootstrap?.repository ?? opts.platformRepository,
      ...(tiers.platformTeam ? { platformTeam: tiers.platformTeam } : {}),
    },
    defaults: { ...defaults, ...(membership.maxAdmins ? { maxAdmins: membership.maxAdmins } : {}) },
    admins: membership.admins,
    members: membership.members,
    roles: tiers.roles,
    teams: access.teams,
    tiers: tiers.tiers,
    projects: tiers.projects,
    oidc: { ...oidc, additionalIssuers },
    audit: { webhooks, ...(schedule ? { schedule } : {}) },
  };
  return { config, findings, unmanaged };
}
