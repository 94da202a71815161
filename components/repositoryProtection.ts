import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { RepositorySpec } from "../model/access";
import { ALLOWED_ACTION_PATTERNS } from "../model/ci/github/pins";
import { renderCodeowners } from "../model/ci/github/workflow";
import { componentType } from "./types";

export interface RepositoryEnvironmentsArgs {
  readonly repository: RepositorySpec;
  /** Numeric GitHub team ids of the approver teams, by team name. */
  readonly teamIds: ReadonlyMap<string, pulumi.Input<number>>;
  readonly githubProvider: github.Provider;
}

/**
 * What must exist in a project repository before any generated workflow lands in it: one GitHub
 * environment per tier (protected tiers: the approver teams as required reviewers, no
 * self-review, no admin bypass), deployments only from the tier's branch, read-only default
 * workflow permissions without PR approval by Actions, and an Actions allow-list of the pinned
 * actions with SHA pinning required.
 */
export class RepositoryEnvironments extends pulumi.ComponentResource {
  /** The GitHub environments, by name. */
  public readonly environments: ReadonlyMap<string, github.RepositoryEnvironment>;
  /** Everything the workflow files must wait for. */
  public readonly ready: pulumi.Resource[] = [];

  constructor(
    name: string,
    args: RepositoryEnvironmentsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(componentType("RepositoryEnvironments"), name, {}, opts);
    const repo = args.repository;
    const child = { parent: this, provider: args.githubProvider };

    const environments = new Map<string, github.RepositoryEnvironment>();
    for (const e of repo.environments) {
      const { env, policy } = createGithubEnvironment(name, repo, e, args.teamIds, child);
      environments.set(e.name, env);
      this.ready.push(env, ...(policy ? [policy] : []));
    }
    this.environments = environments;

    if (repo.hasActionsPipeline) this.ready.push(...createActionsPermissions(name, repo, child));

    this.registerOutputs({ environments: [...this.environments.keys()] });
  }
}

/**
 * One GitHub environment (protected tiers: the approver teams as required reviewers, no
 * self-review, no admin bypass) and its policy allowing deployments from the tier's branch only.
 */
export function createGithubEnvironment(
  name: string,
  repo: RepositorySpec,
  e: RepositorySpec["environments"][number],
  teamIdsByName: ReadonlyMap<string, pulumi.Input<number>>,
  child: pulumi.CustomResourceOptions,
): { env: github.RepositoryEnvironment; policy?: github.RepositoryEnvironmentDeploymentPolicy } {
  if (e.reviewers.length > 6)
    throw new Error(`${repo.name}/${e.name}: GitHub allows at most 6 reviewers per environment`);
  const teamIds = e.reviewers.map((t) => {
    const id = teamIdsByName.get(t);
    if (id === undefined)
      throw new Error(`${repo.name}/${e.name}: reviewer team ${t} has no GitHub team`);
    return id;
  });
  const env = new github.RepositoryEnvironment(
    `${name}-env-${e.name}`,
    {
      repository: repo.name,
      environment: e.name,
      reviewers: teamIds.length ? [{ teams: teamIds }] : [],
      preventSelfReview: e.protected,
      canAdminsBypass: !e.protected,
      waitTimer: 0,
      // Reviewed previews have no branch (any pull request may ask; the reviewer decides).
      deploymentBranchPolicy: e.branch
        ? { protectedBranches: false, customBranchPolicies: true }
        : undefined,
    },
    child,
  );
  if (!e.branch) return { env };
  const policy = new github.RepositoryEnvironmentDeploymentPolicy(
    `${name}-env-${e.name}-branch`,
    { repository: repo.name, environment: e.name, branchPattern: e.branch },
    { ...child, dependsOn: [env] },
  );
  return { env, policy };
}

/**
 * The repository's Actions settings: read-only default workflow permissions without PR approval
 * by Actions, and an allow-list of the pinned actions with SHA pinning required.
 */
export function createActionsPermissions(
  name: string,
  repo: RepositorySpec,
  child: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
  return [
    new github.WorkflowRepositoryPermissions(
      `${name}-workflow-permissions`,
      {
        repository: repo.name,
        defaultWorkflowPermissions: "read",
        canApprovePullRequestReviews: false,
      },
      child,
    ),
    new github.ActionsRepositoryPermissions(
      `${name}-actions-permissions`,
      {
        repository: repo.name,
        enabled: true,
        allowedActions: "selected",
        allowedActionsConfig: {
          githubOwnedAllowed: false,
          verifiedAllowed: false,
          patternsAlloweds: [
            ...new Set([...ALLOWED_ACTION_PATTERNS, ...repo.allowedActions]),
          ].sort(),
        },
        shaPinningRequired: true,
      },
      child,
    ),
  ];
}

