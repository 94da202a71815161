/** Drift cases of oidc.ts, part 2 of 4. */
import { DriftCase } from "../case";
import { policies, copy } from "./support";

export const CASES: DriftCase[] = [
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
];
