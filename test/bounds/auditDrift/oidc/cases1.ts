/** Drift cases of oidc.ts, part 1 of 4. */
import { DriftCase } from "../case";
import { policies } from "./support";

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
];
