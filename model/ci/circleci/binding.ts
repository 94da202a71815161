/**
 * The CircleCI unit's binding: the issuer and the stable ids its OIDC policies pin, from the project
 * tier's identity block, for the deploy or the preview identity (undefined when the block lacks it).
 */
import type { CiBinding, StackContext } from "../../access/types";

export function circleciBinding(
  ctx: StackContext,
  purpose: "deploy" | "preview",
): CiBinding | undefined {
  const e = ctx.entry;
  const c = e.circleci;
  const context = purpose === "deploy" ? c?.contextId : c?.previewContextId;
  const contextName = purpose === "deploy" ? c?.context : c?.previewContext;
  if (!c || !context || !contextName) return undefined;
  return {
    system: "circleci",
    issuer: `https://oidc.circleci.com/org/${c.organizationId}`,
    organizationId: c.organizationId,
    projectId: c.projectId,
    vcsOrigin: c.vcsOrigin,
    contextId: context,
    contextName,
  };
}

/** What tells a preview identity's tokens apart from another pipeline's: its context. */
export const circleciPreviewKey = (b: CiBinding) => (b.system === "circleci" ? b.contextId : "");
