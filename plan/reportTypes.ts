/**
 * The offline plan's report: its shape (the `--json` output, a stable interface, version 1; see
 * README "Offline plan"). plan/report.ts renders it and re-exports these types.
 */
import { Finding } from "../model/config";
import { ApiBudget } from "./apiEstimate";
import type { AccessDiff } from "./accessDiff";
import type { AdoptionReport } from "./adoption";
import { PlanGuardrails } from "./guardrails";
import { PlanMembership } from "./membership";
import type { PlanCloud } from "./cloud";
import type { PlanGithub } from "./github";
import { RecordedOptions } from "./mockRun";
import type { PlanAccessTier, PlanMember, PlanOidc } from "./planShape";

export interface PlanReport {
  readonly formatVersion: number;
  readonly stack: string;
  readonly organization: string;
  /** Values the plan could not know offline and replaced with placeholders. */
  readonly placeholders: readonly string[];
  readonly summary: {
    readonly resources: number;
    readonly byType: Record<string, number>;
    readonly byComponent: Record<string, number>;
  };
  readonly resources: readonly PlanResource[];
  readonly accessMatrix: readonly PlanAccessTier[];
  readonly oidc: PlanOidc;
  readonly pipelines: readonly {
    key: string;
    mode: string;
    repository: string;
    branch: string;
    protected: boolean;
    approvers: readonly string[];
    requiredApprovals: number;
    deployIdentity?: string;
    previewIdentity?: string;
    workflow?: string;
    check?: string;
    /** The CI that runs the pipeline or calls the Deployments REST API. */
    ci?: string;
    /** Deployments mode: github-app or api. */
    trigger?: string;
  }[];
  readonly findings: readonly Finding[];
  readonly files: readonly { repository: string; path: string; bytes: number }[];
  /** The guardrails policy pack and groups (plan/guardrails.ts). */
  readonly guardrails: PlanGuardrails;
  /** Admins, members, custom roles and organization tokens (plan/membership.ts). */
  readonly membership: PlanMembership;
  /**
   * GitHub access: team repository permissions, rulesets, deployment environments (reviewers) and
   * CODEOWNERS (plan/github.ts). Absent in plans written before it existed.
   */
  readonly github?: PlanGithub;
  /** Login environments, cloud reach and trust documents (plan/cloud.ts). */
  readonly cloud?: PlanCloud;
  /** Estimated API calls per run and service (plan/apiEstimate.ts, costs in plan/apiBudget.ts). */
  readonly apiBudget: ApiBudget;
  /** Every team membership the config declares, Pulumi and GitHub (machine teams have none). */
  readonly teamMembers: readonly PlanMember[];
  /** The organization defaults the config sets. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * The removal guard's limit this plan was made with, so that the next plan, comparing with this
   * one as its baseline, can tell a limit raised in the same change as removals. Absent in older plans.
   */
  readonly guardLimit?: { readonly maxRemovalPercent: number };
  /** With an adopt record: per resource `import <id>` or `create` (plan/adoption.ts). */
  readonly adoption?: AdoptionReport;
  /** With `--baseline`: the access changes against it (plan/accessDiff.ts). */
  readonly accessDiff?: AccessDiff;
  /** The mass-removal guard's verdict, when there is something to compare with. */
  readonly guard?: PlanGuard;
}

export interface PlanGuard {
  readonly source: string;
  readonly ok: boolean;
  readonly acknowledged: boolean;
  readonly limitPercent: number;
  /** This change raises the limit from this (the baseline's) while removing: checked against it. */
  readonly raisedFrom?: number;
  readonly removals: number;
  readonly members: { readonly removed: number; readonly total: number };
  readonly grants: { readonly removed: number; readonly total: number };
  /** Plain organization members removed from the organization (model/adopt/guard.ts). */
  readonly organization?: { readonly removed: number; readonly total: number };
  readonly message: string;
}

export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
  /** The recorded options, without the provider reference. */
  readonly options: Omit<RecordedOptions, "provider">;
}
