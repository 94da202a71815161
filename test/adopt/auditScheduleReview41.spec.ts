/**
 * review41: the scheduled audit's policy is read with the program's own name folding: owner and
 * repository fold case (GitHub), the workflow path and the branch do not (docs/assumptions.md,
 * "Branch names are not folded"). A policy for another branch spelled in another case is not the
 * program's audit policy.
 */
import assert from "node:assert/strict";
import { proposeAuditSchedule } from "../../adopt/audit";
import type { LiveOrg } from "../../adopt/live";
import type { AdoptFinding } from "../../adopt/types";
import { AUDIT_WORKFLOW_PATH, AUDITOR_TEAM } from "../../model/names";
import { GITHUB_ISSUER_URL } from "../../model/oidc";

const WORKFLOW = [
  "on:",
  "  schedule:",
  '    - cron: "17 5 * * *"',
  "jobs:",
  "  audit:",
  "    steps:",
  "      - run: npm run audit -- --stack prod --days 7 --allow-partial",
].join("\n");

function liveWith(ref: string): LiveOrg {
  return {
    teams: [{ name: AUDITOR_TEAM }],
    oidcIssuers: [
      {
        name: "github",
        url: GITHUB_ISSUER_URL,
        policies: [
          {
            decision: "allow",
            tokenType: "team",
            teamName: AUDITOR_TEAM,
            rules: { job_workflow_ref: ref },
          },
        ],
      },
    ],
    github: { auditWorkflow: WORKFLOW },
  } as unknown as LiveOrg;
}

const site = { repository: "platform", branch: "main" };

describe("adopt: the scheduled audit's policy, branch and path exact (review41)", () => {
  it("the program's own ref, owner and repository in another case: adopted", () => {
    const findings: AdoptFinding[] = [];
    const ok = proposeAuditSchedule(
      liveWith(`Acme/Platform/${AUDIT_WORKFLOW_PATH}@refs/heads/main`),
      "acme",
      site,
      findings,
    );
    assert.deepEqual(ok, { cron: "17 5 * * *", days: 7 });
  });

  for (const [what, ref] of [
    [
      "another branch spelled in another case",
      `acme/platform/${AUDIT_WORKFLOW_PATH}@refs/heads/Main`,
    ],
    [
      "another workflow path spelled in another case",
      `acme/platform/${AUDIT_WORKFLOW_PATH.toUpperCase()}@refs/heads/main`,
    ],
  ])
    it(`${what}: not the program's audit policy, no audit.schedule, said why`, () => {
      const findings: AdoptFinding[] = [];
      const got = proposeAuditSchedule(liveWith(ref), "acme", site, findings);
      assert.equal(got, undefined);
      assert.match(
        findings.map((f) => f.message).join("\n"),
        /no OIDC allow policy hands its token/,
      );
    });
});
