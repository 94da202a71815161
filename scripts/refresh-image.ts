/**
 * `npm run refresh-image -- (--stack <name> | --config <file>) [--registry <url>]`: reads the
 * digest of the Pulumi image the generated non-GitHub jobs run (model/imagePins.ts) from its
 * registry and writes it, with its tag, to the stack file's `secure-org:images.pulumi`. Review the
 * change like any pin.
 *
 * The digest is computed here, as sha256 of the manifest bytes the registry returns for the tag
 * (GET /v2/<name>/manifests/<tag>); a `Docker-Content-Digest` header that disagrees fails the run
 * (the OCI distribution spec says clients SHOULD NOT depend on that header). A 401 is answered
 * once through the registry's Bearer challenge (its realm must be https, or the registry's own
 * loopback origin in tests). Nothing is written on any error.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { PULUMI_IMAGE_REPOSITORY, PULUMI_VERSION, SHA256_DIGEST } from "../model/imagePins";
import { exitAfterFlush } from "./cli";

const USAGE = `usage: npm run refresh-image -- (--stack <name> | --config <file>) [--registry <url>]

Reads the digest of ${PULUMI_IMAGE_REPOSITORY}:${PULUMI_VERSION} from the registry (default
https://registry-1.docker.io) and writes secure-org:images.pulumi { tag, digest } to the stack file.`;

/** What the registry is asked to return for a tag: an index (multi-platform) or one manifest. */
const ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface RefreshIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: typeof fetch;
}

class RefreshError extends Error {}

function parseArgs(argv: readonly string[]): { file?: string; stack?: string; registry: string } {
  const out: { file?: string; stack?: string; registry: string } = {
    registry: "https://registry-1.docker.io",
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new RefreshError(`${argv[i - 1]} needs a value`);
      return v;
    };
    if (argv[i] === "--stack") out.stack = value();
    else if (argv[i] === "--config") out.file = value();
    else if (argv[i] === "--registry") out.registry = value().replace(/\/+$/, "");
    else throw new RefreshError(`unknown argument ${argv[i]}`);
  }
  if (!out.file === !out.stack) throw new RefreshError("give one of --stack and --config");
  if (out.stack && !/^[A-Za-z0-9_.-]+$/.test(out.stack)) throw new RefreshError("not a stack name");
  return out;
}

const loopback = (u: URL) => u.hostname === "127.0.0.1" || u.hostname === "[::1]";

/** The Bearer token the registry's challenge points to. */
async function bearer(challenge: string, registry: URL, f: typeof fetch): Promise<string> {
  const params = new Map<string, string>();
  for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1].toLowerCase(), m[2]);
  if (!/^Bearer\s/i.test(challenge) || !params.get("realm"))
    throw new RefreshError("the registry asked for credentials this script does not send");
  const realm = new URL(params.get("realm") as string);
  const allowed =
    realm.protocol === "https:" || (loopback(realm) && realm.origin === registry.origin);
  if (!allowed) throw new RefreshError("the registry's token realm is not https");
  for (const k of ["service", "scope"]) {
    const v = params.get(k);
    if (v !== undefined) realm.searchParams.set(k, v);
  }
  const r = await f(realm, { redirect: "error" });
  if (!r.ok) throw new RefreshError(`the token realm answered ${r.status}`);
  const body = (await r.json()) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === "string" ? body.token : body.access_token;
  if (typeof token !== "string" || !token) throw new RefreshError("the token realm gave no token");
  return token;
}

/** sha256 of the tag's manifest, as the registry serves it. */
export async function readDigest(registryUrl: string, f: typeof fetch = fetch): Promise<string> {
  const registry = new URL(registryUrl);
  if (registry.protocol !== "https:" && !loopback(registry))
    throw new RefreshError("the registry must be https");
  const url = new URL(`/v2/${PULUMI_IMAGE_REPOSITORY}/manifests/${PULUMI_VERSION}`, registry);
  let r = await f(url, { headers: { accept: ACCEPT }, redirect: "error" });
  if (r.status === 401) {
    const token = await bearer(r.headers.get("www-authenticate") ?? "", registry, f);
    r = await f(url, {
      headers: { accept: ACCEPT, authorization: `Bearer ${token}` },
      redirect: "error",
    });
  }
  if (!r.ok) throw new RefreshError(`the registry answered ${r.status} for ${url.pathname}`);
  const bytes = Buffer.from(await r.arrayBuffer());
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const header = r.headers.get("docker-content-digest");
  if (header !== null && header !== digest)
    throw new RefreshError(
      `the registry's Docker-Content-Digest (${header.slice(0, 80)}) is not the sha256 of the manifest it sent (${digest})`,
    );
  if (!SHA256_DIGEST.test(digest)) throw new RefreshError("not a sha256 digest");
  return digest;
}

export async function main(argv: readonly string[], io: RefreshIo, root = process.cwd()) {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const file = args.file ?? path.join(root, `Pulumi.${args.stack}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    io.stderr(`error: cannot read ${file}\n`);
    return 2;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    io.stderr(`error: ${file} is not valid YAML\n`);
    return 1;
  }
  let digest: string;
  try {
    digest = await readDigest(args.registry, io.fetch ?? fetch);
  } catch (e) {
    io.stderr(
      `error: ${e instanceof RefreshError ? e.message : `cannot reach the registry (${(e as Error).message})`}; ${file} was not changed\n`,
    );
    return 1;
  }
  const before = doc.getIn(["config", "secure-org:images", "pulumi", "digest"]);
  doc.setIn(
    ["config", "secure-org:images", "pulumi"],
    doc.createNode({ tag: PULUMI_VERSION, digest }),
  );
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  io.stdout(
    `${file}: secure-org:images.pulumi = ${PULUMI_IMAGE_REPOSITORY}:${PULUMI_VERSION} @ ${digest}` +
      (typeof before === "string" && before !== digest ? ` (was ${before})` : "") +
      "\n",
  );
  return 0;
}

if (require.main === module)
  void main(process.argv.slice(2), {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  }).then(exitAfterFlush);
