/**
 * What the OrgDefaults specs share: the declarations and values they compare against, and
 * `useOrgDefaults()`, which sets up a stateful fake of organization "acme" on a local Pulumi Cloud
 * stand-in (GET metadata, PATCH settings), the access token and backend URL in the environment,
 * and Pulumi's mocks (recording every registration), then imports components/orgDefaults.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type * as OrgDefaultsModule from "../../components/orgDefaults";
import type { OrgDefaultsInputs } from "../../components/orgDefaults";
import { MockCloud, RecordedRequest, Responder } from "./mockCloud";

export const TOKEN = "pul-fedcba9876543210fedcba9876543210fedcba98";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What the org looks like before secure-org touches it. */
export const INITIAL = {
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

export const DECLARED: OrgDefaultsInputs = {
  organization: "acme",
  stackPermission: "none",
  environmentPermission: "none",
  membersCanCreateStacks: false,
  membersCanDeleteStacks: false,
  membersCanCreateTeams: false,
  maxAccessTokenExpiryDays: 90,
};

/** The same declaration without a token expiry policy (not managed). */
export const DECLARED_NO_DAYS: OrgDefaultsInputs = { ...DECLARED };
delete DECLARED_NO_DAYS.maxAccessTokenExpiryDays;

export const PREVIOUS = {
  stackPermission: "write",
  environmentPermission: "open",
  membersCanCreateStacks: true,
  membersCanDeleteStacks: true,
  membersCanCreateTeams: true,
  maxAccessTokenExpiryDays: 0,
};

/** Where the fake keeps the one setting the API accepts but never reports. */
export const HIDDEN_INVITE = "\u0000membersCanInviteCollaborators";

/** The PATCH field that sets each metadata field. */
const SET_TO_GET = new Map<string, string>([
  ["setDefaultStackPermission", "defaultStackPermission"],
  ["setDefaultEnvironmentPermission", "defaultEnvironmentPermission"],
  ["setMembersCanCreateStacks", "membersCanCreateStacks"],
  ["setMembersCanDeleteStacks", "membersCanDeleteStacks"],
  ["setMembersCanCreateTeams", "membersCanCreateTeams"],
  ["setMaxAccessTokenExpiryDays", "maxAccessTokenExpiryDays"],
  ["setMembersCanTransferStacks", "membersCanTransferStacks"],
  ["setMembersCanCreateAccounts", "membersCanCreateAccounts"],
  ["setDefaultAccountPermission", "defaultAccountPermission"],
  ["setDefaultDeploymentRoleId", "defaultDeploymentRoleId"],
  // Settable but not part of OrganizationMetadata (as in the OpenAPI spec): kept out of GET.
  ["setMembersCanInviteCollaborators", HIDDEN_INVITE],
]);

/** Mocks that record every registration and answer with the inputs plus a previous state. */
function installMocks(registered: pulumi.runtime.MockResourceArgs[]): Promise<void> {
  return pulumi.runtime.setMocks(
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
}

/** The org as GET metadata reports it (without what the API does not report). */
const reported = (org: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(org).filter(([k]) => k !== HIDDEN_INVITE));

/** Answers GET metadata and PATCH settings of org "acme" from (and into) `org`. */
function fakeOrgResponder(org: Record<string, unknown>): Responder {
  return (req) => {
    if (req.method === "GET" && req.path === "/api/orgs/acme/metadata")
      return { status: 200, body: reported(org) };
    if (req.method === "PATCH" && req.path === "/api/orgs/acme") {
      for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
        const key = SET_TO_GET.get(k);
        if (!key) return { status: 400, body: { code: 400, message: `unknown field ${k}` } };
        if (key === "maxAccessTokenExpiryDays" && v === 0) delete org[key];
        else org[key] = v;
      }
      return { status: 200, body: reported(org) };
    }
    return { status: 404, body: { code: 404, message: "Organization not found" } };
  };
}

/**
 * Call at the top of a `describe`: registers its hooks (the fake org is reset before each test)
 * and returns the fake and helpers. `org` is the fake org's state; `fakeOrg` refills that same
 * object. `mod()` is the imported module, available from the first `before` hook on.
 */
export function useOrgDefaults() {
  const cloud = new MockCloud();
  const org: Record<string, unknown> = {};
  let mod: typeof OrgDefaultsModule;
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const savedEnv = {
    token: process.env.PULUMI_ACCESS_TOKEN,
    url: process.env.PULUMI_BACKEND_URL,
  };

  /** A stateful fake of org "acme": GET metadata, PATCH settings (0 days clears the policy). */
  const fakeOrg = (initial: Record<string, unknown> = INITIAL) => {
    for (const k of Object.keys(org)) delete org[k];
    Object.assign(org, structuredClone(initial));
    cloud.respond(fakeOrgResponder(org));
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
    await installMocks(registered);
    mod = await import("../../components/orgDefaults");
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

  return {
    cloud,
    org,
    registered,
    mod: () => mod,
    fakeOrg,
    provider,
    create,
    assertHeaders,
    patches,
  };
}
