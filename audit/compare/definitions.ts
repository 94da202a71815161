/**
 * ESC definitions: protected-tier environments that hold static cloud credentials where an OIDC
 * login would do, and definitions that are not valid YAML.
 */
import { parseDocument, isMap, isPair, isScalar, isSeq, Node } from "yaml";
import { cloudKeyShape } from "../../policy/pack/rules/cloudKeys";
import { stackKey } from "./helpers";
import { isProtected, Resources } from "./resources";
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
      (AWS_ACCESS_KEY.test(node.value) || cloudKeyShape(node.value))
    )
      out.push(path);
  };
  walk(doc.contents as Node | null, "");
  return out;
}

export function compareDefinitions(
  definitions: NonNullable<LiveSnapshot["definitions"]>,
  res: Resources,
  add: Add,
): void {
  for (const d of definitions) {
    const key = stackKey(d.project, d.name);
    if (!isProtected(res, "environment", key)) continue;
    const paths = staticCredentialPaths(d.yaml);
    if (paths === "unreadable")
      add({
        severity: "low",
        code: "esc-definition-unreadable",
        subject: `environment:${key}`,
        message: `the definition of ${key} is not valid YAML, so it was not checked for static credentials`,
      });
    else if (paths.length)
      add({
        severity: "high",
        code: "esc-static-credentials",
        subject: `environment:${key}`,
        message:
          `protected environment ${key} holds static cloud credentials at ${paths.join(", ")}: ` +
          "use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with " +
          "oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: paths,
      });
  }
}

/**
 * The environments a definition imports (top-level `imports`: names, or single-key maps of a name
 * to its options), `project/env` as written, without an `@version`; "unreadable" when the YAML is
 * not valid.
 */
export function importsOf(yaml: string): string[] | "unreadable" {
  const doc = parseDocument(yaml);
  if (doc.errors.length) return "unreadable";
  const root = doc.contents;
  if (!isMap(root)) return [];
  const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "imports");
  const seq = pair && isPair(pair) ? pair.value : undefined;
  if (!isSeq(seq)) return [];
  const names: string[] = [];
  for (const item of seq.items) {
    const n = isScalar(item)
      ? item.value
      : isMap(item) && item.items.length && isPair(item.items[0]) && isScalar(item.items[0].key)
        ? item.items[0].key.value
        : undefined;
    if (typeof n === "string") names.push(n.replace(/@.*$/, ""));
  }
  return names;
}
