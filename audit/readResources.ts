/**
 * The audit's reads of what the bootstrap writes on each declared stack and environment (issue 25):
 * webhooks (`ListOrganizationWebhooks`, `ListStackWebhooks`, `ListWebhooks_esc_environments`), the
 * stacks' direct collaborators (`ListStackPermissions`) and tags (`GetStack`). One request per
 * declared stack and kind, plus one per registered environment and one for the organization, so the
 * count grows linearly with the config (docs/audit.md, "Requests per run"). A declared stack or
 * environment that does not exist (404) is skipped: the stack and environment sections report it.
 */
import { AccessModel, registeredEnvironments } from "../model/access";
import { PulumiCloudClient, PulumiCloudError } from "../cloud/client";
import { pool } from "../cloud/pool";
import { getStack, listStackCollaborators } from "../cloud/orgReads";
import type { LiveWebhook } from "../kinds/live";
import { readWebhooks as readLiveWebhooks } from "../kinds/read";
import type { LiveCollaborators, LiveStackTags } from "./compare";

/** Undefined on 404 (the stack or environment does not exist). */
async function unless404<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PulumiCloudError && e.status === 404) return undefined;
    throw e;
  }
}

const uniqueStacks = (model: AccessModel) => [
  ...new Map(model.stacks.map((s) => [`${s.project}/${s.stack}`, s])).values(),
];

/**
 * The organization's webhooks and those of every declared stack and of every environment the
 * bootstrap registers (tier, login and break-glass environments: model/access/environments.ts),
 * through the reader adopt shares (kinds/read.ts).
 */
export async function readWebhooks(
  cloud: PulumiCloudClient,
  model: AccessModel,
  concurrency: number,
  live?: readonly { project: string; name: string }[],
): Promise<LiveWebhook[]> {
  // Only those that exist, when the environment list was read: the spec gives the environment
  // webhooks read no 404, and a missing environment is the environments section's finding.
  const exists = live && new Set(live.map((e) => `${e.project}/${e.name}`));
  const environments = registeredEnvironments(model).filter(
    (e) => !exists || exists.has(`${e.project}/${e.name}`),
  );
  return readLiveWebhooks(
    cloud,
    model.organization,
    { stacks: uniqueStacks(model), environments },
    { concurrency, missing: "skip" },
  );
}

/** The direct (per-user) permissions on every declared stack that exists. */
export async function readCollaborators(
  cloud: PulumiCloudClient,
  model: AccessModel,
  concurrency: number,
): Promise<LiveCollaborators[]> {
  const org = model.organization;
  const read = await pool(uniqueStacks(model), concurrency, async (s) => {
    const c = await unless404(() => listStackCollaborators(cloud, org, s.project, s.stack));
    if (!c) return [];
    return [
      {
        project: s.project,
        stack: s.stack,
        ...(c.stackCreatorUserName ? { creator: c.stackCreatorUserName } : {}),
        users: (c.users ?? []).map((u) => ({
          login: u.user.githubLogin || u.user.name,
          permission: u.permission,
        })),
      },
    ];
  });
  return read.flat();
}

/** The tags of every declared stack that exists. */
export async function readStackTags(
  cloud: PulumiCloudClient,
  model: AccessModel,
  concurrency: number,
): Promise<LiveStackTags[]> {
  const org = model.organization;
  const read = await pool(uniqueStacks(model), concurrency, async (s) => {
    const info = await unless404(() => getStack(cloud, org, s.project, s.stack));
    // Tag names are data: a null-prototype object, so `__proto__` is a tag like any other.
    const tags = Object.assign(Object.create(null) as Record<string, string>, info?.tags ?? {});
    return info ? [{ project: s.project, stack: s.stack, tags }] : [];
  });
  return read.flat();
}
