/**
 * Where each project's repository lives (`projects[].repositoryHost`, else implied by its CIs),
 * computed once per config: only repositories on GitHub get files, rulesets and team permissions,
 * and on other hosts every team whose role pushes counts as a writer.
 */
import { OrgConfig, RepositoryHost, repositoryHostOf } from "../config";
import { viewOf } from "../config/view";

const cache = new WeakMap<OrgConfig, readonly RepositoryHost[]>();

/** The host of each project, by project index. */
export function projectHosts(config: OrgConfig): readonly RepositoryHost[] {
  const cached = cache.get(config);
  if (cached) return cached;
  const view = viewOf(config);
  const hosts = view.projects.map((p) => repositoryHostOf(view, p) as RepositoryHost);
  cache.set(config, hosts);
  return hosts;
}
