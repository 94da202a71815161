/**
 * The offline plan: runs the real program under mocks (no network, no credentials) and reports
 * what it would create and who could then do what. `scripts/plan.ts` is its command line; the
 * report's shape and renderings are in plan/report.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync } from "node:fs";
import { buildOrg } from "../components/org";
import { orgDefaultsResource } from "../kinds/orgDefaults";
import { AccessModel, PipelineSpec } from "../model/access";
import { ConfigIssue, Finding, severityRank } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { DEFAULT_CI, DEPLOYMENTS_MODE } from "../model/ci/registry";
import {
  buildIssuers,
  ContextRow,
  GithubIds,
  IssuerPolicies,
  overlapWarnings,
  ruleWarnings,
  simulateCiPipelines,
  simulatePipelines,
} from "../model/oidc";
import { apiBudgetFindings, estimateApiBudget } from "./apiEstimate";
import { planGithub } from "./github";
import { planGuardrails } from "./guardrails";
import { planMembership } from "./membership";
import { planCloud } from "./cloud";
import { RecordedInvoke, RecordedResource, runUnderMocks } from "./mockRun";
import { AccessRow, PLAN_FORMAT_VERSION, PlanReport, PlanResource } from "./report";
import { adoptionParts, PlanOptions } from "./planAdoption";
import { SchemaChecker } from "./schemaCheck";
import { COMPONENT_TYPES, fixturePaths } from "./schemaFixtures";

export type PlanResult =
  | {
      ok: true;
      report: PlanReport;
      files: ReadonlyMap<string, string>;
      model: AccessModel;
      resources: RecordedResource[];
      /** The cloud trust documents, by path under `--out` (`cloud/<cloud>/...`). */
      cloudFiles: ReadonlyMap<string, string>;
    }
  | { ok: false; errors: readonly ConfigIssue[]; warnings: readonly Finding[] };

export const SECRET_PLACEHOLDER = (key: string) => `[secret secure-org:${key}]`;

/** Secret config as the plan shows it: a placeholder, each key read listed among `placeholders`. */
export const placeholderSecret =
  (placeholders: Set<string>, note = "") =>
  (key: string): pulumi.Output<string> => {
    placeholders.add(`secret config secure-org:${key}${note}`);
    return pulumi.secret(SECRET_PLACEHOLDER(key));
  };

/** What every stack's plan reports the same way: its resources, access, pipelines and checks. */
export function stackReportBase(p: {
  stack: string;
  model: AccessModel;
  resources: readonly RecordedResource[];
  files: ReadonlyMap<string, string>;
  placeholders: ReadonlySet<string>;
  findings: readonly Finding[];
  apiBudget: PlanReport["apiBudget"];
  oidc: PlanReport["oidc"];
}): Omit<PlanReport, "teamMembers" | "defaults"> {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    stack: p.stack,
    organization: p.model.organization,
    placeholders: [...p.placeholders].sort(),
    summary: summarize(p.resources),
    resources: p.resources.map(planResource),
    accessMatrix: accessMatrix(p.model),
    oidc: p.oidc,
    pipelines: p.model.pipelines.map(pipelineRow),
    findings: sortFindings([...p.findings]),
    files: fileRows(p.files),
    guardrails: planGuardrails(p.model, p.resources),
    membership: planMembership(p.model),
    github: planGithub(p.model),
    ...(p.model.cloud.length ? { cloud: planCloud(p.model).cloud } : {}),
    apiBudget: p.apiBudget,
  };
}

/** The plan's steps, in order; `runPlan` reports the end of each (the benchmark times them). */
export type PlanPhase =
  "validated" | "constructed" | "registered" | "simulated" | "checked" | "reported";

