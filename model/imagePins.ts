/**
 * The container image the generated jobs of the CI units run in (each unit's `runsPulumiImage`,
 * model/ci/<ci>/unit.ts), and the Pulumi CLI version the GitHub workflows install: one table (with model/ci/github/pins.ts for
 * the actions). The image is Pulumi's Node.js image at the version of @pulumi/pulumi this program
 * is tested with.
 *
 * Its digest is not in this table: no source this project can read offline records it, so none is
 * invented. The config supplies it (`secure-org:images.pulumi: { tag, digest }`, which
 * `npm run refresh-image` writes from the registry); without it the generated files name the
 * image by tag, say so in a comment, and the plan reports `ci-image-unpinned`.
 */

/** The Pulumi CLI version: the image's tag and `pulumi/actions`' `pulumi-version`. */
export const PULUMI_VERSION = "3.270.0";

/** The image's repository on Docker Hub. */
export const PULUMI_IMAGE_REPOSITORY = "pulumi/pulumi-nodejs";

/**
 * A sha256 digest as the OCI image spec writes it: "When the algorithm identifier is sha256, the
 * encoded portion MUST match /[a-f0-9]{64}/. Note that [A-F] MUST NOT be used here."
 */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The image reference a job names, and the comment written beside it. */
export interface ImageRef {
  /** `repository@sha256:...` when pinned, else `repository:tag`. */
  readonly ref: string;
  readonly comment: string;
  readonly pinned: boolean;
}

export const UNPINNED_COMMENT =
  "UNPINNED: named by tag, which the registry can move; set secure-org:images.pulumi (tag and digest)";

/** The reference of the Pulumi image: by digest (the tag as a comment) when the config pins it. */
export function pulumiImage(pin?: { readonly tag: string; readonly digest: string }): ImageRef {
  const tagged = `${PULUMI_IMAGE_REPOSITORY}:${PULUMI_VERSION}`;
  if (!pin || pin.tag !== PULUMI_VERSION || !SHA256_DIGEST.test(pin.digest))
    return { ref: tagged, comment: UNPINNED_COMMENT, pinned: false };
  return { ref: `${PULUMI_IMAGE_REPOSITORY}@${pin.digest}`, comment: tagged, pinned: true };
}
