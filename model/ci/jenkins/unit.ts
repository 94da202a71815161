/**
 * The Jenkins unit's facts: its identity block (URL, issuer, multibranch job path), the hosts its
 * repositories live on and the file it reads.
 */
import { z } from "zod";
import type { CiFacts } from "../unit";
import { issuerUrl, ruleName } from "../values";

/** A Jenkins job path: folder and job names separated by '/'. */
const jobPath = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    "use folder/job names of letters, digits, '_' and '-' separated by '/' (no '.', which an OIDC rule matches as any character)",
  );

export const jenkinsBlock = z.strictObject({
  /** Jenkins' root URL, the prefix of every job URL (the token's `sub`). */
  url: issuerUrl,
  /** The issuer the OpenID Connect Provider plugin signs as; default `<url>/oidc`. */
  issuer: issuerUrl.optional(),
  /** The multibranch pipeline job, as folder/job names (e.g. `payments/payments-infra`). */
  jobPath,
  /** Id of the "OpenID Connect id token" credential whose audience is urn:pulumi:org:<org>. */
  credentialsId: ruleName("credentials id").default("pulumi-oidc"),
});

export type JenkinsConfig = z.output<typeof jenkinsBlock>;

export const jenkinsFacts = {
  system: "jenkins",
  blockKey: "jenkins",
  block: jenkinsBlock,
  hosts: "any",
  previewRoute: false,
  pipelineFile: "Jenkinsfile",
  runsPulumiImage: true,
  words: /jenkins/i,
  initAliases: [],
  initRequired: ["url", "jobPath"],
} as const satisfies CiFacts;

/** The Jenkins unit's binding: how its pipeline identities show up in their OIDC tokens. */
export interface JenkinsBinding {
  readonly system: "jenkins";
  readonly issuer: string;
  readonly url: string;
  readonly jobPath: string;
  readonly credentialsId: string;
}
