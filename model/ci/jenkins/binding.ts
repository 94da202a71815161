/**
 * The Jenkins unit's binding: the issuer and the stable ids its OIDC policies pin, from the project
 * tier's identity block, for the deploy or the preview identity (undefined when the block lacks it).
 */
import type { CiBinding, StackContext } from "../../access/types";

export function jenkinsBinding(
  ctx: StackContext,
  _purpose: "deploy" | "preview",
): CiBinding | undefined {
  const e = ctx.entry;
  const j = e.jenkins;
  if (!j) return undefined;
  return {
    system: "jenkins",
    issuer: j.issuer ?? `${j.url}/oidc`,
    url: j.url,
    jobPath: j.jobPath,
    credentialsId: j.credentialsId,
  };
}

/** What this CI's tokens cannot prove, which the plan reports for each of its pipelines. */
export const jenkinsClaimsNote = (where: string) =>
  `${where}: Jenkins' tokens name the job (sub = its URL) and nothing else; they cannot show that ` +
  "the build ran the reviewed Jenkinsfile (a Replay runs edited code), who started it, or that " +
  "its input step was approved. Only Jenkins' own authorization makes this safe: nobody but " +
  "administrators may Configure, Replay or Build the job, or create jobs in its folder";
