/** Drift cases of oidc.ts, part 3 of 4. */
import { DriftCase } from "../case";
import { policies, copy, rogue } from "./support";

export const CASES: DriftCase[] = [
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
];
