/**
 * What a proposal is made of: the config it writes (the `secure-org:*` keys, without their
 * namespace, in the shape the schema reads), its least-privilege findings with the tightened
 * config that fixes each, and what it leaves unmanaged.
 */
import type { AdoptUnmanaged } from "../model/adopt";
import type { Severity } from "../model/config";

/** A config value as the proposal writes it (plain JSON). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

export interface RawRole {
  stack: string;
  environment: string;
  breakGlass?: {
    justification: string;
    standing?: boolean;
    standingJustification?: string;
    maxDuration?: string;
    /** Per use (adopt/breakGlass.ts): the teams that approve each open request. */
    approvers?: string[];
    requiredApprovals?: number;
  };
}

export interface RawTier {
  name: string;
  protected: boolean;
  roles: Record<string, RawRole>;
  deploy: {
    mode: string;
    branch?: string;
    approvers?: string[];
    requiredApprovals?: number;
    previewPullRequests?: boolean;
    reviewedPreviews?: boolean;
  };
  driftDetection?: { schedule: string; autoRemediate: boolean };
}

export interface RawProject {
  name: string;
  repository: string;
  repositoryId?: number;
  /** The bootstrap program's own project (adopt/bootstrap.ts). */
  bootstrap?: boolean;
  defaultBranch?: string;
  protectedBranches?: string[];
  workDir?: string;
  tiers: Record<
    string,
    { stack?: string; environment?: string; mode?: string; previewPullRequests?: boolean }
  >;
}

export interface RawTeam {
  name: string;
  displayName?: string;
  description?: string;
  members: string[];
  githubMembers?: string[];
  access: Record<string, string>;
}

export interface RawPolicy {
  decision: string;
  tokenType: string;
  teamName?: string;
  userLogin?: string;
  runnerID?: string;
  authorizedPermissions?: string[];
  rules: Record<string, string>;
  breakGlass?: { justification: string };
}

export interface RawWebhook {
  name: string;
  displayName?: string;
  url: string;
  format: string;
  active: boolean;
  groups?: string[];
  filters?: string[];
}

/** The proposal's config, by key under `secure-org:`. */
export interface RawConfig {
  organization: string;
  github: { owner: string; platformRepository: string; platformTeam?: string; ownerId?: number };
  defaults: {
    stackPermission: string;
    environmentPermission: string;
    membersCanCreateStacks: boolean;
    membersCanDeleteStacks: boolean;
    membersCanCreateTeams: boolean;
    maxAccessTokenExpiryDays?: number;
    maxAdmins?: number;
  };
  admins: string[];
  members: string[];
  roles: Record<string, { repository: string; breakGlass?: { justification: string } }>;
  teams: RawTeam[];
  tiers: RawTier[];
  projects: RawProject[];
  oidc: {
    maxExpirationSeconds: number;
    adoptedPolicies: RawPolicy[];
    additionalIssuers: { url: string; reason: string }[];
  };
  audit: { webhooks: RawWebhook[]; schedule?: { cron: string; days: number } };
  /** Keys another change adds (org admins and members, issue 15), when the schema knows them. */
  [extra: string]: unknown;
}

/** The change that fixes a finding: a config path, its value now, its tightened value. */
export interface Fix {
  /** Path into RawConfig (keys and list indexes); `to` undefined removes the item. */
  readonly path: readonly (string | number)[];
  readonly from: unknown;
  readonly to: unknown;
}

export interface AdoptFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly subject: string;
  readonly message: string;
  /** The tightened config that fixes it (applied by `--tighten`); absent for notes. */
  readonly fixes?: readonly Fix[];
}

export interface Proposal {
  readonly config: RawConfig;
  readonly findings: AdoptFinding[];
  readonly unmanaged: AdoptUnmanaged[];
}

/** A config path as the config's messages print it: `tiers[2].roles.ops.stack`. */
export function formatFixPath(path: readonly (string | number)[]): string {
  return path
    .map((p, i) =>
      typeof p === "number"
        ? `[${p}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)
          ? i
            ? `.${p}`
            : p
          : `[${JSON.stringify(p)}]`,
    )
    .join("");
}
