/**
 * Pipeline identities whose tokens other CIs cannot tell apart. The policies of another CI's
 * issuer pin exact claims; when the allow rules of one identity are all among another's (a job
 * that deploys two tiers from one branch, two tiers sharing a service connection or a context),
 * every job that gets the narrower token also
 * gets the wider one: a staging job could obtain the prod token. Refused, with the fix.
 */
import type { AccessModel, MachineIdentity } from "../access";
import { ConfigIssue, OrgConfig } from "../config";
import { ciIssuers } from "../oidc/ciIssuers";

export function checkDistinctCiIdentities(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
): void {
  let issuers;
  try {
    issuers = ciIssuers(model);
  } catch (e) {
    errors.push({ path: "projects", message: (e as Error).message });
    return;
  }
  const source = (team: string) => {
    // Every policy ciIssuers builds is of an identity of model.identities (teamName = its team).
    const i = model.identities.find((x) => x.team === team) as MachineIdentity;
    const pi = config.projects.findIndex((p) => p.name === i.project);
    return {
      path: `projects[${pi}].tiers.${i.tier}`,
      what: `${i.project}/${i.tier} ${i.purpose}`,
    };
  };
  for (const issuer of issuers) {
    const allows = issuer.policies.filter((p) => p.decision === "allow");
    const reported = new Set<string>();
    allows.forEach((a) =>
      allows.forEach((b) => {
        // Also skips a === b (i === j): a policy has its own team.
        if (a.teamName === b.teamName) return;
        const covers = Object.entries(a.rules).every(([k, v]) => b.rules[k] === v);
        const key = [a.teamName, b.teamName].sort().join("\u0000");
        if (!covers || reported.has(key)) return;
        reported.add(key);
        const wide = source(a.teamName as string);
        const narrow = source(b.teamName as string);
        errors.push({
          path: narrow.path,
          message:
            `the ${issuer.ci} tokens of ${narrow.what} also match every rule of ${wide.what}'s policy on ` +
            `${issuer.url}, so its job could obtain team ${a.teamName}'s token too. Give each tier its own ` +
            "CI identity: a different branch or Jenkins job, Azure service connection or CircleCI context",
        });
      }),
    );
  }
}
