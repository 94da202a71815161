/**
 * The offline plan of one shard of a sharded organization (issue 20): the shard's program under
 * mocks, with the core stack's outputs (GitHub team ids, webhook secrets) made up the way the
 * core's own plan makes them up, and the same report as the core's. The OIDC issuer and its
 * context table are the core's (its plan shows every shard's pipeline there).
 */
import { buildShard, CORE_OUTPUTS } from "../components/shard";
import { AccessModel } from "../model/access";
import { shardStackName } from "../model/access/shards";
import { Finding } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { apiBudgetFindings, estimateApiBudget } from "./apiEstimate";
import { planGuardrails } from "./guardrails";
import { planMembership } from "./membership";
import { placeholderNumber, runUnderMocks } from "./mockRun";
import { PLAN_FORMAT_VERSION, PlanReport } from "./report";
import {
  accessMatrix,
  fileRows,
  invokePlaceholders,
  PlanPhase,
  PlanResult,
  pipelineRow,
  planResource,
  schemaFindings,
  SECRET_PLACEHOLDER,
  sortFindings,
  summarize,
} from "./run";

/** The core's outputs as the core's plan would produce them (placeholders, not live values). */
export function plannedCoreOutputs(model: AccessModel): Record<string, unknown> {
  const ids: Record<string, number> = {};
  for (const t of model.teams)
    // The mock id of the GitHub team resource `<team>-github` (plan/mockRun.ts).
    if (t.github) ids[t.name] = placeholderNumber(`team:${t.name}-github`);
  const secrets: Record<string, string> = {};
  for (const w of model.webhooks)
    for (const k of [w.secretConfigKey, w.urlSecretConfigKey])
      if (k) secrets[k] = SECRET_PLACEHOLDER(k);
  return { [CORE_OUTPUTS.githubTeamIds]: ids, [CORE_OUTPUTS.webhookSecrets]: secrets };
}

/** The plan of shard `shard` (its stack's name comes from the config). */
export async function runShardPlan(
  entries: Readonly<Record<string, ConfigEntry>>,
  shard: string,
  observe: (phase: PlanPhase) => void = () => undefined,
): Promise<PlanResult> {
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) return { ok: false, errors: loaded.errors, warnings: loaded.warnings };
  if (!loaded.config.shards.some((s) => s.name === shard))
    return {
      ok: false,
      errors: [
        {
          path: "shards",
          message: `no shard named "${shard}"; shards: ${loaded.config.shards.map((s) => s.name).join(", ") || "(none)"}`,
        },
      ],
      warnings: loaded.warnings,
    };
  observe("validated");
  const stack = shardStackName(loaded.config, shard) as string;
  const placeholders = new Set<string>();
  let coreModel: AccessModel | undefined;
  const run = await runUnderMocks(
    (rootOptions) => {
      const built = buildShard(loaded.config, shard, { warnings: loaded.warnings, rootOptions });
      coreModel = built.model;
      observe("constructed");
      return built;
    },
    {
      stack,
      organization: loaded.config.organization,
      stackOutputs: () => (coreModel ? plannedCoreOutputs(coreModel) : undefined),
    },
  );
  observe("registered");
  const org = run.value;
  const model = org.model;
  placeholders.add(`the core stack's outputs (${org.coreStack}): GitHub team ids, webhook secrets`);
  for (const p of invokePlaceholders(run.invokes)) placeholders.add(p);
  observe("simulated");
  const apiBudget = estimateApiBudget(run.resources, run.invokes);
  const findings: Finding[] = [
    ...model.findings,
    ...schemaFindings(run.resources),
    ...apiBudgetFindings(apiBudget),
  ];
  observe("checked");
  const report: PlanReport = {
    formatVersion: PLAN_FORMAT_VERSION,
    stack,
    organization: model.organization,
    placeholders: [...placeholders].sort(),
    summary: summarize(run.resources),
    resources: run.resources.map(planResource),
    accessMatrix: accessMatrix(model),
    oidc: {
      issuer: "https://token.actions.githubusercontent.com",
      maxExpirationSeconds: model.oidc.maxExpirationSeconds,
      githubIds: { ownerId: 0, repositoryIds: {} },
      policies: [],
      contexts: [],
      issuers: [],
    },
    pipelines: model.pipelines.map(pipelineRow),
    findings: sortFindings(findings),
    files: fileRows(org.files),
    guardrails: planGuardrails(model, run.resources),
    membership: planMembership(model),
    apiBudget,
    // Teams, their members and the organization defaults are the core's.
    teamMembers: [],
    defaults: {},
  };
  observe("reported");
  return { ok: true, report, files: org.files, model, resources: run.resources };
}
