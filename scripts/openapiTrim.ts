/**
 * Trims the Pulumi Cloud OpenAPI spec (shared/schemas/pulumi-cloud-openapi.json, from
 * pulumi/pulumi-pulumiservice `provider/pkg/cloud/spec.json`) to the operations a test server
 * must answer like, with every component schema they reference. `npm run refresh-schemas` writes
 * the result to test/fixtures/openapi/, where test/support/openapi.ts validates answers against it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { FULL_SCHEMA_DIR, ROOT } from "../plan/schemaFixtures";

export const OPENAPI_FILE = "pulumi-cloud-openapi.json";
export const OPENAPI_FIXTURE_DIR = path.join(ROOT, "test", "fixtures", "openapi");

/** Fixture file -> the operations (`METHOD /path`) it keeps. */
export const OPENAPI_FIXTURES: Record<string, readonly string[]> = {
  // The custom roles' permission descriptors (test/components/roles.spec.ts).
  "roles.json": ["POST /api/orgs/{orgName}/roles", "GET /api/orgs/{orgName}/roles/{roleID}"],
  "policygroups.json": [
    "GET /api/orgs/{orgName}/policygroups",
    "GET /api/orgs/{orgName}/policygroups/{policyGroup}",
  ],
  // Every read of the audit: the spec-driven fake (test/support/specFake.ts) routes, checks
  // requests and validates its answers with these.
  "audit.json": [
    "GET /api/orgs/{orgName}/metadata",
    "GET /api/orgs/{orgName}/teams",
    "GET /api/orgs/{orgName}/teams/{teamName}",
    "GET /api/orgs/{orgName}/teams/{teamName}/roles",
    "GET /api/orgs/{orgName}/members",
    "GET /api/orgs/{orgName}/roles",
    "GET /api/orgs/{orgName}/oidc/issuers",
    "GET /api/orgs/{orgName}/auth/policies/oidcissuers/{issuerId}",
    "GET /api/orgs/{orgName}/auditlogs/v2",
    "GET /api/user/stacks",
    "GET /api/esc/environments/{orgName}",
    "GET /api/esc/environments/{orgName}/{projectName}/{envName}",
    "GET /api/orgs/{orgName}/policygroups",
    "GET /api/orgs/{orgName}/policygroups/{policyGroup}",
    // Break-glass (issue 28): the open gates of each managed environment, the change requests
    // (open requests and their approvals) and their events.
    "GET /api/change-gates/{orgName}",
    "GET /api/change-requests/{orgName}",
    "GET /api/change-requests/{orgName}/{changeRequestID}/events",
    "GET /api/esc/environments/{orgName}/{projectName}/{envName}/open/request/{changeRequestID}",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/settings",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/schedules",
  ],
  // What `npm run adopt` and the audit read (test/adopt/, test/support/adoptServer.ts).
  "adopt.json": [
    "GET /api/orgs/{orgName}/metadata",
    "GET /api/orgs/{orgName}/members",
    "GET /api/orgs/{orgName}/teams",
    "GET /api/orgs/{orgName}/teams/{teamName}",
    "GET /api/user/stacks",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/settings",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/schedules",
    "GET /api/stacks/{orgName}/{projectName}/{stackName}/hooks",
    "GET /api/orgs/{orgName}/hooks",
    "GET /api/esc/environments/{orgName}/{projectName}/{envName}/hooks",
    "GET /api/esc/environments/{orgName}",
    "GET /api/orgs/{orgName}/oidc/issuers",
    "GET /api/orgs/{orgName}/auth/policies/oidcissuers/{issuerId}",
    "GET /api/change-gates/{orgName}",
    "GET /api/orgs/{orgName}/policygroups",
    "GET /api/orgs/{orgName}/policygroups/{policyGroup}",
    "GET /api/orgs/{orgName}/auditlogs/v2",
  ],
};

interface Spec {
  info?: unknown;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** The referenced component schema names in a value, transitively. */
function collectRefs(value: unknown, schemas: Spec["components"]["schemas"], into: Set<string>) {
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        // `$ref`s, and the schemas a discriminator maps its values to (plain strings there).
        const m =
          (k === "$ref" || /^#\/components\/schemas\//.test(String(x))) &&
          typeof x === "string" &&
          /^#\/components\/schemas\/(.+)$/.exec(x);
        if (m && !into.has(m[1])) {
          into.add(m[1]);
          visit(schemas[m[1]]);
        } else visit(x);
      }
  };
  visit(value);
}

export function trimOpenApi(spec: Spec, operations: readonly string[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const refs = new Set<string>();
  for (const op of operations) {
    const [method, p] = op.split(" ");
    const operation = spec.paths[p]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the spec has no ${op}`);
    (paths[p] ??= {})[method.toLowerCase()] = operation;
    collectRefs(operation, spec.components.schemas, refs);
  }
  const schemas = Object.fromEntries(
    [...refs].sort().map((name) => [name, spec.components.schemas[name]]),
  );
  return {
    "x-source":
      "Trimmed from the Pulumi Cloud OpenAPI spec (pulumi/pulumi-pulumiservice " +
      "provider/pkg/cloud/spec.json, Apache-2.0) by scripts/openapiTrim.ts",
    info: spec.info,
    paths,
    components: { schemas },
  };
}

/** Every trimmed fixture, by file name, from the full spec in `dir`. */
export function trimmedOpenApi(dir = FULL_SCHEMA_DIR): Map<string, string> {
  const spec = JSON.parse(readFileSync(path.join(dir, OPENAPI_FILE), "utf8")) as Spec;
  const out = new Map<string, string>();
  for (const [file, ops] of Object.entries(OPENAPI_FIXTURES))
    out.set(file, JSON.stringify(trimOpenApi(spec, ops), null, 1) + "\n");
  return out;
}
