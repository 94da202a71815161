/**
 * OrgDefaults: the provider functions called directly against a fake organization on a local HTTP
 * server, the pure helpers, the resource's registration under mocks, and the provider as Pulumi
 * serializes it, run in a fresh Node process.
 *
 * Not proven here: that api.pulumi.com accepts these PATCH bodies and reads them back under these
 * names (they come from the OpenAPI spec), that `setMaxAccessTokenExpiryDays: 0` clears the policy
 * on the live service, nor the engine's own calls (check/diff/create order, refresh) — no engine
 * runs in these tests.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type * as OrgDefaultsModule from "../components/orgDefaults";
import type { OrgDefaultsInputs, OrgDefaultsOutputs } from "../components/orgDefaults";
import { MockCloud, RecordedRequest, rejection } from "./support/mockCloud";

const TOKEN = "pul-fedcba9876543210fedcba9876543210fedcba98";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What the org looks like before secure-org touches it. */
const INITIAL = {
  id: "org-id-1",
  kind: "pulumi",
  userRole: "admin",
  defaultStackPermission: 102,
  defaultEnvironmentPermission: "open",
  membersCanCreateStacks: true,
  membersCanDeleteStacks: true,
  membersCanTransferStacks: true,
  membersCanCreateTeams: true,
  memberCount: 3,
  features: { accessTokenExpiryPolicyEnabled: true },
};

const DECLARED: OrgDefaultsInputs = {
  organization: "acme",
  stackPermission: "none",
  environmentPermission: "none",
  membersCanCreateStacks: false,
  membersCanDeleteStacks: false,
  membersCanCreateTeams: false,
  maxAccessTokenExpiryDays: 90,
};

/** The same declaration without a token expiry policy (not managed). */
const DECLARED_NO_DAYS: OrgDefaultsInputs = { ...DECLARED };
delete DECLARED_NO_DAYS.maxAccessTokenExpiryDays;

const PREVIOUS = {
  stackPermission: "write",
  environmentPermission: "open",
  membersCanCreateStacks: true,
  membersCanDeleteStacks: true,
  membersCanCreateTeams: true,
  maxAccessTokenExpiryDays: 0,
};

const SET_TO_GET: Record<string, string> = {
  setDefaultStackPermission: "defaultStackPermission",
  setDefaultEnvironmentPermission: "defaultEnvironmentPermission",
  setMembersCanCreateStacks: "membersCanCreateStacks",
  setMembersCanDeleteStacks: "membersCanDeleteStacks",
  setMembersCanCreateTeams: "membersCanCreateTeams",
  setMaxAccessTokenExpiryDays: "maxAccessTokenExpiryDays",
};

