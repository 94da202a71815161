/**
 * The GitLab unit's binding: the issuer and the stable ids its OIDC policies pin, from the project
 * tier's identity block, for the deploy or the preview identity (undefined when the block lacks it).
 */
import type { CiBinding, StackContext } from "../../access/types";

export function gitlabBinding(
  ctx: StackContext,
  purpose: "deploy" | "preview",
): CiBinding | undefined {
  const e = ctx.entry;
  const g = e.gitlab;
  if (!g) return undefined;
  return {
    system: "gitlab",
    issuer: g.url,
    projectId: g.projectId,
    namespaceId: g.namespaceId,
    ...(purpose === "deploy"
      ? { environment: ctx.tier.name, environmentProtected: ctx.tier.protected }
      : {}),
  };
}
