/**
 * The GitLab CI unit's facts: its identity block (instance URL, numeric project and namespace ids),
 * the host its repositories live on and the file it reads.
 */
import { z } from "zod";
import type { CiFacts } from "../unit";
import { issuerUrl, numericId } from "../values";

export const gitlabBlock = z.strictObject({
  /** The GitLab instance, which is also the issuer of its id tokens. */
  url: issuerUrl.default("https://gitlab.com"),
  /** Numeric project id (Settings > General): `project_id`. */
  projectId: numericId,
  /** Numeric id of the group or user namespace that owns the project: `namespace_id`. */
  namespaceId: numericId,
});

export type GitlabConfig = z.output<typeof gitlabBlock>;

export const gitlabFacts = {
  system: "gitlab",
  blockKey: "gitlab",
  block: gitlabBlock,
  hosts: ["gitlab"],
  impliedHost: "gitlab",
  impliedHostDomain: "gitlab.com",
  previewRoute: true,
  pipelineFile: ".gitlab-ci.yml",
  runsPulumiImage: true,
  words: /gitlab/i,
  initAliases: ["gitlab-ci"],
  initRequired: ["projectId", "namespaceId"],
  initExample: { projectId: 4242, namespaceId: 77 },
  publishedSchema: {
    flag: "gitlab",
    repository: "gitlabhq/gitlabhq",
    path: "app/assets/javascripts/editor/schema/ci.json",
    fixture: "gitlab-ci.schema.json",
    licence: "MIT (GitLab Community Edition)",
  },
} as const satisfies CiFacts;

/** The GitLab unit's binding: how its pipeline identities show up in their OIDC tokens. */
export interface GitlabBinding {
  readonly system: "gitlab";
  readonly issuer: string;
  readonly projectId: number;
  readonly namespaceId: number;
  /** The GitLab environment the job deploys to (deploy identities only). */
  readonly environment?: string;
  /** Whether that environment must be a protected one (protected tiers: its approvals gate the job). */
  readonly environmentProtected?: boolean;
}
