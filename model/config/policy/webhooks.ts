/** Policy for audit webhooks: a scope names a declared tier; groups or filters; deployment hooks. */
import { str } from "../view";
import { list, PolicyContext } from "./shared";

export function checkWebhooks({ v, err, tierByName }: PolicyContext): void {
  v.webhooks.forEach((w, wi) => {
    const base = `audit.webhooks[${wi}]`;
    const tierName = w.scope ? str(w.scope.tier) : undefined;
    if (tierName && !tierByName.has(tierName))
      err(
        `${base}.scope.tier`,
        `unknown tier "${tierName}"; declared tiers: ${list(new Set(tierByName.keys()))}`,
      );
    if (w.groups !== undefined && w.filters !== undefined)
      err(base, "set either groups or filters, not both");
    const hasUrl = w.url !== undefined;
    const hasSecretUrl = w.urlSecretConfigKey !== undefined;
    if (hasUrl === hasSecretUrl)
      err(
        `${base}.url`,
        hasUrl
          ? "set either url or urlSecretConfigKey, not both"
          : "is required: the endpoint's URL, or urlSecretConfigKey naming a secret config key that holds it",
      );
    if (w.format === "pulumi_deployments" && !w.scope)
      err(
        `${base}.format`,
        '"pulumi_deployments" webhooks trigger deployments and need a stack scope',
      );
  });
}
