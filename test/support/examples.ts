/**
 * The example stack files as test input: parsed, optionally edited, turned into config entries.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { buildAccessModel, AccessModel } from "../../model/access";
import { Finding, OrgConfig } from "../../model/config";
import { ConfigEntry, entriesFromStackFile, loadOrgConfig } from "../../model/load";

export const ROOT = path.resolve(__dirname, "..", "..");

// The stack file as parsed YAML; tests edit it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackDoc = { config: Record<string, any> };

export function exampleDoc(stack: "prod" | "dev" | "multi-ci"): StackDoc {
  return parse(readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as StackDoc;
}

export function entriesOf(doc: StackDoc): Record<string, ConfigEntry> {
  return entriesFromStackFile(doc);
}

/** A valid example (optionally edited) as typed config; throws with every error otherwise. */
export function exampleConfig(
  stack: "prod" | "dev",
  edit?: (doc: StackDoc) => void,
): { config: OrgConfig; warnings: Finding[] } {
  const doc = exampleDoc(stack);
  edit?.(doc);
  const r = loadOrgConfig(entriesOf(doc));
  if (!r.ok) throw new Error(`example ${stack} is invalid: ${JSON.stringify(r.errors, null, 1)}`);
  return { config: r.config, warnings: r.warnings };
}

export function exampleModel(stack: "prod" | "dev", edit?: (doc: StackDoc) => void): AccessModel {
  const { config, warnings } = exampleConfig(stack, edit);
  return buildAccessModel(config, warnings);
}

/** Shorthands for the structured keys of the example. */
export const key = {
  teams: "secure-org:teams",
  tiers: "secure-org:tiers",
  projects: "secure-org:projects",
  github: "secure-org:github",
  defaults: "secure-org:defaults",
  audit: "secure-org:audit",
  roles: "secure-org:roles",
  organization: "secure-org:organization",
} as const;
