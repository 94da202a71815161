/**
 * The offline plan: runs the real program under mocks (no network, no credentials) and reports
 * what it would create and who could then do what. `scripts/plan.ts` is its command line.
 *
 * The JSON report (`--json`) is a stable interface, version 1; see README "Offline plan".
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync } from "node:fs";
import { buildOrg } from "../components/org";
import { AccessModel } from "../model/access";
import { ConfigIssue, Finding } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import {
  buildOidcPolicies,
  ContextRow,
  GithubIds,
  OidcPolicy,
  overlapWarnings,
  ruleWarnings,
  simulatePipelines,
} from "../model/oidc";
import { RecordedOptions, RecordedResource, runUnderMocks } from "./mockRun";
import { SchemaChecker, SchemaIssue } from "./schemaCheck";
import { COMPONENT_TYPES, fixturePaths } from "./schemaFixtures";

export const PLAN_FORMAT_VERSION = 1;

export interface AccessRow {
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly role?: string;
  readonly project: string;
  readonly stack: string;
  readonly stackPermission: string;
  readonly environment: string;
  readonly environmentPermission: string;
  readonly breakGlass?: string;
  readonly maxOpenDuration?: string;
}

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
  readonly accessMatrix: readonly {
    tier: string;
    protected: boolean;
    rows: readonly AccessRow[];
  }[];
  readonly oidc: {
    readonly issuer: string;
    readonly maxExpirationSeconds: number;
    readonly githubIds: GithubIds;
    readonly policies: readonly OidcPolicy[];
    readonly contexts: readonly ContextRow[];
  };
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
  }[];
  readonly findings: readonly Finding[];
  readonly files: readonly { repository: string; path: string; bytes: number }[];
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

export type PlanResult =
  | {
      ok: true;
      report: PlanReport;
      files: ReadonlyMap<string, string>;
      model: AccessModel;
      resources: RecordedResource[];
    }
  | { ok: false; errors: readonly ConfigIssue[]; warnings: readonly Finding[] };

const SECRET_PLACEHOLDER = (key: string) => `[secret secure-org:${key}]`;

export async function runPlan(
  entries: Readonly<Record<string, ConfigEntry>>,
  stack: string,
): Promise<PlanResult> {
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) return { ok: false, errors: loaded.errors, warnings: loaded.warnings };

  const placeholders = new Set<string>();
  const run = await runUnderMocks(
    (rootOptions) =>
      buildOrg(loaded.config, {
        warnings: loaded.warnings,
        rootOptions,
        secret: (key) => {
          placeholders.add(`secret config secure-org:${key}`);
          return pulumi.secret(SECRET_PLACEHOLDER(key));
        },
      }),
    { stack, organization: loaded.config.organization },
  );
  const org = run.value;
  const model = org.model;
  for (const inv of run.invokes) {
    if (inv.token === "pulumiservice:index:getCurrentUser")
      placeholders.add("the deploying Pulumi user (shown as bootstrap-admin)");
    if (inv.token === "github:index/getOrganization:getOrganization")
      placeholders.add(`GitHub id of ${String(inv.inputs.name)} (pin it with github.ownerId)`);
    if (inv.token === "github:index/getRepository:getRepository")
      placeholders.add(
        `GitHub id of ${String(inv.inputs.fullName)} (pin it with projects[].repositoryId)`,
      );
  }
  const ids = await new Promise<GithubIds>((res) => org.githubIds.apply((v) => res(v)));
  const policies = buildOidcPolicies(model, ids);
  const contexts = simulatePipelines(model, ids, policies);

  const findings: Finding[] = [...model.findings];
  for (const w of ruleWarnings(policies))
    findings.push({ severity: "low", code: "oidc-dot-wildcard", path: "oidc", message: w });
  for (const w of overlapWarnings(policies))
    findings.push({ severity: "medium", code: "oidc-overlap", path: "oidc", message: w });
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
  for (const issue of schemaIssues(run.resources))
    findings.push({
      severity: "high",
      code: "schema",
      path: issue.resource,
      message: `${issue.type} ${issue.path}: ${issue.message}`,
    });

  const resources: PlanResource[] = run.resources.map((r) => ({
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
    },
  }));

  const byType: Record<string, number> = {};
  const byComponent: Record<string, number> = {};
  const typeOf = new Map(run.resources.map((r) => [r.urn, r.type]));
  for (const r of run.resources) {
    if (!r.custom) continue;
    byType[r.type] = (byType[r.type] ?? 0) + 1;
    const comp = r.parent ? (typeOf.get(r.parent) ?? "?") : "(root)";
    byComponent[comp] = (byComponent[comp] ?? 0) + 1;
  }

  const files = org.files;
  const report: PlanReport = {
    formatVersion: PLAN_FORMAT_VERSION,
    stack,
    organization: model.organization,
    placeholders: [...placeholders].sort(),
    summary: {
      resources: run.resources.filter((r) => r.custom).length,
      byType: sortKeys(byType),
      byComponent: sortKeys(byComponent),
    },
    resources,
    accessMatrix: accessMatrix(model),
    oidc: {
      issuer: "https://token.actions.githubusercontent.com",
      maxExpirationSeconds: model.oidc.maxExpirationSeconds,
      githubIds: ids,
      policies,
      contexts,
    },
    pipelines: model.pipelines.map((p) => ({
      key: p.key,
      mode: p.mode,
      repository: p.repository,
      branch: p.branch,
      protected: p.protected,
      approvers: p.approvers,
      requiredApprovals: p.requiredApprovals,
      deployIdentity: p.deploy
        ? `${p.deploy.tokenType}:${p.deploy.team}`
        : p.mode === "pulumi-deployments"
          ? "pulumi-deployments (stack-scoped token)"
          : undefined,
      previewIdentity: p.preview ? `${p.preview.tokenType}:${p.preview.team}` : undefined,
      workflow: p.workflowPath,
      check: p.checkName,
    })),
    findings: sortFindings(findings),
    files: [...files].map(([key, text]) => {
      const [repository, path] = splitFileKey(key);
      return { repository, path, bytes: Buffer.byteLength(text) };
    }),
  };
  return { ok: true, report, files, model, resources: run.resources };
}

export const splitFileKey = (key: string): [string, string] => {
  const i = key.indexOf(":");
  return [key.slice(0, i), key.slice(i + 1)];
};

function schemaIssues(resources: readonly RecordedResource[]): SchemaIssue[] {
  const paths = fixturePaths();
  if (!paths.every((p) => existsSync(p))) return [];
  return SchemaChecker.fromFiles(paths, { componentTypes: COMPONENT_TYPES }).checkAll(resources);
}

/** Inputs for display: the serialized dynamic provider is replaced by a marker. */
function displayInputs(r: RecordedResource): Record<string, unknown> {
  if (r.type !== "pulumi-nodejs:dynamic:Resource") return r.inputs;
  const { __provider, ...rest } = r.inputs;
  return { ...rest, __provider: `[serialized provider, ${String(__provider).length} bytes]` };
}

