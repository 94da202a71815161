/**
 * Policy: the issuer of each Azure DevOps service connection (issue 24, item 2). A connection's
 * tokens come from the Azure DevOps issuer (`https://vstoken.dev.azure.com/<organization id>`, sub
 * `sc://<org>/<project>/<name>`) or the Microsoft Entra issuer
 * (`https://login.microsoftonline.com/<tenant id>/v2.0`, with a subject Microsoft generates). The
 * config says which; anything that mixes them up is refused:
 *
 * - `issuer: entra` without `tenantId` or without `subject` (no Microsoft page read here spells out
 *   the Entra subject, so it is taken verbatim from the connection's page, never derived);
 * - `tenantId` or `subject` on an Azure DevOps issuer connection;
 * - an Entra `subject` in the Azure DevOps form (`sc://...`), or with a wildcard Pulumi would read;
 * - `issuerUrl` that is not the issuer the connection's settings derive;
 * - two connections of one organization whose tokens would carry the same subject (under either
 *   issuer: one subject, two issuers, is one connection declared two ways).
 */
import { azureDevopsIssuer, azureDevopsSubject, ENTRA_SUBJECT, entraIssuer } from "./unit";
import { UUID } from "../values";
import { isObj, obj, str } from "../../config/view";
import { PolicyContext, tierUses } from "../../config/policy/shared";

interface Declared {
  readonly path: string;
  readonly issuer: string;
  readonly entra: boolean;
}

export function checkAzureIssuers(ctx: PolicyContext): void {
  const { v, err } = ctx;
  /** organization id + subject → the first connection declared with it. */
  const subjects = new Map<string, Declared>();
  for (const t of v.tiers)
    for (const u of tierUses(v, t)) {
      if (u.ci !== "azure-devops") continue;
      const entry = obj(v.projects[u.index].tiers[t.name as string]);
      if (!isObj(entry.azureDevops)) continue;
      const az = entry.azureDevops;
      const where = `projects[${u.index}].tiers.${t.name}.azureDevops`;
      for (const key of ["serviceConnection", "previewServiceConnection"] as const) {
        if (!isObj(az[key])) continue;
        const path = `${where}.${key}`;
        const derived = checkConnection(ctx, obj(az[key]), obj(az), path);
        if (!derived) continue;
        const orgKey = String(str(az.organizationId) ?? "").toLowerCase();
        const subKey = `${orgKey}\u0000${derived.subject.toLowerCase()}`;
        const first = subjects.get(subKey);
        const entra = derived.issuer !== azureDevopsIssuer(String(str(az.organizationId)));
        if (!first) subjects.set(subKey, { path, issuer: derived.issuer, entra });
        // Two Azure DevOps issuer connections with one name: ./ciGates.ts and the invariants.
        else if (first.path !== path && (first.entra || entra))
          err(
            `${path}.subject`,
            `this connection's tokens would carry the subject "${derived.subject}", as the ` +
              `connection at ${first.path} (${first.issuer === derived.issuer ? "same issuer" : `issuer ${first.issuer}, here ${derived.issuer}`}): ` +
              "one subject is one service connection, so one of them is declared with the wrong " +
              "issuer or subject. Copy the issuer and subject from each connection's page",
          );
      }
    }
}

/** Checks one connection; returns its issuer and subject when they can be derived. */
function checkConnection(
  ctx: PolicyContext,
  sc: Record<string, unknown>,
  az: Record<string, unknown>,
  path: string,
): { issuer: string; subject: string } | undefined {
  const entra = sc.issuer === "entra";
  const ok = entra ? checkEntra(ctx, sc, path) : checkAzureDevops(ctx, sc, path);
  if (!ok) return undefined;
  const tenant = str(sc.tenantId);
  const orgId = str(az.organizationId);
  if (entra && (!tenant || !UUID.test(tenant))) return undefined;
  if (!entra && (!orgId || !UUID.test(orgId))) return undefined;
  const issuer = entra ? entraIssuer(tenant as string) : azureDevopsIssuer(orgId as string);
  if (sc.issuerUrl !== undefined && str(sc.issuerUrl) !== issuer) {
    const given = String(sc.issuerUrl);
    ctx.err(
      `${path}.issuerUrl`,
      `"${given}" is not the issuer this connection's settings give (${issuer}): ` +
        (/^https:\/\/login\.microsoftonline\.com\//i.test(given)
          ? "it is a Microsoft Entra issuer: set issuer: entra with its tenantId and subject"
          : /^https:\/\/vstoken\.dev\.azure\.com\//i.test(given)
            ? "it is an Azure DevOps issuer: set issuer: azure-devops and check organizationId"
            : "copy the Issuer from the connection's page and the ids it contains"),
    );
    return undefined;
  }
  const subject = entra
    ? (str(sc.subject) as string)
    : azureDevopsSubject(str(az.organization) ?? "", str(az.project) ?? "", str(sc.name) ?? "");
  return { issuer, subject };
}

/** An Entra issuer connection: its tenant and its subject, verbatim and pinnable. */
function checkEntra({ err }: PolicyContext, sc: Record<string, unknown>, path: string): boolean {
  let ok = true;
  const fail = (at: string, message: string) => {
    ok = false;
    err(at, message);
  };
  const subject = str(sc.subject);
  if (sc.tenantId === undefined)
    fail(
      `${path}.tenantId`,
      "a connection on the Microsoft Entra issuer needs tenantId: the issuer is " +
        "https://login.microsoftonline.com/<tenant id>/v2.0 (copy the Issuer from the connection's page)",
    );
  if (subject === undefined)
    fail(
      `${path}.subject`,
      "a connection on the Microsoft Entra issuer needs subject, copied verbatim from the " +
        "connection's page (Subject identifier): no Microsoft source read for this program " +
        "gives its format, so it is never derived",
    );
  else if (/^sc:\/\//i.test(subject))
    fail(
      `${path}.subject`,
      `"${subject}" is the Azure DevOps issuer's subject (sc://<org>/<project>/<name>), not the ` +
        "Microsoft Entra issuer's: set issuer: azure-devops and drop subject and tenantId, or " +
        "copy the Entra subject from the connection's page",
    );
  else if (!ENTRA_SUBJECT.test(subject))
    fail(
      `${path}.subject`,
      `"${subject}" is not a subject this program pins: it must start with '/' and use only ` +
        "letters, digits, '_', '-' and '/' (no '.', '*' or '?', which Pulumi's rule matcher " +
        "reads as wildcards, no spaces or invisible characters)",
    );
  return ok;
}

/** An Azure DevOps issuer connection: nothing of the Entra issuer's. */
function checkAzureDevops(
  { err }: PolicyContext,
  sc: Record<string, unknown>,
  path: string,
): boolean {
  if (sc.tenantId !== undefined)
    err(
      `${path}.tenantId`,
      "tenantId belongs to a connection on the Microsoft Entra issuer: add issuer: entra (and " +
        "its subject), or remove tenantId (the Azure DevOps issuer is per organization)",
    );
  if (sc.subject !== undefined)
    err(
      `${path}.subject`,
      "subject is given only for the Microsoft Entra issuer: under the Azure DevOps issuer it " +
        "is sc://<organization>/<project>/<name>, derived from the config. Add issuer: entra " +
        "(with tenantId) or remove subject",
    );
  return sc.tenantId === undefined && sc.subject === undefined;
}
