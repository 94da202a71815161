/**
 * OrgDefaults: the provider's check, create, diff and read, called directly against a fake
 * organization on a local HTTP server (update, delete and the pure helpers:
 * test/components/orgDefaultsLifecycle.spec.ts; registration and the serialized provider:
 * test/components/orgDefaultsSerialized.spec.ts).
 *
 * Not proven here: that api.pulumi.com accepts these PATCH bodies and reads them back under these
 * names (they come from the OpenAPI spec), that `setMaxAccessTokenExpiryDays: 0` clears the policy
 * on the live service, nor the engine's own calls (check/diff/create order, refresh) — no engine
 * runs in these tests.
 */
import assert from "node:assert/strict";
import type * as OrgDefaultsModule from "../components/orgDefaults";
import type { OrgDefaultsInputs } from "../components/orgDefaults";
import { MockCloud, rejection } from "./support/mockCloud";
import {
  DECLARED,
  DECLARED_NO_DAYS,
  INITIAL,
  PREVIOUS,
  TOKEN,
  UNKNOWN,
  useOrgDefaults,
} from "./support/orgDefaults";

describe("OrgDefaults", () => {
  const h = useOrgDefaults();
  const { cloud, org, fakeOrg, provider, create, assertHeaders, patches } = h;
  let mod: typeof OrgDefaultsModule;
  before(() => {
    mod = h.mod();
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
});
