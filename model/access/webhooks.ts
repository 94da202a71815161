/**
 * Pulumi Cloud webhooks (`audit.webhooks`): organization-wide, or one per stack or environment of
 * the tier a webhook is scoped to.
 */
import { OrgConfig, WEBHOOK_GROUPS } from "../config";
import { StackSpec, WebhookSpec } from "./types";

/** The webhooks, in config order; a scoped webhook expands to the stacks of its tier, in order. */
export function buildWebhooks(config: OrgConfig, stacks: readonly StackSpec[]): WebhookSpec[] {
  const out: WebhookSpec[] = [];
  for (const w of config.audit.webhooks) {
    const base = {
      name: w.name,
      url: w.url,
      urlSecretConfigKey: w.urlSecretConfigKey,
      format: w.format,
      active: w.active,
      filters: w.filters,
      secretConfigKey: w.secretConfigKey,
    };
    if (!w.scope) {
      out.push({
        ...base,
        key: w.name,
        displayName: w.displayName ?? `secure-org ${w.name}`,
        scope: "organization",
        groups: w.filters ? undefined : (w.groups ?? [...WEBHOOK_GROUPS]),
      });
      continue;
    }
    for (const s of stacks.filter((x) => x.tier === w.scope?.tier)) {
      if (w.scope.kind === "stacks")
        out.push({
          ...base,
          key: `${w.name}/${s.project}/${s.stack}`,
          displayName: `secure-org ${w.name} ${s.project}/${s.stack}`,
          scope: "stack",
          projectName: s.project,
          stackName: s.stack,
          groups: w.filters ? undefined : (w.groups ?? ["stacks", "deployments"]),
        });
      else
        out.push({
          ...base,
          key: `${w.name}/${s.environment.project}/${s.environment.name}`,
          displayName: `secure-org ${w.name} ${s.environment.project}/${s.environment.name}`,
          scope: "environment",
          projectName: s.environment.project,
          environmentName: s.environment.name,
          groups: w.filters ? undefined : (w.groups ?? ["environments"]),
        });
    }
  }
  return out;
}
