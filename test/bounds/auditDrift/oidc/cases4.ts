/** Drift cases of oidc.ts, part 4 of 4. */
import { Mutable } from "../../../audit/harness";
import { DriftCase } from "../case";
import { issuer, mc } from "./support";

export const CASES: DriftCase[] = [
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
