/**
 * Cloud logins (`projects[].tiers.<tier>.cloud`): each cloud identity trusts exactly one
 * environment. Refused: an identity shared by two tiers, or by two environments unless each
 * declares it shared; the legacy `default` project; a login environment whose name a tier
 * environment already has; and trust documents over their cloud's limits (model/cloud/).
 */
import { CloudUse, cloudProblems } from "../../cloud/identities";
import { obj, str } from "../view";
import { PolicyContext } from "./shared";

/** Every project tier entry with a `cloud` block, and every declared tier environment. */
export function cloudUses(ctx: PolicyContext): { uses: CloudUse[]; environments: Set<string> } {
  const uses: CloudUse[] = [];
  const environments = new Set<string>();
  ctx.v.projects.forEach((p, i) => {
    if (!p.name) return;
    for (const [tierName, raw] of Object.entries(p.tiers)) {
      const entry = obj(raw);
      const environment = str(entry.environment) ?? tierName;
      environments.add(`${p.name}/${environment}`);
      if (entry.cloud === undefined) continue;
      const tier = ctx.tierByName.get(tierName);
      uses.push({
        project: p.name,
        tier: tierName,
        protected: tier?.protected ?? true,
        environment,
        cloud: obj(entry.cloud),
        path: `projects[${i}].tiers.${tierName}.cloud`,
      });
    }
  });
  return { uses, environments };
}

export function checkCloud(ctx: PolicyContext): void {
  const organization = ctx.v.organization;
  if (!organization) return;
  const { uses, environments } = cloudUses(ctx);
  for (const p of cloudProblems(organization, uses, environments)) ctx.err(p.path, p.message);
}
