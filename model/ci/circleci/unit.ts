/**
 * The CircleCI unit's facts: its identity block (organization, project and restricted context
 * ids), the hosts its repositories live on and the file it reads.
 */
import { z } from "zod";
import type { CiFacts } from "../unit";
import { ruleName, uuid } from "../values";

/** A repository as CircleCI names it in `oidc.circleci.com/vcs-origin`: `github.com/<owner>/<repo>`. */
const vcsOrigin = z
  .string()
  .regex(
    /^(?:github\.com|bitbucket\.org|gitlab\.com)\/[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9_][A-Za-z0-9_-]*$/,
    "use <host>/<owner>/<repository> as CircleCI reports it (github.com, bitbucket.org or gitlab.com; no '.' in owner or repository)",
  );

export const circleciBlock = z.strictObject({
  /** CircleCI organization id: the issuer is oidc.circleci.com/org/<id>. */
  organizationId: uuid,
  /** CircleCI project id: `oidc.circleci.com/project-id`. */
  projectId: uuid,
  /** The repository CircleCI builds: `oidc.circleci.com/vcs-origin` (forks differ here). */
  vcsOrigin,
  /** The restricted context the deploy job runs in (security group = approvers): `context-ids`. */
  contextId: uuid,
  /** Its name, which the workflow's `context:` names (CircleCI's config refers to contexts by name). */
  context: ruleName("context name"),
  /** An unrestricted context for pull-request previews (unprotected tiers only). */
  previewContextId: uuid.optional(),
  previewContext: ruleName("preview context name").optional(),
});

export type CircleciConfig = z.output<typeof circleciBlock>;

export const circleciFacts = {
  system: "circleci",
  blockKey: "circleci",
  block: circleciBlock,
  hosts: ["github", "gitlab", "other"],
  previewRoute: true,
  pipelineFile: ".circleci/config.yml",
  runsPulumiImage: true,
  words: /circle/i,
  initAliases: [],
  initRequired: ["organizationId", "projectId", "vcsOrigin", "contextId", "context"],
  publishedSchema: {
    flag: "circleci",
    repository: "CircleCI-Public/circleci-yaml-language-server",
    path: "schema.json",
    fixture: "circleci.schema.json",
    licence: "Apache-2.0",
  },
} as const satisfies CiFacts;

/** The CircleCI unit's binding: how its pipeline identities show up in their OIDC tokens. */
export interface CircleciBinding {
  readonly system: "circleci";
  readonly issuer: string;
  readonly organizationId: string;
  readonly projectId: string;
  readonly vcsOrigin: string;
  /** The context the job runs in: restricted for deploys, unrestricted for previews. */
  readonly contextId: string;
  readonly contextName: string;
}
