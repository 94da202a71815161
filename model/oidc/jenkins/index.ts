/**
 * Jenkins as an OIDC client of Pulumi Cloud, through the OpenID Connect Provider plugin
 * (jenkinsci/oidc-provider-plugin): an "OpenID Connect id token" credential, bound in a build with
 * `withCredentials`, yields a JWT signed by Jenkins. Its claims by default:
 *
 * - `iss`: `<Jenkins URL>/oidc` (or a folder's, or an alternate issuer the admin configures);
 * - `aud`: the audience set on the credential (here `urn:pulumi:org:<org>`);
 * - `sub`: the job's URL, e.g. `https://ci.example.com/job/payments/job/payments-infra/job/main/`
 *   for the `main` branch of a multibranch job (`job/PR-42/` for a pull request);
 * - `build_number`.
 *
 * What the token cannot show: which Jenkinsfile ran (a Replay runs edited pipeline code under the
 * same job), who started the build, or whether an `input` step was approved. So a policy can pin
 * only the issuer, the audience and the branch's job, and Jenkins' own authorization (nobody but
 * administrators may Configure, Replay or Build the job, or create jobs in its folder) is what
 * makes a deploy safe; previews (one job per pull request number) cannot be pinned without a
 * wildcard and are refused. Dots in the job URL's host are harmless (only this Jenkins writes it).
 */
import type { CiBinding, MachineIdentity } from "../../access/types";
import type { CiScenario, CiUnit } from "../unitTypes";
import { audienceFor, OidcPolicy } from "../policies";

type JenkinsBinding = Extract<CiBinding, { system: "jenkins" }>;

export interface JenkinsShape {
  readonly issuer: string;
  readonly audience: string;
  /** The job's URL: the `sub`. */
  readonly jobUrl: string;
}

/** The URL of the branch job of a multibranch pipeline (branch names are URL-encoded). */
export function jenkinsJobUrl(url: string, jobPath: string, branch: string): string {
  const segments = [...jobPath.split("/"), encodeURIComponent(branch)];
  return `${url}/${segments.map((s) => `job/${s}`).join("/")}/`;
}

function policies(
  identity: MachineIdentity,
  b: JenkinsBinding,
  organization: string,
): OidcPolicy[] {
  if (identity.purpose !== "deploy")
    throw new Error(
      `Jenkins ${identity.purpose} identities cannot be pinned exactly (${identity.team})`,
    );
  const sub = jenkinsJobUrl(b.url, b.jobPath, identity.branch);
  return [
    {
      decision: "allow",
      tokenType: "team",
      teamName: identity.team,
      rules: { aud: audienceFor(organization), sub },
      description:
        `${identity.project}/${identity.tier} deploy: the token of team ${identity.team} for a build of ` +
        `job ${sub} (branch ${identity.branch} of multibranch job ${b.jobPath}), signed by ${b.issuer}`,
      fixedParts: { sub: [b.url] },
    },
  ];
}

export function jenkinsClaims(s: JenkinsShape): Record<string, unknown> {
  return { iss: s.issuer, aud: s.audience, sub: s.jobUrl, build_number: 17 };
}

function scenarios(
  identity: MachineIdentity,
  b: JenkinsBinding,
  organization: string,
): CiScenario<JenkinsShape>[] {
  const job = (branch: string, path = b.jobPath) => jenkinsJobUrl(b.url, path, branch);
  const intendedShape: JenkinsShape = {
    issuer: b.issuer,
    audience: audienceFor(organization),
    jobUrl: job(identity.branch),
  };
  const list: [string, Partial<JenkinsShape>][] = [
    ["intended", {}],
    [
      "a pull request's job",
      {
        jobUrl: `${b.url}/${b.jobPath
          .split("/")
          .map((seg: string) => `job/${seg}`)
          .join("/")}/job/PR-42/`,
      },
    ],
    ["another branch's job", { jobUrl: job("feature/change") }],
    [
      "the same branch of another multibranch job",
      { jobUrl: job(identity.branch, `${b.jobPath}-fork`) },
    ],
    ["another Jenkins", { issuer: "https://jenkins.attacker.example/oidc" }],
    ["a credential with another audience", { audience: "sts.amazonaws.com" }],
  ];
  return list.map(([label, change]) => {
    const shape = { ...intendedShape, ...change };
    return { label, context: `build of ${shape.jobUrl}`, shape, claims: jenkinsClaims(shape) };
  });
}

function intended(
  identity: MachineIdentity,
  b: JenkinsBinding,
  s: JenkinsShape,
  organization: string,
): boolean {
  return (
    identity.purpose === "deploy" &&
    s.issuer === b.issuer &&
    s.audience === audienceFor(organization) &&
    s.jobUrl === jenkinsJobUrl(b.url, b.jobPath, identity.branch)
  );
}

export const jenkins: CiUnit<JenkinsBinding, JenkinsShape> = {
  system: "jenkins",
  policies,
  scenarios,
  intended,
};
