/**
 * Every CI's OIDC issuer compared with the config (issue 25): the multi-CI example served by the
 * spec-driven fake (test/support/specFake.ts), each drift of a GitLab, Azure DevOps, Jenkins,
 * CircleCI or GitHub policy made in the API's own terms (`AuthPolicy.policies`), reported by the
 * command with its severity and exit code; the clean multi-CI organization gives nothing above
 * info, and the GitHub policies are compared although two repositories live on GitLab and Azure
 * Repos (they have no GitHub id).
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { compareAccess, impliedSnapshot, LiveSnapshot } from "../../audit/compare";
import { SpecFake, Wire } from "../support/specFake";
import { fakeOrgFromSnapshot } from "../support/specFakeSeed";
import { buildAccessModel } from "../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { MULTI_CI_IDS, multiCiDoc } from "../support/multiCi";
import {
  DEPLOYER,
  expectDrift,
  key,
  Mutable,
  NOW,
  Org,
  PACK_VERSION,
  runAudit,
  startFake,
  useCloud,
} from "./harness";

/** The model as `audit --stack multi-ci` builds it (its bootstrap stack is secure-org/multi-ci). */
const model = (() => {
  const r = loadOrgConfig(entriesFromStackFile(multiCiDoc()), {
    stack: "multi-ci",
    project: "secure-org",
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return buildAccessModel(r.config, r.warnings);
})();
const ARGS = ["--stack", "multi-ci", "--json", "--deployer", DEPLOYER];

const cleanMultiCi = (): LiveSnapshot =>
  impliedSnapshot(model, MULTI_CI_IDS, {
    deployer: DEPLOYER,
    now: NOW,
    packVersionTag: PACK_VERSION,
  });

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate, cleanMultiCi());

/** The wire policies of the issuer whose name starts with `prefix`. */
function policiesOf(o: Org, prefix: string): Wire[] {
  const i = o.issuers.find((x) => String(x.issuer.name).startsWith(prefix));
  if (!i) throw new Error(`no issuer ${prefix}`);
  return i.policy.policies as Wire[];
}
const rulesOf = (p: Wire) => p.rules as Record<string, string>;
function find(o: Org, prefix: string, match: (p: Wire) => boolean): { index: number; p: Wire } {
  const list = policiesOf(o, prefix);
  const index = list.findIndex(match);
  if (index < 0) throw new Error(`no such policy on ${prefix}`);
  return { index, p: list[index] };
}
const allowOf = (team: string) => (p: Wire) => p.decision === "allow" && p.teamName === team;
const name = (prefix: string) =>
  String(
    fakeOrgFromSnapshot(cleanMultiCi()).issuers.find((x) =>
      String(x.issuer.name).startsWith(prefix),
    )?.issuer.name,
  );
const GITLAB = "gitlab-";
const ADO = "azure-devops-";
const JENKINS = "jenkins-";
const CIRCLE = "circleci-";
const GH = "github-actions";

interface Case {
  what: string;
  mutate: (o: Org) => void;
  expect: string[];
  /** A context the finding must name (the matcher's probe), when it is about an allow. */
  names?: RegExp;
}

/** The index of a policy in a clean issuer. */
const at = (prefix: string, match: (p: Wire) => boolean) =>
  find(fakeOrgFromSnapshot(cleanMultiCi()), prefix, match).index;

const CASES: Case[] = [
  {
    what: "GitLab: the prod deploy allowed from another branch",
    mutate: (o) => (rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).ref = "release"),
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "GitLab: the prod deploy's ref with a '.' (one-character wildcard: also mai-, maix)",
    mutate: (o) => (rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).ref = "mai."),
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "GitLab: the prod deploy's ref in another case (another branch)",
    mutate: (o) => (rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).ref = "Main"),
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "Jenkins: the staging deploy's team scope widened to every search team",
    mutate: (o) =>
      (find(o, JENKINS, allowOf("search-staging-deploy")).p.teamName = "search-*-deploy"),
    expect: [
      `high oidc-policy-wildcard oidc:${name(JENKINS)}#${at(JENKINS, allowOf("search-staging-deploy"))}`,
    ],
  },
  {
    what: "GitLab: the prod deploy allowed from another project",
    mutate: (o) => (rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).project_id = "4243"),
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "GitLab: the protected-ref pin dropped (any unprotected branch)",
    mutate: (o) => delete rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).ref_protected,
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "GitLab: the merge-request deny of the prod deploy removed",
    mutate: (o) => {
      const { index } = find(
        o,
        GITLAB,
        (p) =>
          p.decision === "deny" &&
          p.teamName === "billing-prod-deploy" &&
          rulesOf(p).pipeline_source === "merge_request_event",
      );
      policiesOf(o, GITLAB).splice(index, 1);
    },
    expect: [
      `high oidc-policy-missing oidc:${name(GITLAB)} expected#${at(
        GITLAB,
        (p) =>
          p.decision === "deny" &&
          p.teamName === "billing-prod-deploy" &&
          rulesOf(p).pipeline_source === "merge_request_event",
      )}`,
    ],
  },
  {
    what: "GitLab: the unprotected-ref deny narrowed to one project it never runs in",
    mutate: (o) =>
      (rulesOf(
        find(
          o,
          GITLAB,
          (p) =>
            p.decision === "deny" &&
            p.teamName === "billing-prod-deploy" &&
            rulesOf(p).ref_protected === "false",
        ).p,
      ).project_id = "9999"),
    expect: [
      `high oidc-policy-changed oidc:${name(GITLAB)}#${at(
        GITLAB,
        (p) =>
          p.decision === "deny" &&
          p.teamName === "billing-prod-deploy" &&
          rulesOf(p).ref_protected === "false",
      )}`,
    ],
  },
  {
    what: "GitLab: the prod deploy narrowed (one more rule): low",
    mutate: (o) => (rulesOf(find(o, GITLAB, allowOf("billing-prod-deploy")).p).user_login = "ci"),
    expect: [
      `low oidc-policy-changed oidc:${name(GITLAB)}#${at(GITLAB, allowOf("billing-prod-deploy"))}`,
    ],
  },
  {
    what: "Azure DevOps: the prod service connection's token minted for another connection",
    mutate: (o) =>
      (rulesOf(find(o, ADO, allowOf("ledger-prod-deploy")).p).sub = "sc://acme/ledger/other"),
    expect: [
      `high oidc-policy-changed oidc:${name(ADO)}#${at(ADO, allowOf("ledger-prod-deploy"))}`,
    ],
  },
  {
    what: "Jenkins: the prod deploy allowed for the staging job (another pipeline)",
    mutate: (o) =>
      (rulesOf(find(o, JENKINS, allowOf("search-prod-deploy")).p).sub =
        "https://jenkins.example.com/job/search/job/search-infra/job/main/"),
    expect: [
      `high oidc-policy-changed oidc:${name(JENKINS)}#${at(JENKINS, allowOf("search-prod-deploy"))}`,
    ],
    names: /staging/,
  },
  {
    what: "CircleCI: the restricted-context pin of the prod deploy dropped",
    mutate: (o) =>
      delete rulesOf(find(o, CIRCLE, allowOf("mobile-prod-deploy")).p)[
        '"oidc.circleci.com/context-ids"'
      ],
    expect: [
      `high oidc-policy-changed oidc:${name(CIRCLE)}#${at(CIRCLE, allowOf("mobile-prod-deploy"))}`,
    ],
  },
  {
    what: "CircleCI: an extra allow minting the prod deploy token for any project",
    mutate: (o) =>
      policiesOf(o, CIRCLE).push({
        decision: "allow",
        tokenType: "team",
        teamName: "mobile-prod-deploy",
        authorizedPermissions: [],
        rules: { aud: "urn:pulumi:org:acme", '"oidc.circleci.com/vcs-ref"': "refs/heads/main" },
      }),
    expect: [`high oidc-policy-undeclared oidc:${name(CIRCLE)}#${policyTotal(CIRCLE)}`],
  },
  {
    what: "Jenkins: the issuer deleted",
    mutate: (o) =>
      (o.issuers = o.issuers.filter((i) => !String(i.issuer.name).startsWith(JENKINS))),
    expect: [`medium oidc-issuer-missing oidc:${name(JENKINS)}`],
  },
  {
    what: "GitHub (multi-CI): the payments prod deploy allowed from another repository id",
    mutate: (o) => (rulesOf(find(o, GH, allowOf("payments-prod-deploy")).p).repository_id = "2999"),
    expect: [`high oidc-policy-changed oidc:${GH}#${at(GH, allowOf("payments-prod-deploy"))}`],
  },
];

