/**
 * OrgDefaults: the provider's update and delete against a fake organization on a local HTTP
 * server, and the pure helpers.
 */
import assert from "node:assert/strict";
import type * as OrgDefaultsModule from "../../components/orgDefaults";
import type { OrgDefaultsOutputs } from "../../components/orgDefaults";
import { rejection } from "../support/mockCloud";
import {
  DECLARED,
  DECLARED_NO_DAYS,
  INITIAL,
  PREVIOUS,
  TOKEN,
  useOrgDefaults,
} from "../support/orgDefaults";

describe("OrgDefaults", () => {
  const h = useOrgDefaults();
  const { cloud, org, fakeOrg, provider, create, assertHeaders, patches } = h;
  let mod: typeof OrgDefaultsModule;
  before(() => {
    mod = h.mod();
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
});
