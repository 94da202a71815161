/** Break-glass: per-use open gates on `<project>/<env>-breakglass` environments (docs/break-glass.md). */
import { calls, simple } from "./cost";
import type { ManagedArea, ManagedType } from "./types";

export const gate: ManagedType = {
  token: "pulumiservice:api:Gate",
  schema: "pulumiservice",
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
    "Pulumi Cloud REST spec CreateChangeGate / UpdateChangeGate / ReadChangeGate, one call each (assumed one client call each, as the other pulumiservice resources)",
  ),
};

export const breakGlass: ManagedArea = {
  name: "breakGlass",
  summary: "per-use break-glass: open gates on the break-glass environments",
  types: [gate],
  audit: ["breakGlass"],
};
