/**
 * The GitHub Actions OIDC issuer: its URL, the numeric ids that policy rules pin, and the two
 * formats of its `sub` claim.
 */

import { sameGithubName } from "../../names";

export const GITHUB_ISSUER_URL = "https://token.actions.githubusercontent.com";

export type SubjectFormat = "legacy" | "immutable";

export interface GithubIds {
  ownerId: number;
  repositoryIds: Readonly<Record<string, number>>;
  /** repo name -> "legacy"|"immutable" sub format, optional: when given, also pin `sub` in that format */
  subjectFormats?: Readonly<Record<string, SubjectFormat>>;
}

/**
 * A repository's entry in one of the ids' name-keyed records: the own entry of that spelling, else
 * the one GitHub takes for the same repository (names compare case-insensitively, githubNameKey).
 * Never a prototype property, whatever the record's prototype.
 */
export function byRepository<T>(
  record: Readonly<Record<string, T>> | undefined,
  repository: string,
): T | undefined {
  if (!record) return undefined;
  if (Object.prototype.hasOwnProperty.call(record, repository)) return record[repository];
  for (const name of Object.keys(record)) if (sameGithubName(name, repository)) return record[name];
  return undefined;
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
