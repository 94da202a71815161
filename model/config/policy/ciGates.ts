/**
 * Policy: CI identity blocks checked against the rest of the config (issue 27, class 5), not only
 * entry by entry.
 *
 * - CircleCI's `vcsOrigin` is the repository the token comes from (`oidc.circleci.com/vcs-origin`):
 *   it must be the project's repository, on its host, under `github.owner` for GitHub (compared by
 *   the GitHub name key). Another repository, or a fork's owner, would let the writer invariant be
 *   computed for one repository while tokens come from another.
 * - What gates a deploy or tells a preview apart is unique across projects and tiers: a CircleCI
 *   context (by id and by name: the config refers to it by name, the policy pins its id) is one
 *   entry's deploy context or preview context, never two; an Azure DevOps service connection (by
 *   organization, project and name, and by id) belongs to one project. A restricted context that
 *   gates one project's prod approval, declared as another's preview context, would be approved by
 *   the wrong people, or not be a gate at all.
 *
 * Two tiers of one project sharing an Azure service connection are refused by the invariants
 * (./../../invariants/ciIdentities.ts), which name the token each could obtain.
 */
import { githubNameKey } from "../../names";
import { isObj, obj, str } from "../view";
import { repositoryHostOf } from "./ci";
import { PolicyContext, tierUses } from "./shared";

/** One use of a gate: where it is declared and what it does there. */
interface GateUse {
  readonly path: string;
  /** The project tier entry (`projects[i].tiers.<tier>`). */
  readonly entry: string;
  readonly project: number;
  readonly what: string;
}

export function checkCiGates(ctx: PolicyContext): void {
  const { v, err } = ctx;
  const gates = new Map<string, GateUse>();
  /** Records a gate; refuses it when another entry (or another role) already uses it. */
  const claim = (key: string, use: GateUse, shown: string, sameProjectOk: boolean) => {
    const first = gates.get(key);
    if (!first) return void gates.set(key, use);
    // Within one entry, ./ci.ts already asks for a preview identity distinct from the deploy's.
    if (first.entry === use.entry) return;
    if (sameProjectOk && first.project === use.project && first.what === use.what) return;
    err(
      use.path,
      `${shown} is also ${first.what} at ${first.path}: a CI identity that gates a deploy or tells ` +
        "a preview apart belongs to one project and tier, or one entry's approval (or lack of one) " +
        "would stand for another's. Give each its own",
    );
  };
  for (const t of v.tiers)
    for (const u of tierUses(v, t)) {
      const p = v.projects[u.index];
      const entry = obj(p.tiers[t.name as string]);
      const where = `projects[${u.index}].tiers.${t.name}`;
      if (u.ci === "circleci" && isObj(entry.circleci)) {
        const cc = entry.circleci;
        checkVcsOrigin(ctx, p, str(cc.vcsOrigin), `${where}.circleci.vcsOrigin`);
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
      if (u.ci === "azure-devops" && isObj(entry.azureDevops)) {
        const az = entry.azureDevops;
        for (const key of ["serviceConnection", "previewServiceConnection"] as const) {
          const sc = obj(az[key]);
          const name = str(sc.name);
          const id = str(sc.id);
          const what = `the ${key === "serviceConnection" ? "deploy" : "preview"} service connection of ${p.name}`;
          const path = `${where}.azureDevops.${key}`;
          // Azure DevOps names compared case-blind (fail closed: no source settles their case).
          if (name)
            claim(
              `azure\u0000sc\u0000${[az.organizationId, az.project, name].map((x) => String(x).toLowerCase()).join("/")}`,
              { path: `${path}.name`, entry: where, project: u.index, what },
              `service connection "${name}"`,
              true,
            );
          if (id)
            claim(
              `azure\u0000sc-id\u0000${id.toLowerCase()}`,
              { path: `${path}.id`, entry: where, project: u.index, what },
              `service connection id ${id}`,
              true,
            );
        }
      }
    }
}

/**
 * CircleCI's vcs origin is `<host>/<owner>/<repository>`: the project's repository, on its host;
 * on GitHub under github.owner. GitHub names compare by the one key (names.ts).
 */
function checkVcsOrigin(
  { v, err }: PolicyContext,
  p: PolicyContext["v"]["projects"][number],
  origin: string | undefined,
  path: string,
): void {
  if (!origin || !p.repository) return;
  const [host, owner, repository] = origin.split("/");
  const projectHost = repositoryHostOf(v, p);
  const expectedHost =
    projectHost === "github" ? "github.com" : projectHost === "gitlab" ? "gitlab.com" : undefined;
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
