/**
 * What the program needs from GitHub before it registers anything there: the App credentials of
 * the GitHub provider, and the numeric owner and repository ids the OIDC rules match on.
 */
import { nullPrototype } from "../model/config/reserved";
import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { AccessModel } from "../model/access";
import { OrgConfig } from "../model/config";
import { GithubIds } from "../model/oidc";
import { githubNameKey } from "../model/names";
import { DEFAULT_CI } from "../model/ci/registry";

/**
 * GitHub App credentials for the GitHub provider, from `GITHUB_APP_ID`,
 * `GITHUB_APP_INSTALLATION_ID` and `GITHUB_APP_PEM_FILE` (e.g. set by the stack's ESC
 * environment). The provider only uses an App when `appAuth` is given; without these variables it
 * falls back to `GITHUB_TOKEN`. The key stays a secret.
 */
export function githubAppAuth(
  env: Readonly<Record<string, string | undefined>>,
): github.types.input.ProviderAppAuth | undefined {
  const id = env.GITHUB_APP_ID;
  const installationId = env.GITHUB_APP_INSTALLATION_ID;
  const pem = env.GITHUB_APP_PEM_FILE;
  const set = [id, installationId, pem].filter((v) => v !== undefined && v !== "").length;
  if (set === 0) return undefined;
  if (set !== 3)
    throw new Error(
      "GitHub App authentication needs all of GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PEM_FILE",
    );
  return {
    id: id as string,
    installationId: installationId as string,
    pemFile: pulumi.secret(pem as string),
  } as github.types.input.ProviderAppAuth;
}

/**
 * How the GitHub provider paces its requests (legacy client, `github/transport.go`
 * RateLimitTransport), set explicitly rather than left to defaults:
 * - `parallelRequests: false`: one request at a time, as GitHub asks of integrations ("avoid
 *   concurrent requests"; more than 100 at once trips the secondary limit), and the legacy
 *   transport's delay bookkeeping is only sound when serial;
 * - `writeDelayMs: 1000`: a second after every POST, PUT, PATCH and DELETE (GitHub: "wait at least
 *   one second between" mutative requests), which also keeps commits under the secondary limit of
 *   80 content-generating requests a minute; GraphQL queries are POSTs and wait too;
 * - `readDelayMs: 0`: reads are not paced. Spacing them would not keep a large run under the
 *   5,000 requests an hour (the provider already sleeps until the reset when it hits the limit);
 *   it would only lengthen the run, and a GitHub App's installation token lives one hour. The
 *   plan's API estimate shows when a run needs more than that; shard the organization then.
 */
export const GITHUB_PROVIDER_PACING = {
  parallelRequests: false,
  writeDelayMs: 1000,
  readDelayMs: 0,
} as const;

/**
 * Numeric ids for OIDC rules: pinned in config when given, otherwise looked up from GitHub at
 * deploy time (the owner's id and each pipeline repository's id).
 */
export function resolveGithubIds(
  config: OrgConfig,
  model: AccessModel,
  provider: github.Provider,
  parent: pulumi.Resource,
): pulumi.Output<GithubIds> {
  const invokeOpts = { provider, parent };
  const ownerId: pulumi.Input<number> =
    config.github.ownerId ??
    github
      .getOrganizationOutput({ name: config.github.owner, summaryOnly: true }, invokeOpts)
      .id.apply((id) => Number(id));
  // One entry per repository as GitHub names it (case-insensitive), spelled as the model does.
  const byKey = new Map<string, string>();
  for (const i of model.identities)
    if (i.ci === DEFAULT_CI && !byKey.has(githubNameKey(i.repository)))
      byKey.set(githubNameKey(i.repository), i.repository);
  const repos = [...byKey.values()].sort();
  // The first pinned id of each repository, in project order (one pass over the projects).
  const pinnedIds = new Map<string, number>();
  for (const p of config.projects)
    if (p.repositoryId && !pinnedIds.has(githubNameKey(p.repository)))
      pinnedIds.set(githubNameKey(p.repository), p.repositoryId);
  // Names are data: a null-prototype object, so no repository name can reach Object.prototype.
  const repositoryIds: Record<string, pulumi.Input<number>> = Object.create(null);
  for (const repo of repos) {
    const pinned = pinnedIds.get(githubNameKey(repo));
    repositoryIds[repo] =
      pinned ??
      github.getRepositoryOutput({ fullName: `${config.github.owner}/${repo}` }, invokeOpts).repoId;
  }
  return pulumi.all([ownerId, pulumi.all(repositoryIds)]).apply(([owner, ids]) => ({
    ownerId: owner,
    repositoryIds: nullPrototype(ids),
  }));
}
