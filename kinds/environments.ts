/** ESC environments: each tier's environment (its definition is the owner's, never overwritten). */
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import { s } from "./helpers";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{project}/{environment}`. */
export const environmentId = (org: string, project: string, env: string) =>
  parts("/", [org, project, env], "Environment");

export const environment: ManagedType = {
  token: "pulumiservice:index:Environment",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/esc/environments/{orgName}",
      "GET /api/esc/environments/{orgName}/{projectName}/{envName}",
    ],
    codes: [
      "environment-undeclared",
      "esc-static-credentials",
      "esc-static-secret",
      "esc-definition-unreadable",
      "esc-import-undeclared",
      "esc-login-changed",
      "esc-login-undeclared",
      "esc-login-missing",
    ],
    severity:
      "every tier's and login environment's definition: high (static credentials, an import of or a login to a protected tier's identity, a changed protected login), medium elsewhere",
  },
  importId: {
    format: "{organization}/{project}/{environment}",
    source: `${PS}environment.go (Read)`,
    importable: true,
    note: "the definition is ignored (ignoreChanges: yaml), so the import keeps it as it is",
  },
  cost: simple(
    "pulumi",
    calls(4, 3),
    calls(2, 1),
    calls(2),
    `${PS_COSTS}/resources/environment.go Create (CheckYAMLEnvironment, CreateEnvironmentWithProject, UpdateEnvironmentWithRevision, fetchEnvironmentID), Update (UpdateEnvironmentWithRevision, fetchEnvironmentID), Read (GetEnvironment, fetchEnvironmentID)`,
    "the definition is ignoreChanges: an update happens only if organization/project/name change (a replacement)",
  ),
  lookup: (_r, i, ctx) =>
    ctx.live.environments.some((e) => e.project === i.project && e.name === i.name)
      ? {
          id: environmentId(ctx.org, s(i.project), s(i.name)),
          match: { organization: ctx.org, project: s(i.project), name: s(i.name) },
        }
      : undefined,
};

export const environments: ManagedArea = {
  name: "environments",
  summary:
    "the ESC environment of each tier; protected tiers' definitions are read for static credentials",
  types: [environment],
  audit: ["environments", "definitions"],
  propose: "adopt/layout.ts",
};
