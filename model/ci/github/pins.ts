/**
 * The only third-party code generated workflows run: each action pinned to the commit its tag
 * pointed to when it was reviewed (tag -> commit read from the action repositories; see
 * platform-facts.md, "Actions to pin"). Updating a pin is a reviewed change to this file; the
 * workflow generator, the hardening audit and the repositories' Actions allow-list all read it.
 */

import { PULUMI_VERSION } from "../../imagePins";

export interface PinnedAction {
  /** `owner/repo` (no path: none of the pinned actions lives in a subdirectory). */
  readonly uses: string;
  /** Full 40-hex commit the tag pointed to. */
  readonly sha: string;
  /** The tag, written as a `# vX.Y.Z` comment next to the pin. */
  readonly version: string;
}

export const ACTIONS = {
  checkout: {
    uses: "actions/checkout",
    sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
    version: "v7.0.1",
  },
  setupNode: {
    uses: "actions/setup-node",
    sha: "820762786026740c76f36085b0efc47a31fe5020",
    version: "v7.0.0",
  },
  pulumiAuth: {
    uses: "pulumi/auth-actions",
    sha: "141415910c3beb54e03b48e9057c204c97b956f2",
    version: "v2.1.0",
  },
  pulumiActions: {
    uses: "pulumi/actions",
    sha: "8e5e406f4007fca908480587cb9893c07090f58d",
    version: "v7.0.0",
  },
  hardenRunner: {
    uses: "step-security/harden-runner",
    sha: "b09bb98e06d4d774595224525879c09bc6e98c40",
    version: "v2.20.1",
  },
  /**
   * The bootstrap's pull-request job uploads the HTML access report (`archive: false`, new in
   * v7). Tag v7.0.0 -> commit read with git from the action's repository.
   */
  uploadArtifact: {
    uses: "actions/upload-artifact",
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    version: "v7.0.0",
  },
} as const satisfies Record<string, PinnedAction>;

export type ActionName = keyof typeof ACTIONS;

/** `owner/repo@sha`, the form a workflow's `uses:` takes. */
export const pinnedRef = (a: PinnedAction): string => `${a.uses}@${a.sha}`;

/**
 * `owner/repo@sha` for every pinned action: the patterns of GitHub's Actions allow-list
 * (`ActionsRepositoryPermissions.allowedActionsConfig.patternsAlloweds`).
 */
export const ALLOWED_ACTION_PATTERNS: string[] = Object.values(ACTIONS).map(pinnedRef);

/**
 * The GitHub-hosted runner image every generated job runs on: a fixed image label, not
 * `ubuntu-latest` (which GitHub moves to a new Ubuntu release on its own schedule).
 */
export const RUNNER_LABEL = "ubuntu-24.04";

/**
 * The Pulumi CLI `pulumi/actions` installs (its `pulumi-version` input, read from the action's
 * action.yml at the pinned commit; without it the action installs the newest `^3`): the version
 * of @pulumi/pulumi this program is tested with.
 */
export const PULUMI_CLI_VERSION = PULUMI_VERSION;
