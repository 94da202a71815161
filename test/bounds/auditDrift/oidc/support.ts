/** The helpers oidc.ts's drift cases share (split so each file stays under 600 lines). */
import { AccessModel, buildAccessModel } from "../../../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../../../model/load";
import { AuditFinding, impliedSnapshot } from "../../../../audit/compare";
import { DEPLOYER, Mutable, NOW, PACK_VERSION } from "../../../audit/harness";
import { MULTI_CI_IDS, multiCiDoc } from "../../../support/multiCi";
import { DriftCase } from "../case";

/** The multi-CI example's model, as `audit --stack multi-ci` builds it. */
export function multiCi(): AccessModel {
  const r = loadOrgConfig(entriesFromStackFile(multiCiDoc()), {
    stack: "multi-ci",
    project: "secure-org",
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return buildAccessModel(r.config, r.warnings);
}
export const multiCiWorld = (m: AccessModel) =>
  impliedSnapshot(m, MULTI_CI_IDS, { deployer: DEPLOYER, now: NOW, packVersionTag: PACK_VERSION });
export const issuer = (w: Mutable, prefix: string): Mutable =>
  w.oidcIssuers.find((i: Mutable) => i.name.startsWith(prefix));
/** A multi-CI case. */
export const mc = (
  what: string,
  edit: (w: Mutable) => void,
  want: readonly AuditFinding[],
): DriftCase => ({
  what: `multi-CI: ${what}`,
  model: multiCi,
  world: multiCiWorld,
  edit,
  want,
});

export const policies = (w: Mutable): Mutable[] => w.oidcIssuers[0].policies;
export const copy = (p: Mutable): Mutable => JSON.parse(JSON.stringify(p));
export const rogue = (ps: Mutable[]) => ({
  id: "rogue",
  name: "rogue",
  url: "https://rogue.example.com",
  policies: ps,
});
