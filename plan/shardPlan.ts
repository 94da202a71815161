/**
 * The offline plan of one shard of a sharded organization (issue 20): the shard's program under
 * mocks (GitHub team ids looked up by slug and the shard's own webhook secrets made up the way
 * the core's own plan makes them up), and the same report as the core's. The OIDC issuer and its
 * context table are the core's (its plan shows every shard's pipeline there).
 */
import { planCloud } from "./cloud";
import { buildShard } from "../components/shard";
import { shardStackName } from "../model/access/shards";
import { ConfigOwner, Finding } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { apiBudgetFindings, estimateApiBudget } from "./apiEstimate";
import { runUnderMocks } from "./mockRun";
import { PlanReport } from "./report";
import {
  invokePlaceholders,
  PlanPhase,
  PlanResult,
  placeholderSecret,
  schemaFindings,
  stackReportBase,
} from "./run";

/**
 * The plan of shard `shard` (its stack's name comes from the config); `owner` is the core stack
 * whose file the config is (and the Pulumi project).
 */
export async function runShardPlan(
  entries: Readonly<Record<string, ConfigEntry>>,
  shard: string,
  observe: (phase: PlanPhase) => void = () => undefined,
  owner: ConfigOwner = {},
): Promise<PlanResult> {
  const loaded = loadOrgConfig(entries, owner);
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
  const run = await runUnderMocks(
    (rootOptions) => {
      const built = buildShard(loaded.config, shard, {
        warnings: loaded.warnings,
        rootOptions,
        // The shard's own secret config, as the core's plan shows the core's.
        secret: placeholderSecret(placeholders, " (this shard's own stack config)"),
      });
      observe("constructed");
      return built;
    },
    { stack, organization: loaded.config.organization },
  );
  observe("registered");
  const org = run.value;
  const model = org.model;
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
    ...stackReportBase({
      stack,
      model,
      resources: run.resources,
      files: org.files,
      placeholders,
      findings,
      apiBudget,
      // The OIDC issuer and its context table are the core's.
      oidc: {
        issuer: "https://token.actions.githubusercontent.com",
        maxExpirationSeconds: model.oidc.maxExpirationSeconds,
        githubIds: { ownerId: 0, repositoryIds: {} },
        policies: [],
        contexts: [],
        issuers: [],
      },
    }),
    // Teams, their members and the organization defaults are the core's.
    teamMembers: [],
    defaults: {},
  };
  observe("reported");
  return {
    ok: true,
    report,
    files: org.files,
    model,
    resources: run.resources,
    cloudFiles: planCloud(model).files,
  };
}
