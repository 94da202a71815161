/**
 * Drift cases: OIDC issuers and policies. The GitHub issuer's policies in the clean organization
 * (prod example): #0 the organization token's allow (platform, push on main), #1-#5 its denies,
 * #6 payments-prod-deploy's allow, #7-#11 its denies (#7 pull_request), #12 the drift team's allow,
 * #19 payments-staging-deploy's allow, #25 the preview's allow (pull_request on main), #29/#30 the
 * auditor's allows.
 */
import { AccessModel, buildAccessModel } from "../../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../../model/load";
import { AuditFinding, impliedSnapshot } from "../../../audit/compare";
import { DEPLOYER, Mutable, NOW, PACK_VERSION } from "../../audit/harness";
import { MULTI_CI_IDS, multiCiDoc } from "../../support/multiCi";
import { DriftCase } from "./case";

/** The multi-CI example's model, as `audit --stack multi-ci` builds it. */
export function multiCi(): AccessModel {
  const r = loadOrgConfig(entriesFromStackFile(multiCiDoc()), {
    stack: "multi-ci",
    project: "secure-org",
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return buildAccessModel(r.config, r.warnings);
}
const multiCiWorld = (m: AccessModel) =>
  impliedSnapshot(m, MULTI_CI_IDS, { deployer: DEPLOYER, now: NOW, packVersionTag: PACK_VERSION });
const issuer = (w: Mutable, prefix: string): Mutable =>
  w.oidcIssuers.find((i: Mutable) => i.name.startsWith(prefix));
/** A multi-CI case. */
const mc = (
  what: string,
  edit: (w: Mutable) => void,
  want: readonly AuditFinding[],
): DriftCase => ({
  what: `multi-CI: ${what}`,
  model: multiCi,
  world: multiCiWorld,
  edit,
  want,
});

const policies = (w: Mutable): Mutable[] => w.oidcIssuers[0].policies;
const copy = (p: Mutable): Mutable => JSON.parse(JSON.stringify(p));
const rogue = (ps: Mutable[]) => ({
  id: "rogue",
  name: "rogue",
  url: "https://rogue.example.com",
  policies: ps,
});

export const CASES: DriftCase[] = [
  // Wildcards and pins.
  {
    what: "a `*` in an allow's ref: a wildcard, reported once (not also as changed)",
    edit: (w) => (policies(w)[6].rules.ref = "refs/heads/*"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-wildcard",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/*","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"}: ref = "refs/heads/*" (also "refs/heads/x") matches more than one context; pin exact values',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/*",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a `?` in an allow's environment",
    edit: (w) => (policies(w)[6].rules.environment = "pro?"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-wildcard",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"pro?","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"}: environment = "pro?" (also "pro") matches more than one context; pin exact values',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "pro?",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a `.` in an allow's repository_id pin matches another id",
    edit: (w) => (policies(w)[6].rules.repository_id = "200."),
    want: [
      {
        severity: "high",
        code: "oidc-policy-wildcard",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"200.","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"}: repository_id = "200." (also "200-") matches more than one context; pin exact values',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "200.",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a rule on a claim the token does not carry: admits less (low)",
    edit: (w) => (policies(w)[6].rules["not a claim"] = "x"),
    want: [
      {
        severity: "low",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main","not a claim":"x"} differs from the declared policy (not a claim: null -> "x"): admits less than the declared policy: that pipeline may not obtain its token',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
            "not a claim": "x",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a rule key that is no claim path (an unterminated quote)",
    edit: (w) => (policies(w)[6].rules['"sub'] = "x"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-wildcard",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main","\\"sub":"x"}: rule key "\\"sub": has an unterminated quote (not a documented claim path) matches more than one context; pin exact values',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
            '"sub': "x",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a team allow that also names a user: token fields differ",
    edit: (w) => (policies(w)[6].userLogin = "mallory"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"} differs from the declared policy (token fields): admits claims the declared policy does not (token fields differ)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
          userLogin: "mallory",
        },
      },
    ],
  },
  {
    what: "a team scope that is a pattern",
    edit: (w) => (policies(w)[6].teamName = "payments-prod-*"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-wildcard",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-* when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"}: team scope "payments-prod-*" (also team "payments-prod-x") matches more than one context; pin exact values',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-*",
        },
      },
    ],
  },
  {
    what: "a wildcard in a deny is not a wildcard finding (it only denies more)",
    edit: (w) => (policies(w)[7].rules.event_name = "pull_request*"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"pull_request"} is missing: that safety net is gone',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
      },
      {
        severity: "low",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"pull_request*"} is not implied by the config',
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request*" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a GitHub allow without its owner id pin",
    edit: (w) => delete policies(w)[19].rules.repository_owner_id,
    want: [
      {
        severity: "high",
        code: "oidc-policy-unpinned",
        subject: "oidc:github-actions#19",
        message:
          'allow team payments-staging-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","environment":"staging","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-staging.yml@refs/heads/main"} does not pin repository_owner_id: a job of another repository, owner or audience could obtain the token',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2001",
            environment: "staging",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-staging.yml@refs/heads/main",
          },
          teamName: "payments-staging-deploy",
        },
      },
    ],
  },
  {
    what: "a GitHub allow without any pin",
    edit: (w) => {
      const r = policies(w)[19].rules;
      delete r.aud;
      delete r.repository_id;
      delete r.repository_owner_id;
    },
    want: [
      {
        severity: "high",
        code: "oidc-policy-unpinned",
        subject: "oidc:github-actions#19",
        message:
          'allow team payments-staging-deploy when {"environment":"staging","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-staging.yml@refs/heads/main"} does not pin aud, repository_id, repository_owner_id: a job of another repository, owner or audience could obtain the token',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            environment: "staging",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-staging.yml@refs/heads/main",
          },
          teamName: "payments-staging-deploy",
        },
      },
    ],
  },
  {
    what: "a GitHub allow with no rules at all",
    edit: (w) => delete policies(w)[29].rules,
    want: [
      {
        severity: "high",
        code: "oidc-policy-unpinned",
        subject: "oidc:github-actions#29",
        message:
          "allow team secure-org-auditor when {} does not pin aud, repository_id, repository_owner_id: a job of another repository, owner or audience could obtain the token",
        live: { decision: "allow", tokenType: "team", teamName: "secure-org-auditor" },
      },
      {
        severity: "low",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#29",
        message:
          'allow team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"audit","ref":"refs/heads/main","ref_type":"branch","event_name":"schedule","job_workflow_ref":"acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main"} is missing: that pipeline cannot obtain its token',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "audit",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "schedule",
            job_workflow_ref:
              "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
          },
          teamName: "secure-org-auditor",
        },
      },
    ],
  },
  // Changed, undeclared and missing policies.
  {
    what: "an allow's environment changed: admits claims the declared one does not",
    edit: (w) => (policies(w)[6].rules.environment = "staging"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"staging","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"} differs from the declared policy (environment: "prod" -> "staging"): admits claims the declared policy does not (environment other than declared)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "staging",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "an allow's declared rule dropped (not a pin): admits more",
    edit: (w) => delete policies(w)[6].rules.job_workflow_ref,
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push"} differs from the declared policy (job_workflow_ref: "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main" -> null): admits claims the declared policy does not (job_workflow_ref no longer pinned). Contexts now granted: github-actions: payments/prod deploy: push to main in environment prod (from another workflow file on the branch) [legacy sub] (team:payments-prod-deploy); github-actions: payments/prod deploy: push to main in environment prod (from another workflow file on the branch) [immutable sub] (team:payments-prod-deploy)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "an allow with one more rule: admits less (low)",
    edit: (w) => (policies(w)[6].rules.actor = "release-bot"),
    want: [
      {
        severity: "low",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main","actor":"release-bot"} differs from the declared policy (actor: null -> "release-bot"): admits less than the declared policy: that pipeline may not obtain its token',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
            actor: "release-bot",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "an organization allow with other authorized permissions: another policy (undeclared, and the declared one missing)",
    edit: (w) => (policies(w)[0].authorizedPermissions = ["admin", "member"]),
    want: [
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#0",
        message:
          'allow organization token [admin, member] when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main"} is not implied by the config',
        live: {
          decision: "allow",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
          },
          authorizedPermissions: ["admin", "member"],
        },
      },
      {
        severity: "low",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#0",
        message:
          'allow organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main"} is missing: that pipeline cannot obtain its token',
        declared: {
          decision: "allow",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
          },
          authorizedPermissions: ["admin"],
        },
      },
    ],
  },
  {
    what: "a deny with one more rule: refuses less (high)",
    edit: (w) => (policies(w)[7].rules.ref = "refs/heads/main"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"pull_request","ref":"refs/heads/main"} differs from the declared policy (ref: null -> "refs/heads/main"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2001",
            event_name: "pull_request",
            ref: "refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a deny with one rule fewer: refuses more (low)",
    edit: (w) => delete policies(w)[7].rules.repository_id,
    want: [
      {
        severity: "low",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","event_name":"pull_request"} differs from the declared policy (repository_id: "2001" -> null): refuses more than the declared deny',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a deny whose value no longer matches the declared one: refuses less",
    edit: (w) => (policies(w)[7].rules.aud = "urn:pulumi:org:other"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:other","repository_id":"2001","event_name":"pull_request"} differs from the declared policy (aud: "urn:pulumi:org:acme" -> "urn:pulumi:org:other"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:other", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "an extra, fully pinned allow the config does not imply",
    edit: (w) => {
      const p = copy(policies(w)[6]);
      p.rules.event_name = "workflow_dispatch";
      policies(w).push(p);
    },
    want: [
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#35",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"workflow_dispatch","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"} is not implied by the config',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "workflow_dispatch",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "an extra deny the config does not imply: low",
    edit: (w) => {
      const p = copy(policies(w)[7]);
      p.rules.event_name = "merge_group";
      policies(w).push(p);
    },
    want: [
      {
        severity: "low",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#35",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"merge_group"} is not implied by the config',
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "merge_group" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a second exact copy of a declared deny is undeclared (low)",
    edit: (w) => policies(w).push(copy(policies(w)[7])),
    want: [
      {
        severity: "low",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#35",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"pull_request"} is not implied by the config',
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a declared deny missing: the safety net is gone, and what it refused is granted",
    edit: (w) => policies(w).splice(7, 1),
    want: [
      {
        severity: "high",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#7",
        message:
          'deny team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_id":"2001","event_name":"pull_request"} is missing: that safety net is gone',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", event_name: "pull_request" },
          teamName: "payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a declared allow missing: that pipeline cannot obtain its token (low)",
    edit: (w) => policies(w).splice(12, 1),
    want: [
      {
        severity: "low",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#12",
        message:
          'allow team payments-prod-drift when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"payments-prod-drift","ref":"refs/heads/main","ref_type":"branch","event_name":"schedule","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod-drift.yml@refs/heads/main"} is missing: that pipeline cannot obtain its token',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "payments-prod-drift",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "schedule",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod-drift.yml@refs/heads/main",
          },
          teamName: "payments-prod-drift",
        },
      },
    ],
  },
  {
    what: "a declared organization deny missing",
    edit: (w) => policies(w).splice(1, 1),
    want: [
      {
        severity: "high",
        code: "oidc-policy-missing",
        subject: "oidc:github-actions expected#1",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"pull_request"} is missing: that safety net is gone',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "pull_request" },
          authorizedPermissions: ["admin"],
        },
      },
    ],
  },
  {
    what: "two allows of one team swapped in order: nothing",
    edit: (w) => {
      const ps = policies(w);
      [ps[29], ps[30]] = [ps[30], ps[29]];
    },
    want: [],
  },
  {
    what: "a user token allow and a runner token allow nobody declares",
    edit: (w) =>
      policies(w).push(
        {
          decision: "allow",
          tokenType: "personal",
          userLogin: "mallory",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" },
        },
        {
          decision: "allow",
          tokenType: "runner",
          runnerID: "r-1",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" },
        },
      ),
    want: [
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#35",
        message:
          'allow personal token mallory when {"aud":"urn:pulumi:org:acme","repository_id":"2001","repository_owner_id":"1001"} is not implied by the config',
        live: {
          decision: "allow",
          tokenType: "personal",
          userLogin: "mallory",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" },
        },
      },
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:github-actions#36",
        message:
          'allow runner token r-1 when {"aud":"urn:pulumi:org:acme","repository_id":"2001","repository_owner_id":"1001"} is not implied by the config',
        live: {
          decision: "allow",
          tokenType: "runner",
          runnerID: "r-1",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" },
        },
      },
    ],
  },
  // Ids.
  {
    what: "the live allows disagree on the owner id: nothing compared",
    edit: (w) => (policies(w)[6].rules.repository_owner_id = "1002"),
    want: [
      {
        severity: "medium",
        code: "oidc-ids-unknown",
        subject: "oidc:github-actions",
        message:
          "the policies of github-actions were not compared with the config: the live allow policies do not agree on one owner id. Pin github.ownerId and projects[].repositoryId in the config",
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "the owner id pinned in config: compared even when the live owner ids disagree",
    opts: { pinnedIds: { ownerId: 1001, repositoryIds: {} } },
    edit: (w) => (policies(w)[6].rules.repository_owner_id = "1002"),
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#6",
        message:
          'allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1002","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"} differs from the declared policy (repository_owner_id: "1001" -> "1002"): admits claims the declared policy does not (repository_owner_id other than declared)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1002",
            repository_id: "2001",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
          },
          teamName: "payments-prod-deploy",
        },
      },
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from config+live)',
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "the live allows of one repository disagree on its id: that repository is left out",
    edit: (w) => (policies(w)[19].rules.repository_id = "2002"),
    want: [
      {
        severity: "medium",
        code: "oidc-ids-unknown",
        subject: "oidc:github-actions repository:payments-infra",
        message:
          "the policies of GitHub repository payments-infra (identities payments-staging-deploy deploy, payments-staging-preview preview, payments-prod-deploy deploy, payments-prod-drift drift) were not compared with the config: the live allow policies of its identities do not agree on one repository id; live policies left out: #6, #7, #8, #9, #10, #11, #12, #13, #14, #15, #16, #17, #18, #19, #20, #21, #22, #23, #24, #25, #26, #27, #28. The other repositories' policies were compared. Pin projects[].repositoryId in the config",
      },
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"platform":2003} (from live)',
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "all ids pinned in config: the source is config",
    opts: {
      pinnedIds: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    },
    edit: () => undefined,
    want: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from config)',
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "a pinned repository id the live policies do not have: each of its allows and denies changed",
    opts: { pinnedIds: { ownerId: 1001, repositoryIds: { platform: 2004 } } },
    edit: () => undefined,
    want: [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#0",
        message:
          'allow organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main"} differs from the declared policy (repository_id: "2004" -> "2003"): admits claims the declared policy does not (repository_id other than declared)',
        declared: {
          decision: "allow",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2004",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
          },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "allow",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
          },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#1",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"pull_request"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "pull_request" },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "pull_request" },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#2",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"pull_request_target"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2004",
            event_name: "pull_request_target",
          },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2003",
            event_name: "pull_request_target",
          },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#29",
        message:
          'allow team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"audit","ref":"refs/heads/main","ref_type":"branch","event_name":"schedule","job_workflow_ref":"acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main"} differs from the declared policy (repository_id: "2004" -> "2003"): admits claims the declared policy does not (repository_id other than declared)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2004",
            environment: "audit",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "schedule",
            job_workflow_ref:
              "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
          },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "audit",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "schedule",
            job_workflow_ref:
              "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
          },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#3",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"workflow_run"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "workflow_run" },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "workflow_run" },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#30",
        message:
          'allow team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2003","environment":"audit","ref":"refs/heads/main","ref_type":"branch","event_name":"workflow_dispatch","job_workflow_ref":"acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main"} differs from the declared policy (repository_id: "2004" -> "2003"): admits claims the declared policy does not (repository_id other than declared)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2004",
            environment: "audit",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "workflow_dispatch",
            job_workflow_ref:
              "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
          },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "audit",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "workflow_dispatch",
            job_workflow_ref:
              "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
          },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#31",
        message:
          'deny team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"pull_request"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "pull_request" },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "pull_request" },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#32",
        message:
          'deny team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"pull_request_target"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2004",
            event_name: "pull_request_target",
          },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2003",
            event_name: "pull_request_target",
          },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#33",
        message:
          'deny team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"workflow_run"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "workflow_run" },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "workflow_run" },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#34",
        message:
          'deny team secure-org-auditor when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"issue_comment"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "issue_comment" },
          teamName: "secure-org-auditor",
        },
        live: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "issue_comment" },
          teamName: "secure-org-auditor",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#4",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"issue_comment"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2004", event_name: "issue_comment" },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "issue_comment" },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:github-actions#5",
        message:
          'deny organization token [admin] when {"aud":"urn:pulumi:org:acme","repository_id":"2003","event_name":"workflow_dispatch"} differs from the declared policy (repository_id: "2004" -> "2003"): refuses less than the declared deny: contexts it should refuse are no longer refused',
        declared: {
          decision: "deny",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2004",
            event_name: "workflow_dispatch",
          },
          authorizedPermissions: ["admin"],
        },
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_id: "2003",
            event_name: "workflow_dispatch",
          },
          authorizedPermissions: ["admin"],
        },
      },
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2004} (from config+live)',
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  // Issuers.
  {
    what: "no GitHub issuer",
    edit: (w) => (w.oidcIssuers = []),
    want: [
      {
        severity: "medium",
        code: "oidc-issuer-missing",
        subject: "oidc:github-actions",
        message:
          "no OIDC issuer for https://token.actions.githubusercontent.com: the pipelines cannot obtain tokens",
      },
    ],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "no issuers read: nothing about OIDC is compared",
    edit: (w) => delete w.oidcIssuers,
    want: [],
    gone: [
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message:
          'policies compared with the config using GitHub owner id 1001 and repository ids {"payments-infra":2001,"platform":2003} (from live)',
      },
    ],
  },
  {
    what: "a second registration of the GitHub issuer's URL, with one allow",
    edit: (w) =>
      w.oidcIssuers.push({
        ...copy(w.oidcIssuers[0]),
        id: "second",
        name: "gh-2",
        policies: [copy(policies(w)[6])],
      }),
    want: [
      {
        severity: "high",
        code: "oidc-issuer-undeclared",
        subject: "oidc:gh-2",
        message:
          'OIDC issuer gh-2 (https://token.actions.githubusercontent.com) is not declared: this program does not manage it (a second registration of a managed issuer\'s URL) and oidc.additionalIssuers does not accept it; whoever can sign its tokens obtains what its 1 allow policy grants: #0 allow team payments-prod-deploy when {"aud":"urn:pulumi:org:acme","repository_owner_id":"1001","repository_id":"2001","environment":"prod","ref":"refs/heads/main","ref_type":"branch","event_name":"push","job_workflow_ref":"acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main"}. Delete it, or declare it in oidc.additionalIssuers with a reason',
        live: {
          url: "https://token.actions.githubusercontent.com",
          policies: [
            {
              decision: "allow",
              tokenType: "team",
              rules: {
                aud: "urn:pulumi:org:acme",
                repository_owner_id: "1001",
                repository_id: "2001",
                environment: "prod",
                ref: "refs/heads/main",
                ref_type: "branch",
                event_name: "push",
                job_workflow_ref:
                  "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
              },
              teamName: "payments-prod-deploy",
            },
          ],
        },
      },
    ],
  },
  {
    what: "an undeclared issuer with two allows and a deny",
    edit: (w) =>
      w.oidcIssuers.push(
        rogue([
          { decision: "allow", tokenType: "team", teamName: "platform", rules: { sub: "a" } },
          { decision: "allow", tokenType: "personal", userLogin: "eve", rules: { sub: "b" } },
          { decision: "deny", tokenType: "runner", runnerID: "r", rules: {} },
        ]),
      ),
    want: [
      {
        severity: "high",
        code: "oidc-issuer-undeclared",
        subject: "oidc:rogue",
        message:
          'OIDC issuer rogue (https://rogue.example.com) is not declared: this program does not manage it and oidc.additionalIssuers does not accept it; whoever can sign its tokens obtains what its 2 allow policies grant: #0 allow team platform when {"sub":"a"}; #1 allow personal token eve when {"sub":"b"}; #2 deny runner token r when {}. Delete it, or declare it in oidc.additionalIssuers with a reason',
        live: {
          url: "https://rogue.example.com",
          policies: [
            { decision: "allow", tokenType: "team", teamName: "platform", rules: { sub: "a" } },
            { decision: "allow", tokenType: "personal", userLogin: "eve", rules: { sub: "b" } },
            { decision: "deny", tokenType: "runner", runnerID: "r", rules: {} },
          ],
        },
      },
    ],
  },
  {
    what: "an undeclared issuer with only deny policies: low",
    edit: (w) =>
      w.oidcIssuers.push(
        rogue([{ decision: "deny", tokenType: "team", teamName: "platform", rules: { sub: "a" } }]),
      ),
    want: [
      {
        severity: "low",
        code: "oidc-issuer-undeclared",
        subject: "oidc:rogue",
        message:
          'OIDC issuer rogue (https://rogue.example.com) is not declared: this program does not manage it and oidc.additionalIssuers does not accept it; it has only deny policies (#0 deny team platform when {"sub":"a"}), so it grants nothing',
        live: {
          url: "https://rogue.example.com",
          policies: [
            { decision: "deny", tokenType: "team", teamName: "platform", rules: { sub: "a" } },
          ],
        },
      },
    ],
  },
  {
    what: "an undeclared issuer with no policies: info",
    edit: (w) => w.oidcIssuers.push(rogue([])),
    want: [
      {
        severity: "info",
        code: "oidc-issuer-undeclared",
        subject: "oidc:rogue",
        message:
          "OIDC issuer rogue (https://rogue.example.com) is not declared: this program does not manage it and oidc.additionalIssuers does not accept it; it has no policies, so it grants nothing",
        live: { url: "https://rogue.example.com", policies: [] },
      },
    ],
  },
  {
    what: "an undeclared issuer with one organization allow for members only",
    edit: (w) =>
      w.oidcIssuers.push(
        rogue([
          {
            decision: "allow",
            tokenType: "organization",
            authorizedPermissions: ["member"],
            rules: { aud: "x" },
          },
        ]),
      ),
    want: [
      {
        severity: "high",
        code: "oidc-issuer-undeclared",
        subject: "oidc:rogue",
        message:
          'OIDC issuer rogue (https://rogue.example.com) is not declared: this program does not manage it and oidc.additionalIssuers does not accept it; whoever can sign its tokens obtains what its 1 allow policy grants: #0 allow organization token [member] when {"aud":"x"}. Delete it, or declare it in oidc.additionalIssuers with a reason',
        live: {
          url: "https://rogue.example.com",
          policies: [
            {
              decision: "allow",
              tokenType: "organization",
              authorizedPermissions: ["member"],
              rules: { aud: "x" },
            },
          ],
        },
      },
    ],
  },
  mc(
    "GitLab: the prod deploy allowed from another branch",
    (w) => (issuer(w, "gitlab").policies[0].rules.ref = "release"),
    [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:gitlab-gitlab-example-com#0",
        message:
          'allow team billing-prod-deploy when {"aud":"urn:pulumi:org:acme","project_id":"4242","namespace_id":"77","pipeline_source":"push","ref":"release","ref_type":"branch","ref_protected":"true","environment":"prod","environment_protected":"true"} differs from the declared policy (ref: "main" -> "release"): admits claims the declared policy does not (ref other than declared)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            project_id: "4242",
            namespace_id: "77",
            pipeline_source: "push",
            ref: "main",
            ref_type: "branch",
            ref_protected: "true",
            environment: "prod",
            environment_protected: "true",
          },
          teamName: "billing-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            project_id: "4242",
            namespace_id: "77",
            pipeline_source: "push",
            ref: "release",
            ref_type: "branch",
            ref_protected: "true",
            environment: "prod",
            environment_protected: "true",
          },
          teamName: "billing-prod-deploy",
        },
      },
    ],
  ),
  mc(
    "GitLab: the merge-request deny of the prod deploy removed",
    (w) => issuer(w, "gitlab").policies.splice(1, 1),
    [
      {
        severity: "high",
        code: "oidc-policy-missing",
        subject: "oidc:gitlab-gitlab-example-com expected#1",
        message:
          'deny team billing-prod-deploy when {"aud":"urn:pulumi:org:acme","project_id":"4242","pipeline_source":"merge_request_event"} is missing: that safety net is gone',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            project_id: "4242",
            pipeline_source: "merge_request_event",
          },
          teamName: "billing-prod-deploy",
        },
      },
    ],
  ),
  mc(
    "GitLab: the unprotected-ref deny dropped and the protected-ref pin dropped",
    (w) => {
      const ps = issuer(w, "gitlab").policies;
      delete ps[0].rules.ref_protected;
      ps.splice(11, 1);
    },
    [
      {
        severity: "high",
        code: "oidc-policy-changed",
        subject: "oidc:gitlab-gitlab-example-com#0",
        message:
          'allow team billing-prod-deploy when {"aud":"urn:pulumi:org:acme","project_id":"4242","namespace_id":"77","pipeline_source":"push","ref":"main","ref_type":"branch","environment":"prod","environment_protected":"true"} differs from the declared policy (ref_protected: "true" -> null): admits claims the declared policy does not (ref_protected no longer pinned). Contexts now granted: gitlab: billing-prod-deploy deploy: push pipeline on main in environment prod (protected) of project 4242 (an unprotected ref of the same name) (team:billing-prod-deploy)',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            project_id: "4242",
            namespace_id: "77",
            pipeline_source: "push",
            ref: "main",
            ref_type: "branch",
            ref_protected: "true",
            environment: "prod",
            environment_protected: "true",
          },
          teamName: "billing-prod-deploy",
        },
        live: {
          decision: "allow",
          tokenType: "team",
          rules: {
            aud: "urn:pulumi:org:acme",
            project_id: "4242",
            namespace_id: "77",
            pipeline_source: "push",
            ref: "main",
            ref_type: "branch",
            environment: "prod",
            environment_protected: "true",
          },
          teamName: "billing-prod-deploy",
        },
      },
      {
        severity: "high",
        code: "oidc-policy-missing",
        subject: "oidc:gitlab-gitlab-example-com expected#11",
        message:
          'deny team billing-prod-deploy when {"aud":"urn:pulumi:org:acme","project_id":"4242","ref_protected":"false"} is missing: that safety net is gone',
        declared: {
          decision: "deny",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme", project_id: "4242", ref_protected: "false" },
          teamName: "billing-prod-deploy",
        },
      },
    ],
  ),
  mc(
    "Jenkins: the issuer deleted",
    (w) => (w.oidcIssuers = w.oidcIssuers.filter((i: Mutable) => !i.name.startsWith("jenkins"))),
    [
      {
        severity: "medium",
        code: "oidc-issuer-missing",
        subject: "oidc:jenkins-jenkins-example-com-oidc",
        message:
          "no OIDC issuer for https://jenkins.example.com/oidc (jenkins): its pipelines cannot obtain tokens",
      },
    ],
  ),
  mc(
    "CircleCI: an extra allow for any project",
    (w) => {
      const ps = issuer(w, "circleci").policies;
      const p = JSON.parse(JSON.stringify(ps.find((x: Mutable) => x.decision === "allow")));
      p.rules = { aud: p.rules.aud };
      ps.push(p);
    },
    [
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:circleci-oidc-circleci-com-org-3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f#6",
        message:
          'allow team mobile-prod-deploy when {"aud":"urn:pulumi:org:acme"} is not implied by the config. Contexts now granted: circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/feature/other of github.com/acme/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (another branch) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/someone-else/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (a fork\'s build of its own main) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra without a context (without the context) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 00000000-0000-4000-8000-00000000c0de (in another context) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (SSH rerun) (an SSH rerun) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (another project) (team:mobile-prod-deploy); circleci: mobile-staging-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b (another CircleCI organization) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra in context 6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/main of github.com/someone-else/mobile-infra in context 6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c (a fork\'s build of its own main) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra without a context (without the context) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra in context 00000000-0000-4000-8000-00000000c0de (in another context) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra in context 6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c (SSH rerun) (an SSH rerun) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra in context 6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c (another project) (team:mobile-prod-deploy); circleci: mobile-staging-preview preview: job on refs/heads/feature/change of github.com/acme/mobile-infra in context 6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c (another CircleCI organization) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/feature/other of github.com/acme/mobile-infra in context 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d (another branch) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/main of github.com/someone-else/mobile-infra in context 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d (a fork\'s build of its own main) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra without a context (without the context) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 00000000-0000-4000-8000-00000000c0de (in another context) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d (SSH rerun) (an SSH rerun) (team:mobile-prod-deploy); circleci: mobile-prod-deploy deploy: job on refs/heads/main of github.com/acme/mobile-infra in context 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d (another project) (team:mobile-prod-deploy)',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: { aud: "urn:pulumi:org:acme" },
          teamName: "mobile-prod-deploy",
        },
      },
    ],
  ),
  mc(
    "Azure DevOps: a policy's team changed",
    (w) => {
      const p = issuer(w, "azure").policies.find((x: Mutable) => x.decision === "allow");
      p.teamName = `${p.teamName}-x`;
    },
    [
      {
        severity: "high",
        code: "oidc-policy-undeclared",
        subject: "oidc:azure-devops-vstoken-dev-azure-com-6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f#0",
        message:
          'allow team ledger-prod-deploy-x when {"aud":"api://AzureADTokenExchange","sub":"sc://acme/ledger/pulumi-ledger-prod"} is not implied by the config',
        live: {
          decision: "allow",
          tokenType: "team",
          rules: { aud: "api://AzureADTokenExchange", sub: "sc://acme/ledger/pulumi-ledger-prod" },
          teamName: "ledger-prod-deploy-x",
        },
      },
      {
        severity: "low",
        code: "oidc-policy-missing",
        subject:
          "oidc:azure-devops-vstoken-dev-azure-com-6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f expected#0",
        message:
          'allow team ledger-prod-deploy when {"aud":"api://AzureADTokenExchange","sub":"sc://acme/ledger/pulumi-ledger-prod"} is missing: that pipeline cannot obtain its token',
        declared: {
          decision: "allow",
          tokenType: "team",
          rules: { aud: "api://AzureADTokenExchange", sub: "sc://acme/ledger/pulumi-ledger-prod" },
          teamName: "ledger-prod-deploy",
        },
      },
    ],
  ),
];
