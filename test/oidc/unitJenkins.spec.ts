/**
 * The OIDC part of the Jenkins unit (model/oidc/jenkins/), at unit level, against
 * expectations written here by hand (issue 33): an identity bound to the values of
 * that CI's documented example token (test/fixtures/oidc-claims/*.json, each with its source; see
 * docs/assumptions.md "CI tokens"),
 *
 * - the exact policies (every rule, description and fixed part, allows then denies);
 * - the documented token (with the identity's values laid over it) obtains exactly the token, and
 *   each pin of the allow policy, dropped alone, admits a token that differs only in that claim;
 * - the oracle (`intended`): true for the intended context, false when any one field differs;
 * - the scenarios: their labels in order, and each grants exactly what the oracle says.
 *
 * Nothing is built while mocha loads the spec (test/support/stryker.ts): fixtures are read and
 * identities made inside the tests.
 */
import assert from "node:assert/strict";
import type { CiBinding } from "../../model/access";
import { jenkins, jenkinsClaims, jenkinsJobUrl, JenkinsShape } from "../../model/oidc/jenkins";
import {
  AUD,
  documented,
  identity,
  assertEachPinMatters,
  assertOracleDirections,
  assertScenariosAgree,
} from "./unitPinsSupport";

// ---------------------------------------------------------------------------------------------
// Jenkins: jenkinsci/oidc-provider-plugin (IdTokenConfiguration: sub = ${JOB_URL})
// ---------------------------------------------------------------------------------------------

type JenkinsBinding = Extract<CiBinding, { system: "jenkins" }>;
// The documented token: iss https://jenkins.example.com/oidc, sub
// https://jenkins.example.com/job/my-folder/job/my-job/job/main/.
const JENKINS: JenkinsBinding = {
  system: "jenkins",
  issuer: "https://jenkins.example.com/oidc",
  url: "https://jenkins.example.com",
  jobPath: "my-folder/my-job",
  credentialsId: "pulumi-oidc",
};
const JOB = "https://jenkins.example.com/job/my-folder/job/my-job/job/main/";

describe("oidc units: Jenkins policies, pins and oracle (issue 33)", () => {
  it("a deploy: the audience and the branch job's URL (its host fixed), nothing else", () =>
    assert.deepEqual(jenkins.policies(identity(JENKINS), JENKINS, "acme"), [
      {
        decision: "allow",
        tokenType: "team",
        teamName: "billing-prod-deploy",
        rules: { aud: AUD, sub: JOB },
        description:
          `billing/prod deploy: the token of team billing-prod-deploy for a build of job ${JOB} ` +
          "(branch main of multibranch job my-folder/my-job), signed by https://jenkins.example.com/oidc",
        fixedParts: { sub: ["https://jenkins.example.com"] },
      },
    ]));

  it("a preview is refused: a pull request's job cannot be pinned without a wildcard", () =>
    assert.throws(
      () => jenkins.policies(identity(JENKINS, { purpose: "preview" }), JENKINS, "acme"),
      /^Error: Jenkins preview identities cannot be pinned exactly \(billing-prod-deploy\)$/,
    ));

  it("the job URL of a branch is the documented JOB_URL, with the branch URL-encoded", () => {
    assert.equal(jenkinsJobUrl("https://jenkins.example.com", "my-folder/my-job", "main"), JOB);
    assert.equal(
      jenkinsJobUrl("https://jenkins.example.com", "my-job", "release/1.0"),
      "https://jenkins.example.com/job/my-job/job/release%2F1.0/",
    );
  });

  it("each pin, dropped alone, admits the documented token with that claim changed", () => {
    const [allow] = jenkins.policies(identity(JENKINS), JENKINS, "acme");
    assertEachPinMatters(allow, documented("jenkins"), {
      aud: "sts.amazonaws.com",
      sub: "https://jenkins.example.com/job/my-folder/job/my-job/job/PR-42/",
    });
  });

  it("the oracle: the intended build only; a preview never", () => {
    const shape: JenkinsShape = { issuer: JENKINS.issuer, audience: AUD, jobUrl: JOB };
    assertOracleDirections(jenkins, identity(JENKINS), JENKINS, shape, {
      issuer: "https://jenkins.attacker.example/oidc",
      audience: "sts.amazonaws.com",
      jobUrl: "https://jenkins.example.com/job/my-folder/job/my-job/job/dev/",
    });
    assert.equal(
      jenkins.intended(identity(JENKINS, { purpose: "preview" }), JENKINS, shape, "acme"),
      false,
    );
  });

  it("the scenarios, in order, each granted exactly as the oracle says", () => {
    assert.deepEqual(assertScenariosAgree(jenkins, identity(JENKINS), JENKINS), [
      "intended",
      "a pull request's job",
      "another branch's job",
      "the same branch of another multibranch job",
      "another Jenkins",
      "a credential with another audience",
    ]);
    const s = jenkins.scenarios(identity(JENKINS), JENKINS, "acme");
    assert.deepEqual(
      s.map((x) => x.shape.jobUrl),
      [
        JOB,
        "https://jenkins.example.com/job/my-folder/job/my-job/job/PR-42/",
        "https://jenkins.example.com/job/my-folder/job/my-job/job/feature%2Fchange/",
        "https://jenkins.example.com/job/my-folder/job/my-job-fork/job/main/",
        JOB,
        JOB,
      ],
    );
    assert.deepEqual(
      [s[4].shape.issuer, s[4].shape.audience, s[5].shape.issuer, s[5].shape.audience],
      ["https://jenkins.attacker.example/oidc", AUD, JENKINS.issuer, "sts.amazonaws.com"],
    );
    assert.equal(s[0].context, `build of ${JOB}`);
  });

  it("the claims of a build: the documented token's names and JSON types", () => {
    const doc = documented("jenkins");
    const claims = jenkinsClaims({ issuer: JENKINS.issuer, audience: AUD, jobUrl: JOB });
    assert.deepEqual(claims, { iss: doc.iss, aud: doc.aud, sub: doc.sub, build_number: 17 });
    assert.equal(typeof doc.build_number, "number");
  });
});
