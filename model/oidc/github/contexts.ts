/**
 * The context table: for every pipeline identity (and the scheduled audit's), realistic GitHub
 * Actions claim sets for its intended context and the near misses, with the tokens the simulated
 * issuer grants each and the tokens it should grant.
 */
import type { AccessModel, MachineIdentity } from "../../access";
import { OidcPolicy, requestFor, tokenLabel } from "../policies";
import { PolicyIndex } from "../policyIndex";
import { TokenRequest } from "../simulator";
import { githubNameKey } from "../../names";
import { claimsFor } from "./claims";
import { GithubIds, SubjectFormat } from "./issuer";
import { describeScenario, intended, Scenario, scenarioShared, scenariosFor } from "./scenarios";

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
  const candidates = candidatesOf(model);
  const sim: Simulation = {
    model,
    ids,
    policies,
    candidates,
    index: new PolicyIndex(policies, candidates),
    byRepository: groupByRepository(model.identities),
    position: new Map(candidates.map((c, i) => [tokenLabel(c), i] as const).reverse()),
  };
  const shared = scenarioShared(model, ids);
  return contextGroups(model).flatMap((group) =>
    group.identities.flatMap((identity) =>
      scenariosFor(identity, model, ids, shared).flatMap((s) =>
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
  /** The policies, indexed (the same answers as `tokensFor`, in linear time overall). */
  readonly index: PolicyIndex;
  /** Identities by repository: only an identity of the scenario's repository can be meant. */
  readonly byRepository: ReadonlyMap<string, readonly MachineIdentity[]>;
  /** A candidate's first position, by token label. */
  readonly position: ReadonlyMap<string, number>;
}

function groupByRepository(identities: readonly MachineIdentity[]) {
  const out = new Map<string, MachineIdentity[]>();
  for (const i of identities) {
    const list = out.get(githubNameKey(i.repository));
    if (list) list.push(i);
    else out.set(githubNameKey(i.repository), [i]);
  }
  return out;
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
  const { model, ids } = sim;
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
  // The candidates (in candidate order) some identity is meant to obtain here; `intended` is
  // false for every identity of another repository. The job runs from the group's workflow
  // unless the scenario names another: two projects of one repository deploying the same tier
  // share branch and environment, and only the workflow tells their deploys apart.
  const ran: Scenario = { ...s, workflowPath: s.workflowPath ?? group.workflowPath };
  const meant = new Set<number>();
  for (const i of sim.byRepository.get(githubNameKey(s.repository)) ?? []) {
    const at = sim.position.get(tokenLabel(requestFor(i)));
    if (at !== undefined && intended(i, ran, format, ids)) meant.add(at);
  }
  const expected = [...meant].sort((a, b) => a - b).map((at) => tokenLabel(sim.candidates[at]));
  return {
    pipeline: group.label,
    context:
      `${identity.purpose}: ${describeScenario(s)}` +
      (s.label === "intended" ? "" : ` (${s.label})`) +
      ` [${format} sub]`,
    claims,
    tokens: sim.index.tokensFor(claims).map(tokenLabel),
    expected,
  };
}
