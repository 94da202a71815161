/** Break-glass: per-use open gates on `<project>/<env>-breakglass` environments (docs/break-glass.md). */
import { calls, simple } from "./cost";
import type { ManagedArea, ManagedType } from "./types";

export const gate: ManagedType = {
  token: "pulumiservice:api:Gate",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/change-gates/{orgName}",
      "GET /api/change-requests/{orgName}",
      "GET /api/change-requests/{orgName}/{changeRequestID}/events",
      "GET /api/esc/environments/{orgName}/{projectName}/{envName}/open/request/{changeRequestID}",
    ],
    codes: [
      "break-glass-gate-missing",
      "break-glass-gate-weakened",
      "gate-blocks-pipeline",
      "break-glass-request",
      "break-glass-approval-invalid",
      "break-glass-request-too-long",
      "break-glass-open-unapproved",
      "break-glass-env-imports",
    ],
    severity:
      "high (gate removed, disabled or weakened; a gate on a pipeline's environment; an approval by the requester, the requesting team or a non-approver; an approved request longer than declared; an open without an approved request; a protected environment importing a break-glass one; a break-glass environment importing the bootstrap's); medium (a break-glass environment importing others); info (each request)",
  },
  importId: {
    format: "(not settled)",
    source:
      "pulumi/pulumi-pulumiservice v1.3.0 schema `pulumiservice:api:Gate` (rule and target untyped); the ID format its Read parses was not read, so it is not importable (fails closed)",
    importable: false,
    note: "adopt does not import gates (fails closed): an adopted break-glass gate is created anew",
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    "Pulumi Cloud REST spec CreateChangeGate / UpdateChangeGate / ReadChangeGate, one call each: pulumi/pulumi-pulumiservice scaffold-metadata main.go (derive: each api:* resource's create, read, update and delete is one spec operation; read on main, not at v1.3.0)",
  ),
};

export const breakGlass: ManagedArea = {
  name: "breakGlass",
  summary: "per-use break-glass: open gates on the break-glass environments",
  types: [gate],
  audit: ["breakGlass"],
};
