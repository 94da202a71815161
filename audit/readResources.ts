/**
 * The audit's reads of what the bootstrap writes on each declared stack and environment (issue 25):
 * webhooks (`ListOrganizationWebhooks`, `ListStackWebhooks`, `ListWebhooks_esc_environments`), the
 * stacks' direct collaborators (`ListStackPermissions`) and tags (`GetStack`). One request per
 * declared stack and kind, plus one per declared environment and one for the organization, so the
 * count grows linearly with the config (docs/audit.md, "Requests per run"). A declared stack or
 * environment that does not exist (404) is skipped: the stack and environment sections report it.
 */
import { AccessModel } from "../model/access";
import { PulumiCloudClient, PulumiCloudError } from "../cloud/client";
import { pool } from "../cloud/pool";
import {
  getStack,
  listEnvironmentWebhooks,
  listOrgWebhooks,
  listStackCollaborators,
  listStackWebhooks,
} from "../cloud/orgReads";
import type { WebhookInfo } from "../cloud/orgReads";
import type { LiveWebhook } from "../kinds/live";
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

const uniqueEnvironments = (model: AccessModel) => [
  ...new Map(
    model.stacks.map((s) => [`${s.environment.project}/${s.environment.name}`, s.environment]),
  ).values(),
];

/** A webhook as read, in the live shape adopt reads too (kinds/live.ts `LiveWebhook`). */
export function liveWebhookOf(w: WebhookInfo, scope: LiveWebhook["scope"]): LiveWebhook {
  return {
    name: w.name ?? "",
    displayName: w.displayName ?? "",
    payloadUrl: w.payloadUrl ?? "",
    active: w.active === true,
    format: w.format ?? "raw",
    filters: w.filters ?? [],
    groups: w.groups ?? [],
    hasSecret: w.hasSecret === true,
    scope,
  };
}

/** The organization's webhooks and those of every declared stack and environment. */
export async function readWebhooks(
  cloud: PulumiCloudClient,
  model: AccessModel,
  concurrency: number,
): Promise<LiveWebhook[]> {
  const org = model.organization;
  const orgHooks = (await listOrgWebhooks(cloud, org)).map((w) =>
    liveWebhookOf(w, { kind: "organization" }),
  );
  const stackHooks = await pool(uniqueStacks(model), concurrency, async (s) =>
    ((await unless404(() => listStackWebhooks(cloud, org, s.project, s.stack))) ?? []).map((w) =>
      liveWebhookOf(w, { kind: "stack", project: s.project, stack: s.stack }),
    ),
  );
  const envHooks = await pool(uniqueEnvironments(model), concurrency, async (e) =>
    ((await unless404(() => listEnvironmentWebhooks(cloud, org, e.project, e.name))) ?? []).map(
      (w) => liveWebhookOf(w, { kind: "environment", project: e.project, environment: e.name }),
    ),
  );
  return [...orgHooks, ...stackHooks.flat(), ...envHooks.flat()];
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