function policyTotal(prefix: string): number {
  return policiesOf(fakeOrgFromSnapshot(cleanMultiCi()), prefix).length;
}

const notInfo = (r: AuditReport) =>
  r.findings
    .filter((f) => f.severity !== "info")
    .map((f) => `${f.severity} ${f.code} ${f.subject}`);

describe("audit: every CI's issuer against the config (multi-CI example, spec-driven fake)", () => {
  useCloud();

  it("the clean multi-CI organization: no finding above info, the GitHub policies compared", async () => {
    const fake = start();
    const run = await runAudit(ARGS);
    const r = run.report as AuditReport;
    assert.deepEqual(notInfo(r), []);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fake.violations, []);
    const ids = r.findings.find((f) => f.code === "oidc-ids");
    assert.ok(ids, "the GitHub policies were compared");
    assert.doesNotMatch(ids.message, /billing-infra|ledger-infra/);
    assert.equal(r.githubIds.ownerId, 1001);
  });

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ")}`, async () => {
      const fake = start(c.mutate);
      const r = await expectDrift(fake, c.expect, ARGS);
      if (c.names) {
        const f = r.findings.find((x) => key(x) === c.expect[0]);
        assert.match(f?.message ?? "", /Contexts now granted:/);
        assert.match(f?.message ?? "", c.names);
      }
    });

  it("a GitHub repository whose id is unknown is named and left out; the others are still compared", () => {
    const live = JSON.parse(JSON.stringify(cleanMultiCi())) as Mutable;
    const gh = live.oidcIssuers[0];
    // web-app's id is not pinned and its live allow policies disagree on it, and payments' prod
    // deploy is widened: the first is left out by name, the second is still compared.
    const pinned = { ownerId: 1001, repositoryIds: { ...MULTI_CI_IDS.repositoryIds } };
    const withoutWeb = { ...pinned.repositoryIds } as Record<string, number>;
    delete withoutWeb["web-app"];
    let n = 0;
    for (const p of gh.policies)
      if (/^web-/.test(p.teamName ?? "") && p.decision === "allow")
        p.rules.repository_id = String(7000 + n++);
    const prod = gh.policies.findIndex(
      (p: Mutable) => p.decision === "allow" && p.teamName === "payments-prod-deploy",
    );
    gh.policies[prod].rules.ref = "refs/heads/other";
    const findings = compareAccess(model, live as LiveSnapshot, {
      deployer: DEPLOYER,
      pinnedIds: { ownerId: 1001, repositoryIds: withoutWeb },
    }).findings.filter((f) => f.code.startsWith("oidc-"));
    const keys = findings
      .filter((f) => f.severity !== "info")
      .map((f) => `${f.severity} ${f.code} ${f.subject}`);
    assert.deepEqual(keys.sort(), [
      `high oidc-policy-changed oidc:${GH}#${prod}`,
      `medium oidc-ids-unknown oidc:${GH} repository:web-app`,
    ]);
    const unknown = findings.find((f) => f.code === "oidc-ids-unknown");
    assert.match(unknown?.message ?? "", /web-/);
    assert.match(unknown?.message ?? "", /live policies left out: #\d+/);
  });
});
