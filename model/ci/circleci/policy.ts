/**
 * The CircleCI unit's policy: separate contexts for previews; the vcs origin is the project's
 * repository; a context (by id and by name) is one entry's deploy or preview context; and the
 * project it pins belongs to one repository.
 */
import type { LenientTier } from "../../config/view";
import { isObj, obj, str } from "../../config/view";
import type { PolicyContext, Report, TierUse } from "../../config/policy/shared";
import { githubNameKey } from "../../names";
import type { CiPolicyUnit, GateEntry } from "../policyTypes";
import { HOST_DOMAINS } from "../registry";

function checkEntry(
  err: Report,
  _t: LenientTier,
  entry: Record<string, unknown>,
  where: string,
  { previews, trigger }: TierUse,
): void {
  const cc = obj(entry.circleci);
  if (previews === true && trigger !== "api") {
    if (str(cc.previewContextId) === undefined || str(cc.previewContext) === undefined)
      err(
        `${where}.circleci.previewContextId`,
        "and previewContext are required for pull-request previews: an unrestricted context for the preview job, distinct from the restricted deploy context",
      );
    else if (cc.previewContextId === cc.contextId)
      err(
        `${where}.circleci.previewContextId`,
        "must differ from contextId: the restricted context is the deploy's approval gate",
      );
  }
}

function checkGates({
  ctx,
  project: p,
  tier: t,
  use: u,
  entry,
  where,
  host,
  claim,
}: GateEntry): void {
  if (!isObj(entry.circleci)) return;
  const cc = entry.circleci;
  checkVcsOrigin(ctx, p, host, str(cc.vcsOrigin), `${where}.circleci.vcsOrigin`);
  const contexts = [
    [cc.contextId, cc.context, "contextId", "context"],
    [cc.previewContextId, cc.previewContext, "previewContextId", "previewContext"],
  ] as const;
  for (const [id, name, idKey, nameKey] of contexts) {
    const role = idKey === "contextId" ? "the deploy context" : "the preview context";
    const what = `${role} of ${p.name}/${t.name}`;
    const idv = str(id);
    const namev = str(name);
    if (idv)
      claim(
        `circleci\u0000context-id\u0000${idv.toLowerCase()}`,
        { path: `${where}.circleci.${idKey}`, entry: where, project: u.index, what },
        `CircleCI context ${idv}`,
        false,
      );
    if (namev)
      claim(
        `circleci\u0000context\u0000${str(cc.organizationId)?.toLowerCase()}\u0000${namev.toLowerCase()}`,
        { path: `${where}.circleci.${nameKey}`, entry: where, project: u.index, what },
        `CircleCI context "${namev}"`,
        false,
      );
  }
}

/**
 * CircleCI's vcs origin is `<host>/<owner>/<repository>`: the project's repository, on its host;
 * on GitHub under github.owner. GitHub names compare by the one key (names.ts).
 */
function checkVcsOrigin(
  { v, err }: PolicyContext,
  p: PolicyContext["v"]["projects"][number],
  projectHost: string,
  origin: string | undefined,
  path: string,
): void {
  if (!origin || !p.repository) return;
  const [host, owner, repository] = origin.split("/");
  const expectedHost = HOST_DOMAINS.get(projectHost);
  const problems: string[] = [];
  if (expectedHost && host !== expectedHost)
    problems.push(`its host is ${host}, but repository "${p.repository}" is on ${projectHost}`);
  if (githubNameKey(repository ?? "") !== githubNameKey(p.repository))
    problems.push(`it names repository "${repository}", not the project's "${p.repository}"`);
  if (
    projectHost === "github" &&
    v.github.owner &&
    githubNameKey(owner ?? "") !== githubNameKey(v.github.owner)
  )
    problems.push(
      `it names owner "${owner}", not github.owner "${v.github.owner}" (a fork, or another organization)`,
    );
  if (problems.length)
    err(
      path,
      `"${origin}" is not the project's repository: ${problems.join("; ")}. The OIDC policy pins ` +
        "the vcs origin while the writer invariant is computed for the declared repository, so " +
        "tokens would come from a repository whose writers nobody checked. Use " +
        `"${expectedHost ?? host}/${projectHost === "github" ? (v.github.owner ?? owner) : owner}/${p.repository}"`,
    );
}

export const circleciPolicy: CiPolicyUnit = {
  checkEntry,
  checkGates,
  identity: (cc) => ({
    id: `project ${String(cc.projectId)}`,
    rest: `${String(cc.organizationId)} ${String(cc.vcsOrigin)}`,
  }),
};