describe("OrgDefaults", () => {
  const cloud = new MockCloud();
  let org: Record<string, unknown>;
  let mod: typeof OrgDefaultsModule;
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const savedEnv = {
    token: process.env.PULUMI_ACCESS_TOKEN,
    url: process.env.PULUMI_BACKEND_URL,
  };

  /** A stateful fake of org "acme": GET metadata, PATCH settings (0 days clears the policy). */
  const fakeOrg = (initial: Record<string, unknown> = INITIAL) => {
    org = structuredClone(initial);
    cloud.respond((req) => {
      if (req.method === "GET" && req.path === "/api/orgs/acme/metadata")
        return { status: 200, body: org };
      if (req.method === "PATCH" && req.path === "/api/orgs/acme") {
        for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
          const key = SET_TO_GET[k];
          if (!key) return { status: 400, body: { code: 400, message: `unknown field ${k}` } };
          if (key === "maxAccessTokenExpiryDays" && v === 0) delete org[key];
          else org[key] = v;
        }
        return { status: 200, body: org };
      }
      return { status: 404, body: { code: 404, message: "Organization not found" } };
    });
  };

  const provider = () => mod.orgDefaultsProvider;
  const create = (inputs: OrgDefaultsInputs) => provider().create(inputs);

  const assertHeaders = (req: RecordedRequest) => {
    assert.equal(req.headers.authorization, `token ${TOKEN}`);
    assert.equal(req.headers.accept, "application/vnd.pulumi+8");
    assert.equal(
      req.headers["content-type"],
      req.method === "PATCH" ? "application/json" : undefined,
    );
  };
  const patches = () => cloud.requests.filter((r) => r.method === "PATCH").map((r) => r.body);

  before(async () => {
    await cloud.start();
    process.env.PULUMI_ACCESS_TOKEN = TOKEN;
    process.env.PULUMI_BACKEND_URL = cloud.url;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          return {
            id: String(args.inputs.organization),
            state: { ...args.inputs, previous: PREVIOUS },
          };
        },
        call: (args) => args.inputs,
      },
      "secure-org",
      "test",
      false,
    );
    mod = await import("../components/orgDefaults");
  });

  after(async () => {
    await cloud.stop();
    for (const [key, value] of [
      ["PULUMI_ACCESS_TOKEN", savedEnv.token],
      ["PULUMI_BACKEND_URL", savedEnv.url],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  beforeEach(() => {
    process.env.PULUMI_ACCESS_TOKEN = TOKEN;
    process.env.PULUMI_BACKEND_URL = cloud.url;
    cloud.reset();
    fakeOrg();
  });

  describe("check", () => {
    it("accepts valid inputs and returns only the declared fields", async () => {
      const res = await provider().check!(
        {} as OrgDefaultsInputs,
        {
          ...DECLARED,
          previous: { x: 1 },
        } as unknown as OrgDefaultsInputs,
      );
      assert.deepEqual(res, { inputs: DECLARED, failures: [] });
      const noDays = { ...DECLARED, maxAccessTokenExpiryDays: undefined };
      assert.deepEqual((await provider().check!(noDays, noDays)).inputs, {
        organization: "acme",
        stackPermission: "none",
        environmentPermission: "none",
        membersCanCreateStacks: false,
        membersCanDeleteStacks: false,
        membersCanCreateTeams: false,
      });
    });

    it("reports every problem with its property", async () => {
      const bad = {
        organization: "acme corp",
        stackPermission: "write",
        environmentPermission: "open",
        membersCanCreateStacks: "no",
        membersCanDeleteStacks: false,
        maxAccessTokenExpiryDays: 400,
      } as unknown as OrgDefaultsInputs;
      const { failures } = await provider().check!(bad, bad);
      assert.deepEqual(failures, [
        {
          property: "organization",
          reason:
            "\"acme corp\" is not an organization login: use letters, digits and '-', starting " +
            "with a letter or digit, at most 40",
        },
        {
          property: "stackPermission",
          reason:
            '"write" is not allowed; use "none" or "read". A higher default would give every ' +
            "member of the organization that access to every stack; grant it through a team instead",
        },
        {
          property: "environmentPermission",
          reason:
            '"open" is not allowed; use "none" or "read". A higher default would give every ' +
            "member of the organization that access to every environment; grant it through a " +
            "team instead",
        },
        { property: "membersCanCreateStacks", reason: 'must be true or false, got "no"' },
        { property: "membersCanCreateTeams", reason: "must be true or false, got null" },
        {
          property: "maxAccessTokenExpiryDays",
          reason:
            "must be a whole number of days from 1 to 365, got 400; leave it out to not manage " +
            "the token expiry policy",
        },
      ]);
    });

    it("rejects 0, fractions and missing organization; skips unknown (preview) values", () => {
      assert.deepEqual(
        mod.checkOrgDefaults({ ...DECLARED, maxAccessTokenExpiryDays: 1.5 }).map((f) => f.property),
        ["maxAccessTokenExpiryDays"],
      );
      assert.deepEqual(
        mod.checkOrgDefaults({ ...DECLARED, maxAccessTokenExpiryDays: 0 }).map((f) => f.property),
        ["maxAccessTokenExpiryDays"],
      );
      assert.deepEqual(mod.checkOrgDefaults({ ...DECLARED, organization: undefined }), [
        { property: "organization", reason: "is required: the Pulumi Cloud organization login" },
      ]);
      assert.deepEqual(
        mod.checkOrgDefaults({
          ...DECLARED,
          organization: UNKNOWN,
          stackPermission: UNKNOWN,
          membersCanCreateTeams: UNKNOWN,
          maxAccessTokenExpiryDays: UNKNOWN,
        }),
        [],
      );
    });

    it("makes no API call", () => {
      assert.equal(cloud.requests.length, 0);
    });
  });

  describe("create", () => {
    it("reads the org, remembers the previous values and patches what differs", async () => {
      const res = await create(DECLARED);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata", "PATCH /api/orgs/acme"]);
      cloud.requests.forEach(assertHeaders);
      assert.equal(cloud.requests[0].body, undefined);
      assert.deepEqual(cloud.requests[1].body, {
        setDefaultStackPermission: 0,
        setDefaultEnvironmentPermission: "none",
        setMembersCanCreateStacks: false,
        setMembersCanDeleteStacks: false,
        setMembersCanCreateTeams: false,
        setMaxAccessTokenExpiryDays: 90,
      });
      assert.deepEqual(res, { id: "acme", outs: { ...DECLARED, previous: PREVIOUS } });
      assert.equal(org.defaultStackPermission, 0);
      assert.equal(org.maxAccessTokenExpiryDays, 90);
    });

    it("patches only the fields that differ, and maps read to 101", async () => {
      fakeOrg({ ...INITIAL, defaultStackPermission: 0, membersCanCreateTeams: false });
      const res = await create({ ...DECLARED, stackPermission: "read" });
      assert.deepEqual(patches(), [
        {
          setDefaultStackPermission: 101,
          setDefaultEnvironmentPermission: "none",
          setMembersCanCreateStacks: false,
          setMembersCanDeleteStacks: false,
          setMaxAccessTokenExpiryDays: 90,
        },
      ]);
      assert.deepEqual(res.outs!.previous, {
        ...PREVIOUS,
        stackPermission: "none",
        membersCanCreateTeams: false,
      });
    });

    it("sends no PATCH when the org already matches (idempotent re-apply)", async () => {
      await create(DECLARED);
      cloud.reset();
      const again = await create(DECLARED);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata"]);
      assert.deepEqual(again.outs!.previous, {
        stackPermission: "none",
        environmentPermission: "none",
        membersCanCreateStacks: false,
        membersCanDeleteStacks: false,
        membersCanCreateTeams: false,
        maxAccessTokenExpiryDays: 90,
      });
    });

    it("leaves the token expiry policy alone when it is not declared", async () => {
      const rest = DECLARED_NO_DAYS;
      const res = await create(rest);
      const [body] = patches() as Record<string, unknown>[];
      assert.ok(!("setMaxAccessTokenExpiryDays" in body));
      assert.deepEqual(Object.keys(res.outs!).sort(), [
        "environmentPermission",
        "membersCanCreateStacks",
        "membersCanCreateTeams",
        "membersCanDeleteStacks",
        "organization",
        "previous",
        "stackPermission",
      ]);
      assert.ok(!("maxAccessTokenExpiryDays" in res.outs!.previous));
    });

    it("403 on the PATCH names the missing permission; the token appears nowhere", async () => {
      cloud.respond((req) =>
        req.method === "GET"
          ? { status: 200, body: INITIAL }
          : { status: 403, body: { code: 403, message: "Forbidden" } },
      );
      const e = await rejection(create(DECLARED), TOKEN);
      assert.equal(
        e.message,
        "forbidden: update organization settings needs organization admin (PATCH /api/orgs/acme): " +
          "Forbidden. Use a token of an identity that has this permission",
      );
      assert.equal(cloud.requests.length, 2);
    });

    it("404 for an unknown org says not found with the path", async () => {
      const e = await rejection(create({ ...DECLARED, organization: "ghost" }), TOKEN);
      assert.match(
        e.message,
        /^not found: GET \/api\/orgs\/ghost\/metadata \(read organization settings\): Organization not found\./,
      );
    });

    it("without PULUMI_ACCESS_TOKEN fails before any request, naming the variable", async () => {
      delete process.env.PULUMI_ACCESS_TOKEN;
      const e = await rejection(create(DECLARED), TOKEN);
      assert.match(e.message, /^PULUMI_ACCESS_TOKEN is not set/);
      assert.equal(cloud.requests.length, 0);
    });

    it("reads PULUMI_BACKEND_URL when it runs", async () => {
      const other = await new MockCloud().start();
      try {
        other.script({ status: 200, body: { ...INITIAL, defaultStackPermission: 0 } });
        process.env.PULUMI_BACKEND_URL = other.url;
        const rest = DECLARED_NO_DAYS;
        await create({
          ...rest,
          environmentPermission: "open" as "none",
          membersCanCreateStacks: true,
          membersCanDeleteStacks: true,
          membersCanCreateTeams: true,
        });
        assert.deepEqual(other.calls(), ["GET /api/orgs/acme/metadata"]);
        assert.equal(cloud.requests.length, 0);
      } finally {
        await other.stop();
      }
    });
  });

  describe("diff", () => {
    const olds = { ...DECLARED, previous: PREVIOUS };

    it("compares declared inputs only", async () => {
      assert.deepEqual(await provider().diff!("acme", olds, DECLARED), {
        changes: false,
        replaces: [],
        deleteBeforeReplace: true,
      });
      const otherPrevious = { ...olds, previous: { stackPermission: "admin" } };
      assert.equal((await provider().diff!("acme", otherPrevious, DECLARED)).changes, false);
      assert.deepEqual(
        await provider().diff!("acme", olds, { ...DECLARED, membersCanCreateTeams: true }),
        { changes: true, replaces: [], deleteBeforeReplace: true },
      );
      assert.deepEqual(
        await provider().diff!("acme", olds, { ...DECLARED, maxAccessTokenExpiryDays: undefined }),
        { changes: true, replaces: [], deleteBeforeReplace: true },
      );
    });

    it("replaces (delete first) when the organization changes", async () => {
      assert.deepEqual(
        await provider().diff!("acme", olds, { ...DECLARED, organization: "acme-2" }),
        { changes: true, replaces: ["organization"], deleteBeforeReplace: true },
      );
    });

    it("treats an unknown value as a change and an unknown org as a replacement", () => {
      assert.equal(
        mod.diffOrgDefaults(olds, { ...DECLARED, stackPermission: UNKNOWN }).changes,
        true,
      );
      assert.deepEqual(mod.diffOrgDefaults(olds, { ...DECLARED, organization: UNKNOWN }).replaces, [
        "organization",
      ]);
    });

    it("shows drift found by read", async () => {
      const drifted = { ...olds, stackPermission: "write" };
      assert.equal((await provider().diff!("acme", drifted, DECLARED)).changes, true);
      assert.equal(cloud.requests.length, 0);
    });
  });

  describe("read", () => {
    it("returns the live values of the declared fields and keeps previous (drift shows)", async () => {
      const { outs } = await create(DECLARED);
      org.defaultStackPermission = 103;
      org.membersCanCreateTeams = true;
      delete org.maxAccessTokenExpiryDays;
      cloud.reset();
      const res = await provider().read!("acme", outs);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata"]);
      assertHeaders(cloud.requests[0]);
      assert.deepEqual(res, {
        id: "acme",
        props: {
          ...DECLARED,
          stackPermission: "admin",
          membersCanCreateTeams: true,
          maxAccessTokenExpiryDays: 0,
          previous: PREVIOUS,
        },
      });
    });

    it("on import (no stored state) reads the five always-declared fields", async () => {
      const res = await provider().read!("acme");
      assert.deepEqual(res, {
        id: "acme",
        props: {
          organization: "acme",
          stackPermission: "write",
          environmentPermission: "open",
          membersCanCreateStacks: true,
          membersCanDeleteStacks: true,
          membersCanCreateTeams: true,
          previous: {
            stackPermission: "write",
            environmentPermission: "open",
            membersCanCreateStacks: true,
            membersCanDeleteStacks: true,
            membersCanCreateTeams: true,
          },
        },
      });
    });
  });

  describe("update", () => {
    let state: OrgDefaultsOutputs;
    beforeEach(async () => {
      state = (await create(DECLARED)).outs!;
      cloud.reset();
    });

    it("patches only the changed field and keeps previous", async () => {
      const res = await provider().update!("acme", state, {
        ...DECLARED,
        membersCanCreateTeams: true,
      });
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata", "PATCH /api/orgs/acme"]);
      cloud.requests.forEach(assertHeaders);
      assert.deepEqual(patches(), [{ setMembersCanCreateTeams: true }]);
      assert.deepEqual(res, {
        outs: { ...DECLARED, membersCanCreateTeams: true, previous: PREVIOUS },
      });
    });

    it("sends no PATCH when nothing changed", async () => {
      const res = await provider().update!("acme", state, DECLARED);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata"]);
      assert.deepEqual(res, { outs: state });
    });

    it("puts back a value changed outside Pulumi (after a refresh)", async () => {
      org.defaultEnvironmentPermission = "admin";
      const refreshed = (await provider().read!("acme", state)).props!;
      cloud.reset();
      await provider().update!("acme", refreshed, DECLARED);
      assert.deepEqual(patches(), [{ setDefaultEnvironmentPermission: "none" }]);
    });

    it("a field declared later remembers its value then; one no longer declared is let go", async () => {
      const rest = DECLARED_NO_DAYS;
      fakeOrg({ ...INITIAL, maxAccessTokenExpiryDays: 30 });
      const first = (await create(rest)).outs!;
      assert.ok(!("maxAccessTokenExpiryDays" in first.previous));
      cloud.reset();

      const declared = (
        await provider().update!("acme", first, { ...rest, maxAccessTokenExpiryDays: 7 })
      ).outs!;
      assert.deepEqual(patches(), [{ setMaxAccessTokenExpiryDays: 7 }]);
      assert.equal(declared.previous.maxAccessTokenExpiryDays, 30);
      assert.equal(declared.maxAccessTokenExpiryDays, 7);
      cloud.reset();

      const released = (await provider().update!("acme", declared, rest)).outs!;
      assert.deepEqual(patches(), []);
      assert.ok(!("maxAccessTokenExpiryDays" in released));
      assert.ok(!("maxAccessTokenExpiryDays" in released.previous));
      assert.equal(org.maxAccessTokenExpiryDays, 7);
    });

    it("refuses an in-place change of organization", async () => {
      const e = await rejection(
        provider().update!("acme", state, { ...DECLARED, organization: "other" }),
        TOKEN,
      );
      assert.match(e.message, /cannot change in place/);
      assert.equal(cloud.requests.length, 0);
    });
  });

  describe("delete", () => {
    it("restores the previous values, and the org ends as it began", async () => {
      const { outs } = await create(DECLARED);
      cloud.reset();
      await provider().delete!("acme", outs!);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata", "PATCH /api/orgs/acme"]);
      cloud.requests.forEach(assertHeaders);
      assert.deepEqual(patches(), [
        {
          setDefaultStackPermission: 102,
          setDefaultEnvironmentPermission: "open",
          setMembersCanCreateStacks: true,
          setMembersCanDeleteStacks: true,
          setMembersCanCreateTeams: true,
          setMaxAccessTokenExpiryDays: 0,
        },
      ]);
      assert.deepEqual(org, INITIAL);
    });

    it("patches only the fields that differ from previous", async () => {
      const { outs } = await create(DECLARED);
      org.defaultStackPermission = 102;
      org.membersCanCreateStacks = true;
      cloud.reset();
      await provider().delete!("acme", outs!);
      assert.deepEqual(patches(), [
        {
          setDefaultEnvironmentPermission: "open",
          setMembersCanDeleteStacks: true,
          setMembersCanCreateTeams: true,
          setMaxAccessTokenExpiryDays: 0,
        },
      ]);
    });

    it("sends no PATCH when the org already holds the previous values", async () => {
      const { outs } = await create(DECLARED);
      await provider().delete!("acme", outs!);
      cloud.reset();
      await provider().delete!("acme", outs!);
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata"]);
    });

    it("makes no call when nothing was recorded", async () => {
      await provider().delete!("acme", { ...DECLARED, previous: {} });
      assert.equal(cloud.requests.length, 0);
    });
  });

  describe("pure helpers", () => {
    it("maps stack permissions both ways", () => {
      assert.deepEqual(
        ["none", "read", "write", "admin", "creator", "105"].map(mod.stackPermissionToApi),
        [0, 101, 102, 103, 104, 105],
      );
      assert.deepEqual([0, 101, 102, 103, 104, 105].map(mod.stackPermissionFromApi), [
        "none",
        "read",
        "write",
        "admin",
        "creator",
        "105",
      ]);
      assert.throws(() => mod.stackPermissionToApi("owner"), /unknown stack permission "owner"/);
    });

    it("buildPatch sends only differences, and 0 to clear the token policy", () => {
      assert.deepEqual(
        mod.buildPatch({ stackPermission: "read" }, { stackPermission: "read" }),
        {},
      );
      assert.deepEqual(
        mod.buildPatch(
          { maxAccessTokenExpiryDays: 0, membersCanCreateTeams: false },
          { maxAccessTokenExpiryDays: 30, membersCanCreateTeams: false },
        ),
        { setMaxAccessTokenExpiryDays: 0 },
      );
    });

    it("liveValues treats an absent or null expiry policy as 0", () => {
      const meta = { ...INITIAL, maxAccessTokenExpiryDays: null };
      assert.deepEqual(mod.liveValues(meta, ["maxAccessTokenExpiryDays", "stackPermission"]), {
        stackPermission: "write",
        maxAccessTokenExpiryDays: 0,
      });
    });
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
