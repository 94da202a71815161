/**
 * The Azure DevOps unit's policy: separate service connections for previews, a service connection
 * belongs to one project (by organization, project and name, and by id), and each connection's
 * issuer (./issuers.ts).
 */
import type { LenientTier } from "../../config/view";
import { isObj, obj, str } from "../../config/view";
import type { Report, TierUse } from "../../config/policy/shared";
import type { CiPolicyUnit, GateEntry } from "../policyTypes";
import { checkAzureIssuers } from "./issuers";

function checkEntry(
  err: Report,
  _t: LenientTier,
  entry: Record<string, unknown>,
  where: string,
  { previews, trigger }: TierUse,
): void {
  const az = obj(entry.azureDevops);
  if (previews === true && trigger !== "api") {
    if (!isObj(az.previewServiceConnection))
      err(
        `${where}.azureDevops.previewServiceConnection`,
        "is required for pull-request previews: previews get their own service connection (without the deploy connection's approvals), so the two tokens differ in their sub",
      );
    else if (str(obj(az.previewServiceConnection).name) === str(obj(az.serviceConnection).name))
      err(
        `${where}.azureDevops.previewServiceConnection`,
        "must differ from serviceConnection (its name is the token's sub)",
      );
  }
}

function checkGates({ project: p, use: u, entry, where, claim }: GateEntry): void {
  if (!isObj(entry.azureDevops)) return;
  const az = entry.azureDevops;
  for (const key of ["serviceConnection", "previewServiceConnection"] as const) {
    const sc = obj(az[key]);
    const name = str(sc.name);
    const id = str(sc.id);
    const what = `the ${key === "serviceConnection" ? "deploy" : "preview"} service connection of ${p.name}`;
    const path = `${where}.azureDevops.${key}`;
    // Azure DevOps names compared case-blind (fail closed: no source settles their case).
    if (name)
      claim(
        `azure\u0000sc\u0000${[az.organizationId, az.project, name].map((x) => String(x).toLowerCase()).join("/")}`,
        { path: `${path}.name`, entry: where, project: u.index, what },
        `service connection "${name}"`,
        true,
      );
    if (id)
      claim(
        `azure\u0000sc-id\u0000${id.toLowerCase()}`,
        { path: `${path}.id`, entry: where, project: u.index, what },
        `service connection id ${id}`,
        true,
      );
  }
}

export const azureDevopsPolicy: CiPolicyUnit = {
  checkEntry,
  checkGates,
  checkConfig: checkAzureIssuers,
};