export async function runPlan(
  entries: Readonly<Record<string, ConfigEntry>>,
  stack: string,
  options: PlanOptions = {},
  observe: (phase: PlanPhase) => void = () => undefined,
): Promise<PlanResult> {
  const loaded = loadOrgConfig(entries, { stack, project: options.project });
  if (!loaded.ok) return { ok: false, errors: loaded.errors, warnings: loaded.warnings };
  observe("validated");

  const placeholders = new Set<string>();
  const run = await runUnderMocks(
    (rootOptions) => {
      const built = buildOrg(loaded.config, {
        warnings: loaded.warnings,
        rootOptions,
        secret: placeholderSecret(placeholders),
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
  const ids = await new Promise<GithubIds>((res) => org.githubIds.apply((v) => res(v)));
  const issuers = buildIssuers(model, ids);
  const policies = issuers[0].policies;
  const contexts = [
    ...simulatePipelines(model, ids, policies),
    ...simulateCiPipelines(model, issuers),
  ];
  observe("simulated");
  const apiBudget = estimateApiBudget(run.resources, run.invokes);
  const findings: Finding[] = [
    ...model.findings,
    ...oidcFindings(issuers, contexts),
    ...schemaFindings(run.resources),
    ...apiBudgetFindings(apiBudget),
  ];
  observe("checked");

  const files = org.files;
  const base = stackReportBase({
    stack,
    model,
    resources: run.resources,
    files,
    placeholders,
    findings,
    apiBudget,
    oidc: {
      issuer: "https://token.actions.githubusercontent.com",
      maxExpirationSeconds: model.oidc.maxExpirationSeconds,
      githubIds: ids,
      policies,
      contexts,
      issuers: issuers.map((i) => ({ ci: i.ci, name: i.name, url: i.url, policies: i.policies })),
    },
  });
  // Members, defaults, and with an adopt record or a baseline: adoption, access changes, guard.
  const adoption = adoptionParts(loaded.config, model, run.resources, base, options);
  if (!adoption.ok) return { ok: false, errors: adoption.errors, warnings: loaded.warnings };
  const report: PlanReport = { ...base, ...adoption.parts };
  observe("reported");
  return {
    ok: true,
    report,
    files,
    model,
    resources: run.resources,
    cloudFiles: planCloud(model).files,
  };
}

/** The generated files as the report lists them: repository, path and size. */
export const fileRows = (files: ReadonlyMap<string, string>): PlanReport["files"] =>
  [...files].map(([key, text]) => {
    const [repository, path] = splitFileKey(key);
    return { repository, path, bytes: Buffer.byteLength(text) };
  });

export const splitFileKey = (key: string): [string, string] => {
  const i = key.indexOf(":");
  return [key.slice(0, i), key.slice(i + 1)];
};

/** What the invokes looked up that the plan could only make up (ids, the deploying user). */
export function invokePlaceholders(invokes: readonly RecordedInvoke[]): string[] {
  const out: string[] = [];
  for (const inv of invokes) {
    if (inv.token === "pulumiservice:index:getCurrentUser")
      out.push("the deploying Pulumi user (shown as bootstrap-admin)");
    if (inv.token === "github:index/getOrganization:getOrganization")
      out.push(`GitHub id of ${String(inv.inputs.name)} (pin it with github.ownerId)`);
    if (inv.token === "github:index/getTeam:getTeam")
      out.push(`GitHub id of team ${String(inv.inputs.slug)} (looked up by slug)`);
    if (inv.token === "github:index/getRepository:getRepository")
      out.push(`GitHub id of ${String(inv.inputs.fullName)} (pin it with projects[].repositoryId)`);
  }
  return out;
}

/** Rule and overlap warnings, and every workflow context that obtains too much or too little. */
function oidcFindings(
  issuers: readonly IssuerPolicies[],
  contexts: readonly ContextRow[],
): Finding[] {
  const findings: Finding[] = [];
  for (const issuer of issuers) {
    // The GitHub issuer's findings read as before; the others name their issuer.
    const prefix = issuer.ci === DEFAULT_CI ? "" : `issuer ${issuer.name}: `;
    for (const w of ruleWarnings(issuer.policies))
      findings.push({
        severity: "low",
        code: "oidc-dot-wildcard",
        path: "oidc",
        message: prefix + w,
      });
    for (const w of overlapWarnings(issuer.policies))
      findings.push({
        severity: "medium",
        code: "oidc-overlap",
        path: "oidc",
        message: prefix + w,
      });
  }
  for (const c of contexts) {
    const extra = c.tokens.filter((t) => !c.expected.includes(t));
    const missing = c.expected.filter((t) => !c.tokens.includes(t));
    if (extra.length)
      findings.push({
        severity: "high",
        code: "oidc-unexpected-token",
        path: "oidc",
        message: `${c.pipeline}: ${c.context} obtains ${extra.join(", ")}`,
      });
    if (missing.length)
      findings.push({
        severity: "high",
        code: "oidc-missing-token",
        path: "oidc",
        message: `${c.pipeline}: ${c.context} cannot obtain ${missing.join(", ")}`,
      });
  }
  return findings;
}

/** Inputs the providers would reject, when the schema fixtures are present. */
export function schemaFindings(resources: readonly RecordedResource[]): Finding[] {
  const paths = fixturePaths();
  if (!paths.every((p) => existsSync(p))) return [];
  const checker = SchemaChecker.fromFiles(paths, { componentTypes: COMPONENT_TYPES });
  return checker.checkAll(resources).map((issue) => ({
    severity: "high",
    code: "schema",
    path: issue.resource,
    message: `${issue.type} ${issue.path}: ${issue.message}`,
  }));
}

/** Custom resources in all, by type, and by the type of the component they belong to. */
export function summarize(resources: readonly RecordedResource[]): PlanReport["summary"] {
  const typeOf = new Map(resources.map((r) => [r.urn, r.type]));
  const custom = resources.filter((r) => r.custom);
  return {
    resources: custom.length,
    byType: countBy(custom, (r) => r.type),
    byComponent: countBy(custom, (r) => (r.parent ? (typeOf.get(r.parent) ?? "?") : "(root)")),
  };
}

/** How many items have each key, as an object with sorted keys (for the JSON report). */
function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function planResource(r: RecordedResource): PlanResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: displayInputs(r),
    options: {
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      ignoreChanges: r.options.ignoreChanges,
      deleteBeforeReplace: r.options.deleteBeforeReplace,
      aliases: r.options.aliases,
      dependsOn: r.options.dependsOn,
      dependencies: r.options.dependencies,
      ...(r.options.import ? { import: r.options.import } : {}),
    },
  };
}

/** Inputs for display: the serialized dynamic provider is replaced by a marker. */
function displayInputs(r: RecordedResource): Record<string, unknown> {
  if (r.type !== orgDefaultsResource.token) return r.inputs;
  const { __provider, ...rest } = r.inputs;
  return { ...rest, __provider: `[serialized provider, ${String(__provider).length} bytes]` };
}

export function accessMatrix(model: AccessModel): PlanReport["accessMatrix"] {
  const tiers = [...new Set(model.stacks.map((s) => s.tier))];
  return tiers.map((tier) => {
    const rows: AccessRow[] = model.grants
      .filter((g) => g.tier === tier)
      .map((g) => ({
        team: g.team,
        kind: g.identity,
        role: g.role,
        project: g.project,
        stack: `${g.project}/${g.stack}`,
        stackPermission: g.stackPermission,
        environment: `${g.environment.project}/${g.environment.name}`,
        environmentPermission: g.environmentPermission,
        breakGlass: g.breakGlass,
        maxOpenDuration: g.maxOpenDuration,
        access: g.approval ? ("on-approval" as const) : ("standing" as const),
        ...(g.approval
          ? { approvers: g.approval.approvers, requiredApprovals: g.approval.required }
          : {}),
      }))
      .sort((a, b) => a.project.localeCompare(b.project) || a.team.localeCompare(b.team));
    return { tier, protected: model.stacks.some((s) => s.tier === tier && s.protected), rows };
  });
}

export function pipelineRow(p: PipelineSpec): PlanReport["pipelines"][number] {
  return {
    key: p.key,
    mode: p.mode,
    repository: p.repository,
    branch: p.branch,
    protected: p.protected,
    approvers: p.approvers,
    requiredApprovals: p.requiredApprovals,
    deployIdentity: p.deploy
      ? `${p.deploy.tokenType}:${p.deploy.team}`
      : p.mode === DEPLOYMENTS_MODE
        ? `${DEPLOYMENTS_MODE} (stack-scoped token)`
        : undefined,
    ci: p.ci,
    trigger: p.trigger,
    previewIdentity: p.preview ? `${p.preview.tokenType}:${p.preview.team}` : undefined,
    workflow: p.pipelineFile,
    check: p.checkName,
  };
}

export function sortFindings(f: Finding[]): Finding[] {
  return [...f].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.path.localeCompare(b.path),
  );
}