function accessMatrix(model: AccessModel): PlanReport["accessMatrix"] {
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
      }))
      .sort((a, b) => a.project.localeCompare(b.project) || a.team.localeCompare(b.team));
    return { tier, protected: model.stacks.some((s) => s.tier === tier && s.protected), rows };
  });
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2, info: 3 } as const;
function sortFindings(f: Finding[]): Finding[] {
  return [...f].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.path.localeCompare(b.path),
  );
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function mdTable(headers: string[], rows: string[][]): string[] {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${headers.map(esc).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ];
}

function sections(report: PlanReport, md: boolean): string[] {
  const t = md ? mdTable : table;
  const h = (s: string) => (md ? `### ${s}` : `== ${s}`);
  const out: string[] = [];
  out.push(
    md
      ? `## secure-org plan: ${report.organization} (stack ${report.stack})`
      : `secure-org plan: ${report.organization} (stack ${report.stack})`,
  );
  out.push("");
  out.push(h(`Summary: ${report.summary.resources} resources`));
  out.push(
    ...t(
      ["resource type", "count"],
      Object.entries(report.summary.byType).map(([k, v]) => [k, String(v)]),
    ),
  );
  out.push("");
  out.push(
    ...t(
      ["component", "resources"],
      Object.entries(report.summary.byComponent).map(([k, v]) => [k, String(v)]),
    ),
  );
  out.push("");
  for (const tier of report.accessMatrix) {
    out.push(h(`Access: tier ${tier.tier}${tier.protected ? " (protected)" : ""}`));
    out.push(
      ...t(
        ["team", "kind", "project", "stack", "environment", "note"],
        tier.rows.map((r) => [
          r.team,
          r.kind === "machine" ? "machine" : `human (${r.role})`,
          r.project,
          r.stackPermission,
          r.environmentPermission + (r.maxOpenDuration ? ` (max ${r.maxOpenDuration})` : ""),
          r.breakGlass ? `BREAK-GLASS: ${r.breakGlass}` : "",
        ]),
      ),
    );
    out.push("");
  }
  out.push(
    h(
      `OIDC trust: ${report.oidc.issuer} (tokens live at most ${report.oidc.maxExpirationSeconds}s)`,
    ),
  );
  out.push(
    ...t(
      ["pipeline", "workflow context", "obtains"],
      report.oidc.contexts.map((c) => [
        c.pipeline,
        c.context,
        c.tokens.length ? c.tokens.join(", ") : "nothing",
      ]),
    ),
  );
  out.push("");
  out.push(h("Pipelines"));
  out.push(
    ...t(
      ["pipeline", "mode", "repository@branch", "approvals", "deploys as", "previews as"],
      report.pipelines.map((p) => [
        p.key + (p.protected ? " (protected)" : ""),
        p.mode,
        `${p.repository}@${p.branch}`,
        p.approvers.length ? `${p.requiredApprovals} of ${p.approvers.join(", ")}` : "-",
        p.deployIdentity ?? "-",
        p.previewIdentity ?? "-",
      ]),
    ),
  );
  out.push("");
  out.push(h(`Findings (${report.findings.length})`));
  if (report.findings.length === 0) out.push("none");
  for (const f of report.findings)
    out.push(`${md ? "- " : ""}[${f.severity}] ${f.path}: ${f.message}`);
  out.push("");
  if (report.placeholders.length) {
    out.push(h("Placeholders (known only at deploy time)"));
    for (const p of report.placeholders) out.push(`${md ? "- " : "  "}${p}`);
    out.push("");
  }
  if (report.files.length) {
    out.push(h("Generated files"));
    for (const f of report.files)
      out.push(`${md ? "- " : "  "}${f.repository}: ${f.path} (${f.bytes} bytes)`);
    out.push("");
  }
  return out;
}

export const renderText = (report: PlanReport) => sections(report, false).join("\n");
export const renderMarkdown = (report: PlanReport) => sections(report, true).join("\n");
