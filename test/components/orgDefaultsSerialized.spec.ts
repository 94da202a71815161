/**
 * OrgDefaults: the resource's registration under mocks, and the provider as Pulumi serializes it,
 * run in a fresh Node process against a fake organization on a local HTTP server.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type * as OrgDefaultsModule from "../../components/orgDefaults";
import type { OrgDefaultsOutputs } from "../../components/orgDefaults";
import { DECLARED, INITIAL, PREVIOUS, TOKEN, useOrgDefaults } from "../support/orgDefaults";

describe("OrgDefaults", () => {
  const h = useOrgDefaults();
  const { cloud, org, registered, assertHeaders } = h;
  let mod: typeof OrgDefaultsModule;
  before(() => {
    mod = h.mod();
  });

  describe("resource registration (mocks) and the serialized provider", () => {
    let providerText: string;
    let res: OrgDefaultsModule.OrgDefaults;

    before(async () => {
      res = new mod.OrgDefaults("org-defaults", {
        organization: "acme",
        stackPermission: "none",
        environmentPermission: pulumi.output("none" as const),
        membersCanCreateStacks: false,
        membersCanDeleteStacks: false,
        membersCanCreateTeams: false,
        maxAccessTokenExpiryDays: 90,
      });
      await new Promise((resolve) => res.urn.apply(resolve));
    });

    it("registers a pulumi-nodejs:dynamic:Resource with the declared fields and __provider", () => {
      const [args] = registered.filter((r) => r.name === "org-defaults");
      assert.equal(args.type, "pulumi-nodejs:dynamic:Resource");
      assert.equal(typeof args.inputs.__provider, "string");
      providerText = args.inputs.__provider as string;
      const rest = { ...(args.inputs as Record<string, unknown>) };
      delete rest.__provider;
      assert.deepEqual(rest, {
        organization: "acme",
        stackPermission: "none",
        environmentPermission: "none",
        membersCanCreateStacks: false,
        membersCanDeleteStacks: false,
        membersCanCreateTeams: false,
        maxAccessTokenExpiryDays: 90,
      });
    });

    it("exposes the outputs, previous included", async () => {
      const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
      assert.deepEqual(await value(res.previous), PREVIOUS);
      assert.equal(await value(res.stackPermission), "none");
      assert.equal(await value(res.maxAccessTokenExpiryDays), 90);
      assert.equal(await value(res.id), "acme");
    });

    it("captures neither the token nor the backend URL", () => {
      assert.ok(providerText.length > 0);
      assert.ok(!providerText.includes(TOKEN));
      assert.ok(!providerText.includes(new URL(cloud.url).host));
    });

    describe("run in a fresh Node process, as the dynamic provider host does", () => {
      let dir: string;
      const run = async (op: string, args: unknown[], env: Record<string, string> = {}) => {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [join(dir, "runner.js"), join(dir, "provider.js"), op, JSON.stringify(args)],
          {
            env: {
              PATH: process.env.PATH ?? "",
              PULUMI_ACCESS_TOKEN: TOKEN,
              PULUMI_BACKEND_URL: cloud.url,
              ...env,
            },
          },
        );
        return JSON.parse(stdout) as {
          ok?: unknown;
          error?: { name: string; message: string; stack: string; status: number };
        };
      };

      before(() => {
        dir = mkdtempSync(join(tmpdir(), "org-defaults-"));
        writeFileSync(join(dir, "provider.js"), providerText);
        writeFileSync(
          join(dir, "runner.js"),
          [
            "const [file, op, args] = process.argv.slice(2);",
            "const provider = require(file).handler();",
            "provider[op](...JSON.parse(args)).then(",
            "  (r) => process.stdout.write(JSON.stringify({ ok: r ?? null })),",
            "  (e) => process.stdout.write(JSON.stringify({ error: { name: e.name, message: e.message, stack: String(e.stack), status: e.status } })),",
            ");",
          ].join("\n"),
        );
      });
      after(() => rmSync(dir, { recursive: true, force: true }));

      it("create then delete round-trips the org", async () => {
        const created = await run("create", [DECLARED]);
        assert.deepEqual(created, {
          ok: { id: "acme", outs: { ...DECLARED, previous: PREVIOUS } },
        });
        const outs = (created.ok as { outs: OrgDefaultsOutputs }).outs;
        assert.deepEqual(await run("delete", ["acme", outs]), { ok: null });
        assert.deepEqual(cloud.calls(), [
          "GET /api/orgs/acme/metadata",
          "PATCH /api/orgs/acme",
          "GET /api/orgs/acme/metadata",
          "PATCH /api/orgs/acme",
        ]);
        cloud.requests.forEach(assertHeaders);
        assert.deepEqual(org, INITIAL);
      });

      it("errors keep their class, message and stack, without the token", async () => {
        cloud.respond(() => ({ status: 403, body: { code: 403, message: "Forbidden" } }));
        const { error } = await run("create", [DECLARED]);
        assert.equal(error?.name, "PulumiCloudError");
        assert.equal(error?.status, 403);
        assert.equal(
          error?.message,
          "forbidden: the token's identity is not allowed to read organization settings " +
            "(GET /api/orgs/acme/metadata): Forbidden. Use a token of an identity that has this " +
            "permission",
        );
        assert.match(error!.stack, /^PulumiCloudError: forbidden: /);
        assert.ok(!JSON.stringify(error).includes(TOKEN));
      });

      it("check and diff work without any network or token", async () => {
        const checked = await run("check", [{}, DECLARED], { PULUMI_ACCESS_TOKEN: "" });
        assert.deepEqual(checked, { ok: { inputs: DECLARED, failures: [] } });
        const diffed = await run("diff", ["acme", { ...DECLARED, previous: PREVIOUS }, DECLARED]);
        assert.deepEqual(diffed, {
          ok: { changes: false, replaces: [], deleteBeforeReplace: true },
        });
        assert.equal(cloud.requests.length, 0);
      });
    });
  });
});
