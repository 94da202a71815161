/**
 * `secure-org:images`: the digest of the container image the generated non-GitHub jobs run in
 * (model/imagePins.ts). The tag is written too, so a digest read for one version is never taken for
 * another: it must be the tag the program runs.
 *
 *   secure-org:images:
 *     pulumi:
 *       tag: "3.270.0"
 *       digest: sha256:<64 lower-case hex digits>   # npm run refresh-image -- --stack <stack>
 */
import { z } from "zod";
import { PULUMI_IMAGE_REPOSITORY, PULUMI_VERSION, SHA256_DIGEST } from "../imagePins";

export const imagesSchema = z
  .strictObject({
    pulumi: z
      .strictObject({
        tag: z
          .string()
          .max(128)
          .refine(
            (t) => t === PULUMI_VERSION,
            `the generated files run ${PULUMI_IMAGE_REPOSITORY}:${PULUMI_VERSION}: give that tag and its digest (npm run refresh-image)`,
          ),
        digest: z
          .string()
          .max(128)
          .regex(
            SHA256_DIGEST,
            "a sha256 digest: sha256: and 64 lower-case hexadecimal digits (OCI image spec)",
          ),
      })
      .optional(),
  })
  .prefault({});
