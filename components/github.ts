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
  const repos = [
    ...new Set(model.identities.filter((i) => i.ci === "github-actions").map((i) => i.repository)),
  ].sort();
  // Names are data: a null-prototype object, so no repository name can reach Object.prototype.
  const repositoryIds: Record<string, pulumi.Input<number>> = Object.create(null);
  for (const repo of repos) {
    const pinned = config.projects.find(
      (p) => p.repository === repo && p.repositoryId,
    )?.repositoryId;
    repositoryIds[repo] =
      pinned ??
      github.getRepositoryOutput({ fullName: `${config.github.owner}/${repo}` }, invokeOpts).repoId;
  }
  return pulumi.all([ownerId, pulumi.all(repositoryIds)]).apply(([owner, ids]) => ({
    ownerId: owner,
    repositoryIds: nullPrototype(ids),
  }));
}
