/**
 * The GitHub Actions OIDC issuer: its URL, the numeric ids that policy rules pin, and the two
 * formats of its `sub` claim.
 */

export const GITHUB_ISSUER_URL = "https://token.actions.githubusercontent.com";

export type SubjectFormat = "legacy" | "immutable";

export interface GithubIds {
  ownerId: number;
  repositoryIds: Readonly<Record<string, number>>;
  /** repo name -> "legacy"|"immutable" sub format, optional: when given, also pin `sub` in that format */
  subjectFormats?: Readonly<Record<string, SubjectFormat>>;
}

/** `sub` of a job in `environment` (deploy) or of a pull_request job (preview). */
export function subjectFor(
  format: SubjectFormat,
  owner: string,
  ownerId: string,
  repository: string,
  repositoryId: string,
  suffix: string,
): string {
  const repo =
    format === "immutable"
      ? `${owner}@${ownerId}/${repository}@${repositoryId}`
      : `${owner}/${repository}`;
  return `repo:${repo}:${suffix}`;
}
