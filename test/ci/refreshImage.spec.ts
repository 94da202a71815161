/**
 * `npm run refresh-image` against a registry the test starts on 127.0.0.1: the digest written is
 * the sha256 of the manifest bytes served for the pinned tag, reached through the Bearer challenge;
 * a disagreeing Docker-Content-Digest, a non-https realm or an error status writes nothing.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { PULUMI_IMAGE_REPOSITORY, PULUMI_VERSION } from "../../model/imagePins";
import { main } from "../../scripts/refresh-image";

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [],
});
const SHA = `sha256:${createHash("sha256").update(MANIFEST).digest("hex")}`;
const STACK = "# keep this comment\nconfig:\n  secure-org:organization: acme\n";

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

describe("npm run refresh-image: the Pulumi image's digest from its registry", () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let dir: string;
  let file: string;
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
      handler(req, res, base);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-refresh-"));
    file = path.join(dir, "Pulumi.demo.yaml");
    writeFileSync(file, STACK);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const registry = (opts: { header?: string; realm?: (b: string) => string; status?: number }) =>
    ((req, res, b) => {
      if (req.url?.startsWith("/token")) {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ token: "t0k" }));
        return;
      }
      if (req.url !== `/v2/${PULUMI_IMAGE_REPOSITORY}/manifests/${PULUMI_VERSION}`) {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (req.headers.authorization !== "Bearer t0k") {
        res.statusCode = 401;
        res.setHeader(
          "www-authenticate",
          `Bearer realm="${opts.realm ? opts.realm(b) : `${b}/token`}",service="registry.test",scope="repository:${PULUMI_IMAGE_REPOSITORY}:pull"`,
        );
        res.end();
        return;
      }
      res.statusCode = opts.status ?? 200;
      if (opts.header) res.setHeader("docker-content-digest", opts.header);
      res.end(MANIFEST);
    }) as Handler;

  const run = async () => {
    let out = "";
    let err = "";
    const code = await main(["--config", file, "--registry", base], {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
    });
    return { code, out, err };
  };

  it("writes the sha256 of the manifest bytes and the tag, keeping the file's comments", async () => {
    handler = registry({ header: SHA });
    const r = await run();
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(file, "utf8");
    assert.ok(text.startsWith("# keep this comment\n"));
    const doc = parse(text) as { config: Record<string, unknown> };
    assert.deepEqual(doc.config["secure-org:images"], {
      pulumi: { tag: PULUMI_VERSION, digest: SHA },
    });
    assert.match(
      seen.find((s) => s.startsWith("GET /token")) ?? "",
      /service=registry\.test&scope=repository%3Apulumi%2Fpulumi-nodejs%3Apull/,
    );
    assert.ok(seen.some((s) => s.endsWith("Bearer t0k")));
  });

  it("refuses a Docker-Content-Digest that is not the sha256 of the bytes, writing nothing", async () => {
    handler = registry({ header: `sha256:${"0".repeat(64)}` });
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.err, /is not the sha256 of the manifest it sent/);
    assert.equal(readFileSync(file, "utf8"), STACK);
  });

  it("refuses a token realm that is not https (nor the registry's own loopback origin)", async () => {
    handler = registry({ realm: () => "http://example.invalid/token" });
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.err, /token realm is not https/);
    assert.ok(!seen.some((s) => s.includes("/token")));
    assert.equal(readFileSync(file, "utf8"), STACK);
  });

  it("an error status writes nothing", async () => {
    handler = registry({ status: 500 });
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.err, /answered 500/);
    assert.equal(readFileSync(file, "utf8"), STACK);
  });

  it("refuses a plain-http registry that is not loopback, and bad arguments", async () => {
    let err = "";
    const io = { stdout: () => undefined, stderr: (t: string) => void (err += t) };
    assert.equal(await main(["--config", file, "--registry", "http://registry.example"], io), 1);
    assert.match(err, /the registry must be https/);
    assert.equal(await main(["--registry", base], io), 2);
    assert.equal(await main(["--stack", "../x", "--registry", base], io), 2);
    assert.equal(readFileSync(file, "utf8"), STACK);
  });
});
