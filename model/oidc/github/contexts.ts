/**
 * The context table: for every pipeline identity (and the scheduled audit's), realistic GitHub
 * Actions claim sets for its intended context and the near misses, with the tokens the simulated
 * issuer grants each and the tokens it should grant.
 */
import type { AccessModel, MachineIdentity } from "../../access";
import { OidcPolicy, requestFor, tokenLabel } from "../policies";
import { TokenRequest, tokensFor } from "../simulator";
import { claimsFor } from "./claims";
import { GithubIds, SubjectFormat } from "./issuer";
import { describeScenario, intended, Scenario, scenariosFor } from "./scenarios";

/** `ContextRow.pipeline` of the scheduled audit's rows. */
export const AUDIT_CONTEXT_LABEL = "scheduled audit";

export interface ContextRow {
  /** Pipeline key, or AUDIT_CONTEXT_LABEL for the scheduled audit's identity. */
  pipeline: string;
  /** e.g. "push to main in environment prod" */
  context: string;
  claims: Record<string, unknown>;
  /** e.g. ["team:payments-prod-deploy"], [] when none */
  tokens: string[];
  expected: string[];
}

/**
 * For every pipeline identity, realistic claim sets for its intended context and for the near
 * misses (another branch, no environment, pull requests, another repository or owner id, manual
 * dispatch), each in the legacy and the immutable `sub` format, with the tokens each would obtain
 * (every machine team of the model plus the organization admin token are tried) and the tokens it
 * should obtain. The scheduled audit's identity (when `audit.schedule` is set) gets the same
 * treatment, in rows labelled AUDIT_CONTEXT_LABEL.
 */
export function simulatePipelines(
  model: AccessModel,
  ids: GithubIds,
  policies: OidcPolicy[],
): ContextRow[] {
  const sim: Simulation = { model, ids, policies, candidates: candidatesOf(model) };
  return contextGroups(model).flatMap((group) =>
    group.identities.flatMap((identity) =>
      scenariosFor(identity, model, ids).flatMap((s) =>
        (["legacy", "immutable"] as const).map((format) =>
          contextRow(sim, group, identity, s, format),
        ),
      ),
    ),
  );
}

/** What every row is computed from. */
interface Simulation {
  readonly model: AccessModel;
  readonly ids: GithubIds;
  readonly policies: readonly OidcPolicy[];
  /** The tokens tried in every context. */
  readonly candidates: readonly TokenRequest[];
}

/** The identities whose rows share a label and a workflow file: a pipeline's, or the audit's. */
interface ContextGroup {
  readonly label: string;
  readonly workflowPath?: string;
  readonly identities: readonly MachineIdentity[];
}

/** Every machine team of the model, then the organization admin token. */
function candidatesOf(model: AccessModel): TokenRequest[] {
  return [
    ...model.identities
      .filter((i) => i.tokenType === "team")
      .map((i) => ({ tokenType: "team" as const, team: i.team })),
    { tokenType: "organization", permission: "admin" },
  ];
}

/** The pipelines in model order, then the scheduled audit when there is one. */
function contextGroups(model: AccessModel): ContextGroup[] {
  const groups: ContextGroup[] = model.pipelines.flatMap((p) => [
    {
      label: p.key,
      workflowPath: p.workflowPath,
      identities: [p.deploy, p.preview].filter(
        (i): i is MachineIdentity => !!i && i.ci === "github-actions",
      ),
    },
    // The drift check runs its own workflow file.
    ...(p.drift
      ? [{ label: p.key, workflowPath: p.drift.workflowPath, identities: [p.drift.identity] }]
      : []),
  ]);
  if (model.audit)
    groups.push({
      label: AUDIT_CONTEXT_LABEL,
      workflowPath: model.audit.workflowPath,
      identities: [model.audit.identity],
    });
  return groups;
}

/** One scenario of one identity in one `sub` format: its claims, granted and expected tokens. */
function contextRow(
  sim: Simulation,
  group: ContextGroup,
  identity: MachineIdentity,
  s: Scenario,
  format: SubjectFormat,
): ContextRow {
  const { model, ids, candidates } = sim;
  const claims = claimsFor({
    organization: model.organization,
    owner: model.github.owner,
    ownerId: s.ownerId,
    repository: s.repository,
    repositoryId: s.repositoryId,
    event: s.event,
    branch: s.branch,
    baseBranch: s.baseBranch,
    environment: s.environment,
    subjectFormat: format,
    workflowPath: s.workflowPath ?? group.workflowPath,
  });
  const expected = candidates
    .filter((c) =>
      model.identities.some(
        (i) => tokenLabel(requestFor(i)) === tokenLabel(c) && intended(i, s, format, ids),
      ),
    )
    .map(tokenLabel);
  return {
    pipeline: group.label,
    context:
      `${identity.purpose}: ${describeScenario(s)}` +
      (s.label === "intended" ? "" : ` (${s.label})`) +
      ` [${format} sub]`,
    claims,
    tokens: tokensFor(sim.policies, claims, candidates).map(tokenLabel),
    expected,
  };
}
