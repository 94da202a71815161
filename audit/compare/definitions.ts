/**
 * ESC definitions: environments (every tier's, and the login environments) that hold static cloud
 * credentials where an OIDC login would do, judged by key name and by value shape (an AWS access
 * key id, an Entra client secret, a GCP service account key, a Pulumi access token) whatever the
 * key is called: high on a protected tier, medium elsewhere. On a protected tier, any other
 * static secret (`fn::secret`, whose ciphertext cannot be judged by shape) is reported too
 * (medium). Definitions that are not valid YAML are reported (low).
 */
import { parseDocument, isMap, isPair, isScalar, isSeq, Node } from "yaml";
import { cloudKeyShape } from "../../policy/pack/rules/cloudKeys";
import { EnvInfo } from "./escDefinitions";
import { stackKey } from "./helpers";
import { Add, LiveSnapshot } from "./types";

/** Key names (lower case, letters and digits only) that hold static cloud credentials. */
const CREDENTIAL_KEYS = new Set([
  // AWS
  "accesskeyid",
  "secretaccesskey",
  "sessiontoken",
  "awsaccesskeyid",
  "awssecretaccesskey",
  "awssessiontoken",
  "awsaccesskey",
  "awssecretkey",
  // Azure
  "clientsecret",
  "armclientsecret",
  "azureclientsecret",
  "azurenativeclientsecret",
  // Google Cloud
  "googlecredentials",
  "gcpcredentials",
  "googlecloudkeyfilejson",
  "googleapplicationcredentialsjson",
  "privatekey",
]);
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
/** A Pulumi access token: `pul-` and 40 hexadecimal digits (docs/assumptions.md). */
const PULUMI_TOKEN = /(?<![A-Za-z0-9])pul-[0-9a-f]{40}(?![A-Za-z0-9])/;
/** A value that is only interpolations (`${aws.login.accessKeyId}`) is not a static secret. */
const ONLY_INTERPOLATION = /^(?:\$\{[^}]+\}\s*)+$/;

/** Paths in an environment definition that hold static cloud credentials. */
export function staticCredentialPaths(yamlText: string): string[] | "unreadable" {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) return "unreadable";
  const out: string[] = [];
  const isStatic = (node: unknown): boolean => {
    if (isScalar(node)) {
      if (node.value === null || node.value === undefined || node.value === "") return false;
      return !(typeof node.value === "string" && ONLY_INTERPOLATION.test(node.value.trim()));
    }
    // `fn::secret: <ciphertext or plaintext>` (or any other literal structure) is static.
    if (isMap(node))
      return node.items.some(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value).startsWith("fn::secret"),
      );
    return false;
  };
  const walk = (node: unknown, path: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const here = path ? `${path}.${key}` : key;
        if (
          CREDENTIAL_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, "")) &&
          isStatic(pair.value)
        )
          out.push(here);
        else walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (
      isScalar(node) &&
      typeof node.value === "string" &&
      (AWS_ACCESS_KEY.test(node.value) ||
        PULUMI_TOKEN.test(node.value) ||
        cloudKeyShape(node.value))
    )
      out.push(path);
  };
  walk(doc.contents as Node | null, "");
  return out;
}

/**
 * Paths of static secrets (`fn::secret`, plaintext or ciphertext) that are not already credential
 * paths: their value cannot be judged by its shape once encrypted.
 */
export function staticSecretPaths(yamlText: string, known: readonly string[]): string[] {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) return [];
  const out: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (isMap(node))
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const here = path ? `${path}.${key}` : key;
        if (key.startsWith("fn::secret")) {
          if (
            !known.some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`))
          )
            out.push(path);
        } else walk(pair.value, here);
      }
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
  };
  walk(doc.contents as Node | null, "");
  return out;
}

export function compareDefinitions(
  definitions: NonNullable<LiveSnapshot["definitions"]>,
  info: (key: string) => EnvInfo,
  add: Add,
): void {
  for (const d of definitions) {
    const key = stackKey(d.project, d.name);
    const env = info(key);
    if (!env.declared && env.tier === undefined) continue;
    const paths = staticCredentialPaths(d.yaml);
    if (paths === "unreadable") {
      add({
        severity: "low",
        code: "esc-definition-unreadable",
        subject: `environment:${key}`,
        message: `the definition of ${key} is not valid YAML, so it was not checked for static credentials, imports or logins`,
      });
      continue;
    }
    if (paths.length)
      add({
        severity: env.protected ? "high" : "medium",
        code: "esc-static-credentials",
        subject: `environment:${key}`,
        message:
          `${env.protected ? "protected " : ""}environment ${key} holds static cloud credentials at ${paths.join(", ")}: ` +
          "use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with " +
          "oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: paths,
      });
    const secrets = env.protected ? staticSecretPaths(d.yaml, paths) : [];
    if (secrets.length)
      add({
        severity: "medium",
        code: "esc-static-secret",
        subject: `environment:${key}`,
        message:
          `protected environment ${key} holds static secrets at ${secrets.join(", ")}: encrypted, ` +
          "their shape cannot be judged; if one is a credential (a cloud key, a Pulumi token), " +
          "replace it with a login or a dynamic secret provider",
        live: secrets,
      });
  }
}
