/** Webhooks: the organization's, a stack's or an environment's notification hooks. */
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import type { LiveWebhook } from "./live";
import { readWebhooks } from "./read";
import type { ManagedArea, ManagedType } from "./types";

type Scope = { project: string; stack: string } | { project: string; environment: string };

/** `{org}/{name}`, `{org}/{project}/{stack}/{name}` or `{org}/environment/{project}/{env}/{name}`. */
export const webhookId = (org: string, name: string, scope?: Scope) =>
  !scope
    ? parts("/", [org, name], "Webhook")
    : "stack" in scope
      ? parts("/", [org, scope.project, scope.stack, name], "Webhook")
      : parts("/", [org, "environment", scope.project, scope.environment, name], "Webhook");

const scopeOf = (w: LiveWebhook): Scope | undefined =>
  w.scope.kind === "stack"
    ? { project: w.scope.project, stack: w.scope.stack }
    : w.scope.kind === "environment"
      ? { project: w.scope.project, environment: w.scope.environment }
      : undefined;

export const webhook: ManagedType = {
  token: "pulumiservice:index:Webhook",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/orgs/{orgName}/hooks",
      "GET /api/stacks/{orgName}/{projectName}/{stackName}/hooks",
      "GET /api/esc/environments/{orgName}/{projectName}/{envName}/hooks",
    ],
    codes: ["webhook-missing", "webhook-changed", "webhook-undeclared"],
    severity:
      "medium (deleted, disabled, pointed elsewhere, fewer events, format, secret: a detective control lost), low",
  },
  importId: {
    format:
      "{organization}/{name} | {organization}/{project}/{stack}/{name} | " +
      "{organization}/environment/{project}/{environment}/{name}",
    source: `${PS}webhook.go (Read, splitWebhookID); {name} is the service's webhook name`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS_COSTS}/resources/webhook.go Create/Update/Read (CreateWebhook, UpdateWebhook, GetWebhook)`,
  ),
  replaces: ["organizationName", "projectName", "stackName", "environmentName"],
  lookup: (r, i, ctx) => {
    // Display names are not unique: of the hooks with this one in this scope, the first not
    // imported already, the one with the declared URL first.
    const hook = ctx.live.webhooks
      .filter(
        (w) =>
          w.name !== "" &&
          w.displayName === i.displayName &&
          (w.scope.kind === "organization"
            ? !i.projectName
            : w.scope.kind === "stack"
              ? w.scope.project === i.projectName && w.scope.stack === i.stackName
              : w.scope.project === i.projectName && w.scope.environment === i.environmentName) &&
          !ctx.taken?.has(`${r.type}\u0000${webhookId(ctx.org, w.name, scopeOf(w))}`),
      )
      .sort(
        (a, b) => Number(b.payloadUrl === i.payloadUrl) - Number(a.payloadUrl === i.payloadUrl),
      )[0];
    if (!hook) return undefined;
    return {
      id: webhookId(ctx.org, hook.name, scopeOf(hook)),
      match: { organizationName: ctx.org, displayName: hook.displayName },
      live: {
        payloadUrl: hook.payloadUrl,
        format: hook.format,
        active: hook.active,
        filters: hook.filters.length ? [...hook.filters] : null,
        groups: hook.groups.length ? [...hook.groups] : null,
      },
    };
  },
};

export const webhooks: ManagedArea = {
  name: "webhooks",
  summary: "notification webhooks of the organization, its stacks and its environments",
  types: [webhook],
  live: {
    reads: "the organization's webhooks and those of each stack and environment given",
    read: readWebhooks,
  },
  audit: ["webhooks"],
  propose: "adopt/extras.ts",
};
