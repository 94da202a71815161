/**
 * The proposal as a stack file (`Pulumi.<stack>.yaml`, with the findings and what stays unmanaged
 * as comments a reviewer reads first) or as JSON (`--json`, format version 1):
 *
 *   { formatVersion: 1, organization, stack, readAt, tightened: boolean,
 *     summary: { teams, projects, tiers, roles, imports, unmanaged, findings, fixed },
 *     findings: [{ severity, code, subject, message, fixes?: [{ path, from, to }], fixed }],
 *     unmanaged: [{ kind, name, reason }],
 *     config: { "<key>": value, ... }   // the stack file's `config:` mapping
 *   }
 */
import { severityRank } from "../model/config";
import { Document, isMap, isSeq, YAMLMap } from "yaml";
import type { AdoptRecord } from "../model/adopt";
import { entriesOfConfig } from "./record";
import { AdoptFinding, formatFixPath, RawConfig } from "./types";

export const ADOPT_FORMAT_VERSION = 1;

export interface AdoptOutput {
  readonly organization: string;
  readonly stack: string;
  readonly readAt: string;
  readonly tightened: boolean;
  readonly config: RawConfig;
  readonly record: AdoptRecord;
  readonly findings: readonly AdoptFinding[];
  readonly githubOwner?: string;
}

export const sortFindings = (f: readonly AdoptFinding[]) =>
  [...f].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.code.localeCompare(b.code) ||
      a.subject.localeCompare(b.subject),
  );

/** Whether `--tighten` fixed it (it has fixes and they were applied). */
const fixed = (o: AdoptOutput, f: AdoptFinding) => o.tightened && (f.fixes?.length ?? 0) > 0;

export function summaryOf(o: AdoptOutput): Record<string, number> {
  return {
    teams: o.config.teams.length,
    projects: o.config.projects.length,
    tiers: o.config.tiers.length,
    roles: Object.keys(o.config.roles).length,
    imports: o.record.imports.length,
    unmanaged: o.record.unmanaged.length,
    findings: o.findings.length,
    fixed: o.findings.filter((f) => fixed(o, f)).length,
  };
}

export function renderJson(o: AdoptOutput): string {
  const config = Object.fromEntries(
    Object.entries(entriesOfConfig(o.config, o.record)).map(([k, e]) => [k, e.value]),
  );
  return JSON.stringify(
    {
      formatVersion: ADOPT_FORMAT_VERSION,
      organization: o.organization,
      stack: o.stack,
      readAt: o.readAt,
      tightened: o.tightened,
      summary: summaryOf(o),
      findings: sortFindings(o.findings).map((f) => ({
        severity: f.severity,
        code: f.code,
        subject: f.subject,
        message: f.message,
        ...(f.fixes
          ? {
              fixes: f.fixes.map((x) => ({
                path: formatFixPath(x.path),
                from: x.from,
                to: x.to ?? null,
              })),
            }
          : {}),
        fixed: fixed(o, f),
      })),
      unmanaged: o.record.unmanaged,
      config,
    },
    null,
    2,
  );
}

function headerLines(o: AdoptOutput): string[] {
  const s = summaryOf(o);
  const lines = [
    ` Proposed by \`npm run adopt\` from the live organization ${o.organization}` +
      (o.githubOwner ? ` and GitHub organization ${o.githubOwner}` : "") +
      `, read ${o.readAt}.`,
    o.tightened
      ? " Tightened (--tighten): every fix below is applied, so removed grants and policies stay in place until removed in a later change (see README)."
      : " It reproduces the organization as it is: elevated access is declared break-glass and listed below.",
    ` ${s.teams} teams, ${s.projects} projects, ${s.tiers} tiers, ${s.roles} roles; ${s.imports} existing resources are imported (secure-org:adopt), ${s.unmanaged} left unmanaged.`,
    " Review it with: npm run plan -- --config <this file>   (each resource shows import <id> or create)",
    "",
    ` Findings (${o.findings.length}):`,
  ];
  for (const f of sortFindings(o.findings)) {
    lines.push(
      `   [${f.severity}] ${f.code} ${f.subject}${fixed(o, f) ? " (fixed)" : ""}: ${f.message}`,
    );
    for (const x of f.fixes ?? [])
      lines.push(
        `       fix: ${formatFixPath(x.path)}: ${JSON.stringify(x.from)} -> ${x.to === undefined ? "(removed)" : JSON.stringify(x.to)}`,
      );
  }
  if (!o.findings.length) lines.push("   none");
  return lines.map((l) => l.replace(/\s+$/, ""));
}

export function renderYaml(o: AdoptOutput): string {
  const config: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(entriesOfConfig(o.config, o.record))) config[k] = e.value;
  const doc = new Document({ config });
  doc.commentBefore = headerLines(o).join("\n");
  const map = doc.get("config", true);
  if (isMap(map)) {
    const adopt = (map as YAMLMap).get("secure-org:adopt", true);
    if (isMap(adopt)) {
      adopt.commentBefore =
        " What exists, so the program imports it instead of creating it a second time (type, logical\n" +
        " name, import ID in the provider's format, identifying inputs, live values). Generated: do not edit.";
      const unmanaged = adopt.get("unmanaged", true);
      if (isSeq(unmanaged) && unmanaged.items.length)
        unmanaged.commentBefore =
          " Exists and stays as it is: not imported, never removed by pulumi up.";
    }
  }
  return doc.toString({ lineWidth: 0 });
}
