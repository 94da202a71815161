/**
 * Every live OIDC issuer against the issuers the model declares (model/oidc/issuers.ts): the ones
 * this program manages (their token lifetime against `oidc.maxExpirationSeconds`; their policies
 * are compared in oidc.ts), the ones `oidc.additionalIssuers` accepts (reported as info), and any
 * other, which is undeclared: high when it has an allow policy (whoever controls that issuer can
 * obtain the tokens it allows), low with only deny policies, info with none.
 */
import { AccessModel } from "../../model/access";
import { DeclaredIssuer, declaredIssuers, issuerUrlKey } from "../../model/oidc";
import { describePolicy } from "./oidcPolicy";
import { Add, LiveIssuer } from "./types";

export interface IssuerClasses {
  /** Each managed declared issuer with the live issuer that is it (absent: not registered). */
  readonly managed: readonly { declared: DeclaredIssuer; live?: LiveIssuer }[];
  readonly additional: readonly { declared: DeclaredIssuer; live: LiveIssuer }[];
  readonly undeclared: readonly LiveIssuer[];
}

/**
 * Which live issuer is which. A managed issuer is the live one with its URL and name (else the
 * first with its URL); another live issuer with the same URL is a second registration, accepted
 * only when `oidc.additionalIssuers` names that URL.
 */
export function classifyIssuers(model: AccessModel, issuers: readonly LiveIssuer[]): IssuerClasses {
  const declared = declaredIssuers(model);
  const taken = new Set<LiveIssuer>();
  const managed = declared
    .filter((d) => d.kind === "managed")
    .map((d) => {
      const same = issuers.filter(
        (i) => !taken.has(i) && issuerUrlKey(i.url) === issuerUrlKey(d.url),
      );
      const live = same.find((i) => i.name === d.name) ?? same[0];
      if (live) taken.add(live);
      return { declared: d, ...(live ? { live } : {}) };
    });
  const additional: { declared: DeclaredIssuer; live: LiveIssuer }[] = [];
  const undeclared: LiveIssuer[] = [];
  for (const i of issuers) {
    if (taken.has(i)) continue;
    const d = declared.find(
      (x) => x.kind === "additional" && issuerUrlKey(x.url) === issuerUrlKey(i.url),
    );
    if (d) additional.push({ declared: d, live: i });
    else undeclared.push(i);
  }
  return { managed, additional, undeclared };
}

/** Reports undeclared and accepted issuers, and the managed issuers' token lifetime. */
export function compareIssuers(classes: IssuerClasses, add: Add): void {
  for (const i of classes.undeclared) reportUndeclared(i, classes, add);
  for (const { declared, live } of classes.additional)
    add({
      severity: "info",
      code: "oidc-issuer-additional",
      subject: `oidc:${live.name}`,
      message:
        `OIDC issuer ${live.name} (${live.url}) is accepted by ${declared.source} ` +
        `("${declared.reason}") with ${live.policies.length} polic${live.policies.length === 1 ? "y" : "ies"}: ` +
        `managed outside this program, its policies are not compared`,
      live: { url: live.url, policies: live.policies },
    });
  for (const { declared, live } of classes.managed)
    if (live && declared.maxExpirationSeconds !== undefined)
      compareExpiration(live, declared.maxExpirationSeconds, add);
}

/** Whether an allow policy mints an organization admin token. */
const mintsAdmin = (p: LiveIssuer["policies"][number]) =>
  p.decision === "allow" &&
  p.tokenType === "organization" &&
  (p.roleID === undefined || p.roleID === "") &&
  ((p.authorizedPermissions ?? []).length === 0 ||
    (p.authorizedPermissions ?? []).includes("admin"));

function reportUndeclared(i: LiveIssuer, classes: IssuerClasses, add: Add): void {
  const allows = i.policies.filter((p) => p.decision === "allow");
  const duplicate = classes.managed.some(
    (m) => m.live && issuerUrlKey(m.live.url) === issuerUrlKey(i.url),
  );
  const what =
    `OIDC issuer ${i.name} (${i.url}) is not declared: this program does not manage it` +
    (duplicate ? " (a second registration of a managed issuer's URL)" : "") +
    " and oidc.additionalIssuers does not accept it";
  const listed = i.policies.map((p, n) => `#${n} ${describePolicy(p)}`).join("; ");
  const admin = allows.some(mintsAdmin) ? " One of them mints an organization admin token." : "";
  add({
    severity: allows.length ? "high" : i.policies.length ? "low" : "info",
    code: "oidc-issuer-undeclared",
    subject: `oidc:${i.name}`,
    message: allows.length
      ? `${what}; whoever can sign its tokens obtains what its ${allows.length} allow ` +
        `polic${allows.length === 1 ? "y grants" : "ies grant"}: ${listed}.${admin} Delete it, or ` +
        "declare it in oidc.additionalIssuers with a reason"
      : i.policies.length
        ? `${what}; it has only deny policies (${listed}), so it grants nothing`
        : `${what}; it has no policies, so it grants nothing`,
    live: { url: i.url, policies: i.policies },
  });
}

/** A managed issuer's `maxExpiration` against the declared token lifetime. */
function compareExpiration(live: LiveIssuer, declared: number, add: Add): void {
  const actual = live.maxExpiration;
  if (actual === declared) return;
  const subject = `oidc:${live.name}`;
  if (actual === undefined || actual === 0 || actual > declared)
    add({
      severity: "high",
      code: "oidc-issuer-expiration",
      subject,
      message:
        `OIDC issuer ${live.name} lets exchanged tokens live ` +
        (actual ? `${actual} seconds` : "as long as the service allows (no maximum set)") +
        `, declared ${declared} (oidc.maxExpirationSeconds): a stolen token stays valid longer`,
      declared,
      live: actual ?? null,
    });
  else
    add({
      severity: "info",
      code: "oidc-issuer-expiration",
      subject,
      message:
        `OIDC issuer ${live.name} lets exchanged tokens live ${actual} seconds, declared ` +
        `${declared} (oidc.maxExpirationSeconds): narrower than declared; a job that runs longer fails`,
      declared,
      live: actual,
    });
}
