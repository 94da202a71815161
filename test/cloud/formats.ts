/**
 * Each cloud's documented trust-document format, as checks a test runs on a document: the fields
 * and values the cloud's documentation gives (test/fixtures/cloud/README.md names the pages), and
 * the stricter rule this project holds generated documents to (exact subject and audience, no
 * pattern operator, no wildcard). What this does not prove: that the cloud accepts the document.
 */
import { ESC_ISSUER, ESC_ISSUER_HOST } from "../../model/cloud/trust";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Problems with an IAM role trust policy's shape (the AWS docs' web identity form). */
export function awsTrustShape(doc: unknown): string[] {
  const p: string[] = [];
  if (!isObj(doc)) return ["not an object"];
  if (doc.Version !== "2012-10-17") p.push("Version is not 2012-10-17");
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) return [...p, "no Statement"];
  for (const st of doc.Statement) {
    if (!isObj(st)) {
      p.push("a statement is not an object");
      continue;
    }
    if (st.Effect !== "Allow") p.push("Effect is not Allow");
    if (st.Action !== "sts:AssumeRoleWithWebIdentity")
      p.push("Action is not AssumeRoleWithWebIdentity");
    const fed = isObj(st.Principal) ? st.Principal.Federated : undefined;
    if (
      typeof fed !== "string" ||
      !/^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/.test(fed)
    )
      p.push("Principal.Federated is not the ESC issuer's OIDC provider");
    if (!isObj(st.Condition)) p.push("no Condition");
    else
      for (const [op, block] of Object.entries(st.Condition)) {
        if (!isObj(block)) p.push(`${op} is not an object`);
        else
          for (const k of Object.keys(block))
            if (k !== `${ESC_ISSUER_HOST}:aud` && k !== `${ESC_ISSUER_HOST}:sub`)
              p.push(`condition key ${k} is not api.pulumi.com/oidc:aud or :sub`);
      }
  }
  return p;
}

/** Problems that make a trust policy accept more than exactly `subjects` and `audience`. */
export function awsTrustExact(
  doc: unknown,
  audience: string,
  subjects: readonly string[],
): string[] {
  const p: string[] = [];
  const st = isObj(doc) && Array.isArray(doc.Statement) ? doc.Statement : [];
  for (const s of st) {
    const c = isObj(s) && isObj(s.Condition) ? s.Condition : {};
    for (const op of Object.keys(c)) if (op !== "StringEquals") p.push(`operator ${op}`);
    const eq = isObj(c.StringEquals) ? c.StringEquals : {};
    const aud = eq[`${ESC_ISSUER_HOST}:aud`];
    const sub = eq[`${ESC_ISSUER_HOST}:sub`];
    if (aud !== audience) p.push(`audience ${JSON.stringify(aud)}`);
    const subs = Array.isArray(sub) ? sub : [sub];
    if (JSON.stringify([...subs].sort()) !== JSON.stringify([...subjects].sort()))
      p.push(`subjects ${JSON.stringify(sub)}`);
    for (const v of subs)
      if (typeof v !== "string" || /[*?]/.test(v)) p.push(`wildcard in ${String(v)}`);
  }
  return p;
}

/** Problems with an Entra federated identity credential (Graph's fields and limits). */
export function azureCredentialShape(doc: unknown): string[] {
  if (!isObj(doc)) return ["not an object"];
  const p: string[] = [];
  for (const k of Object.keys(doc))
    if (!["name", "issuer", "subject", "description", "audiences"].includes(k))
      p.push(`unknown field ${k}`);
  if (typeof doc.name !== "string" || doc.name.length > 120 || !/^[A-Za-z0-9_.~-]+$/.test(doc.name))
    p.push("name is not a URL-friendly string of at most 120 characters");
  for (const k of ["issuer", "subject"] as const)
    if (
      typeof doc[k] !== "string" ||
      (doc[k] as string).length === 0 ||
      (doc[k] as string).length > 600
    )
      p.push(`${k} is not 1-600 characters`);
  if (
    !Array.isArray(doc.audiences) ||
    doc.audiences.length !== 1 ||
    typeof doc.audiences[0] !== "string" ||
    doc.audiences[0].length > 600
  )
    p.push("audiences is not one value of at most 600 characters");
  return p;
}

/** Problems with a workload identity pool provider (IAM REST's fields and limits). */
export function gcpProviderShape(doc: unknown): string[] {
  if (!isObj(doc)) return ["not an object"];
  const p: string[] = [];
  if (
    typeof doc.name !== "string" ||
    !/^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/.test(
      doc.name,
    )
  )
    p.push("name is not a provider resource name");
  if (typeof doc.displayName !== "string" || doc.displayName.length > 32)
    p.push("displayName over 32 characters");
  const m = isObj(doc.attributeMapping) ? doc.attributeMapping : {};
  if (typeof m["google.subject"] !== "string") p.push("no google.subject mapping");
  for (const v of Object.values(m))
    if (typeof v !== "string" || v.length > 2048) p.push("a mapping over 2048 characters");
  if (typeof doc.attributeCondition !== "string" || doc.attributeCondition.length > 4096)
    p.push("attributeCondition is not a string of at most 4096 characters");
  const oidc = isObj(doc.oidc) ? doc.oidc : {};
  if (oidc.issuerUri !== ESC_ISSUER) p.push("oidc.issuerUri is not the ESC issuer");
  if (!Array.isArray(oidc.allowedAudiences) || oidc.allowedAudiences.length === 0)
    p.push("no allowedAudiences");
  return p;
}
