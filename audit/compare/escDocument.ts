/**
 * What an ESC environment definition does, read from its YAML (secrets stay encrypted): the
 * environments it imports (explicitly under `imports:`, implicitly through
 * `${environments.<project>.<env>...}`) and the cloud logins it opens (`fn::open::aws-login`,
 * `azure-login`, `gcp-login`), wherever they sit. Pure.
 *
 * Names (ESC docs, "Importing other environments"): an import names `project/env`; "If no
 * project name is given, the default project is assumed (e.g. the unqualified name `foo` refers
 * to `default/foo`)"; an import may be an object with options (`- auth-core: { merge: false }`);
 * implicit imports "take the form of a reference to the special `environments` key like
 * `${environments.PROJECT.ENV.VALUEPATH}`".
 */
import { isMap, isPair, isScalar, isSeq, Node, parseDocument } from "yaml";

export type LoginCloud = "aws" | "azure" | "gcp";

export interface EscLogin {
  readonly cloud: LoginCloud;
  /** Where the call sits: `values.aws.login`. */
  readonly path: string;
  /** The call's argument, as plain data. */
  readonly args: Record<string, unknown>;
}

export interface EscImport {
  /** `project/env`, as written (a version or tag after `@` dropped). */
  readonly name: string;
  readonly implicit: boolean;
}

export interface EscDocument {
  readonly imports: readonly EscImport[];
  readonly logins: readonly EscLogin[];
}

const LOGIN_KEY = /^fn::open::(aws|azure|gcp)-login$/;
/** `${environments.p.e...}` and `${environments["p"]["e"]...}`. */
const IMPLICIT = [
  /\$\{\s*environments\.([^.[\]}\s]+)\.([^.[\]}\s]+)/g,
  /\$\{\s*environments\[\s*["']([^"']+)["']\s*\]\s*\[\s*["']([^"']+)["']\s*\]/g,
];

/** An import name as ESC resolves it: `project/env`, the default project when unqualified. */
export function qualify(name: string): string {
  const bare = name.split("@")[0].trim();
  return bare.includes("/") ? bare : `default/${bare}`;
}

/** The definition's imports and logins; "unreadable" when it is not valid YAML. */
export function readEscDocument(yamlText: string): EscDocument | "unreadable" {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) return "unreadable";
  const root = doc.contents as Node | null;
  const imports: EscImport[] = [];
  const logins: EscLogin[] = [];
  if (isMap(root)) {
    const list = root.get("imports", true);
    if (isSeq(list))
      for (const item of list.items) {
        if (isScalar(item) && typeof item.value === "string")
          imports.push({ name: qualify(item.value), implicit: false });
        else if (isMap(item))
          for (const p of item.items)
            if (isPair(p) && isScalar(p.key))
              imports.push({ name: qualify(String(p.key.value)), implicit: false });
      }
    else if (isScalar(list) && typeof list.value === "string")
      imports.push({ name: qualify(list.value), implicit: false });
  }
  walk(root, "", (path, key, value) => {
    const m = key !== undefined ? LOGIN_KEY.exec(key) : null;
    if (m) {
      const args = value && typeof value === "object" ? (value as { toJSON(): unknown }) : null;
      const plain = args && "toJSON" in args ? args.toJSON() : {};
      logins.push({
        cloud: m[1] as LoginCloud,
        path,
        args: plain && typeof plain === "object" ? (plain as Record<string, unknown>) : {},
      });
    }
    if (isScalar(value) && typeof value.value === "string")
      for (const re of IMPLICIT)
        for (const x of value.value.matchAll(re))
          imports.push({ name: `${x[1]}/${x[2]}`, implicit: true });
  });
  return { imports: dedupe(imports), logins };
}

function dedupe(list: EscImport[]): EscImport[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.implicit}\u0000${i.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Visits every node with its path and the key it sits under (scalars included). */
function walk(
  node: unknown,
  path: string,
  visit: (path: string, key: string | undefined, value: unknown) => void,
  key?: string,
): void {
  visit(path, key, node);
  if (isMap(node))
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : "?";
      walk(pair.value, path ? `${path}.${k}` : k, visit, k);
    }
  else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
}
