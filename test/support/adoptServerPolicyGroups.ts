/** Policy group answers of the adopt stand-in (test/support/adoptServer.ts), in the spec's shapes. */
import type { LiveOrg } from "../../adopt/live";
import type { LivePolicyGroup } from "../../audit/compare";
import { MockResponse } from "./mockCloud";

/** What these answers read of the served organization (adoptServer.ts `World`). */
interface World {
  readonly policyGroups: LiveOrg["policyGroups"];
  readonly policyGroupDetails?: readonly LivePolicyGroup[];
}

const json = (status: number, body: unknown): MockResponse => ({ status, body });
const notFound = (what: string) => json(404, { code: 404, message: `${what} not found` });

/** The groups every organization has, never declared (as the audit's stand-in serves them). */
const DEFAULT_GROUPS = [
  { name: "default-policy-group", mode: "preventative", entityType: "stacks" },
  { name: "default-accounts-policy-group", mode: "audit", entityType: "accounts" },
] as const;

export function policyGroupList(w: World): MockResponse {
  return json(200, {
    policyGroups: [
      ...DEFAULT_GROUPS.map((g) => ({
        ...g,
        isOrgDefault: true,
        numStacks: 0,
        numAccounts: 0,
        numEnabledPolicyPacks: 0,
      })),
      ...w.policyGroups.map((g) => ({
        ...g,
        isOrgDefault: false,
        numStacks: 0,
        numAccounts: 0,
        numEnabledPolicyPacks: 0,
      })),
    ],
  });
}

export function policyGroup(w: World, seg: string[]): MockResponse {
  const g = w.policyGroups.find((x) => x.name === seg[4]);
  if (!g) return notFound(`policy group ${seg[4]}`);
  const d = w.policyGroupDetails?.find((x) => x.name === g.name);
  return json(200, {
    name: g.name,
    isOrgDefault: false,
    entityType: g.entityType,
    mode: g.mode,
    stacks: (d?.stacks ?? []).map((s) => ({ name: s.stack, routingProject: s.project })),
    appliedPolicyPacks: (d?.packs ?? []).map((p, i) => ({
      name: p.name,
      displayName: p.name,
      version: i + 1,
      versionTag: p.versionTag,
      ...(p.config ? { config: p.config } : {}),
    })),
    accounts: [],
  });
}