export interface BranchProtectionArgs {
  readonly repository: RepositorySpec;
  readonly githubOwner: string;
  /** App id of the GitHub App the bootstrap runs as: the ruleset's only bypass. */
  readonly bootstrapAppId?: number;
  /** Every file the bootstrap commits to this repository's default branch. */
  readonly files: pulumi.Resource[];
  readonly githubProvider: github.Provider;
}

/**
 * The default branch's rules, created after every file the bootstrap commits there (a ruleset that
 * requires pull requests would refuse those commits): CODEOWNERS giving the platform team
 * `.github/workflows/`, and a ruleset requiring reviewed pull requests (code owners, stale reviews
 * dismissed, last-push approval), the preview checks, and no force push or deletion.
 *
 * Later changes to generated files need either a pull request (commit the output of
 * `npm run plan -- --out`) or `github.bootstrapAppId`, the only bypass actor.
 */
export class BranchProtection extends pulumi.ComponentResource {
  public readonly codeowners: github.RepositoryFile;
  public readonly ruleset: github.RepositoryRuleset;
  /** Rulesets of the protected branches besides the default one. */
  public readonly branchRulesets: readonly github.RepositoryRuleset[];
  public readonly codeownersContent: string;

  constructor(name: string, args: BranchProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("BranchProtection"), name, {}, opts);
    const repo = args.repository;
    const provider = args.githubProvider;

    this.codeownersContent = renderCodeowners(repo, args.githubOwner);
    this.codeowners = new github.RepositoryFile(
      `${name}-codeowners`,
      {
        repository: repo.name,
        branch: repo.defaultBranch,
        file: ".github/CODEOWNERS",
        content: this.codeownersContent,
        commitMessage: "secure-org: code owners for pipelines [skip ci]",
        overwriteOnCreate: true,
      },
      { parent: this, provider },
    );

    const after = { parent: this, provider, dependsOn: [...args.files, this.codeowners] };
    this.ruleset = createRuleset(`${name}-ruleset`, repo, undefined, args.bootstrapAppId, after);
    // Every other branch a protected tier deploys from gets the same rules, with its own checks.
    this.branchRulesets = repo.protectedBranches.map((b) =>
      createRuleset(`${name}-ruleset-${b.branch}`, repo, b, args.bootstrapAppId, after),
    );

    this.registerOutputs({ requiredChecks: repo.requiredChecks });
  }
}

/**
 * A ruleset requiring reviewed pull requests (code owners, stale reviews dismissed, last-push
 * approval, resolved threads), the branch's preview checks, and no force push or deletion: for the
 * default branch (`branch` absent) or one other protected branch.
 */
function createRuleset(
  name: string,
  repo: RepositorySpec,
  branch: RepositorySpec["protectedBranches"][number] | undefined,
  bootstrapAppId: number | undefined,
  opts: pulumi.CustomResourceOptions,
): github.RepositoryRuleset {
  const checks = branch ? branch.requiredChecks : repo.requiredChecks;
  return new github.RepositoryRuleset(
    name,
    {
      name: branch ? `secure-org branch ${branch.branch}` : "secure-org default branch",
      repository: repo.name,
      target: "branch",
      enforcement: "active",
      conditions: {
        refName: {
          includes: [branch ? `refs/heads/${branch.branch}` : "~DEFAULT_BRANCH"],
          excludes: [],
        },
      },
      rules: {
        pullRequest: {
          requiredApprovingReviewCount: repo.requiredApprovals,
          requireCodeOwnerReview: true,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
          requiredReviewThreadResolution: true,
        },
        requiredStatusChecks: checks.length
          ? {
              requiredChecks: checks.map((context) => ({ context })),
              strictRequiredStatusChecksPolicy: true,
            }
          : undefined,
        nonFastForward: true,
        deletion: true,
      },
      bypassActors: bootstrapAppId
        ? [{ actorId: bootstrapAppId, actorType: "Integration", bypassMode: "always" }]
        : [],
    },
    opts,
  );
}
