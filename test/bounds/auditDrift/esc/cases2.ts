/** Drift cases of esc.ts, part 2 of 2. */
import { DriftCase } from "../case";
import { setYaml, edit, lines } from "./support";

export const CASES: DriftCase[] = [
  {
    what: "an unprotected Azure login's ids in other case: the same; its subscription changed and a client secret",
    edit: (w) => {
      edit(
        w,
        "web/dev-cloud",
        "clientId: aaaaaaaa-bbbb-cccc-dddd-000000000001",
        "clientId: AAAAAAAA-BBBB-CCCC-DDDD-000000000001",
      );
      edit(
        w,
        "web/dev-cloud",
        "subscriptionId: 00000000-0000-0000-0000-000000000001",
        "subscriptionId: 00000000-0000-0000-0000-000000000009\n        clientSecret: s",
      );
    },
    want: [
      {
        severity: "medium",
        code: "esc-login-changed",
        subject: "environment:web/dev-cloud login:azure",
        message:
          "the azure login of web/dev-cloud differs from the declared identity (projects[1].tiers.dev.cloud.azure): clientSecret: (none) -> (a client secret); subscriptionId: 00000000-0000-0000-0000-000000000001 -> 00000000-0000-0000-0000-000000000009",
        declared: {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-000000000001",
          tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          subscriptionId: "00000000-0000-0000-0000-000000000001",
          oidc: "true",
          subjectAttributes: '["currentEnvironment.name","rootEnvironment.name"]',
        },
        live: {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-000000000001",
          tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          subscriptionId: "00000000-0000-0000-0000-000000000009",
          oidc: "true",
          subjectAttributes: '["currentEnvironment.name","rootEnvironment.name"]',
          clientSecret: "(a client secret)",
        },
      },
      {
        severity: "medium",
        code: "esc-static-credentials",
        subject: "environment:web/dev-cloud",
        message:
          "environment web/dev-cloud holds static cloud credentials at values.azure.login.fn::open::azure-login.clientSecret: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: ["values.azure.login.fn::open::azure-login.clientSecret"],
      },
    ],
  },
  {
    what: "the protected GCP login's project, pool and provider changed, and a static token",
    edit: (w) => {
      edit(w, "web/prod-cloud", "project: 123456789012", "project: 999\n        accessToken: t");
      edit(w, "web/prod-cloud", "workloadPoolId: secure-org-esc", "workloadPoolId: other");
      edit(w, "web/prod-cloud", "providerId: web-prod", "providerId: other");
    },
    want: [
      {
        severity: "high",
        code: "esc-login-changed",
        subject: "environment:web/prod-cloud login:gcp",
        message:
          "the gcp login of web/prod-cloud differs from the declared identity (projects[1].tiers.prod.cloud.gcp): accessToken: (none) -> (a static token); oidc.providerId: web-prod -> other; oidc.workloadPoolId: secure-org-esc -> other; project: 123456789012 -> 999",
        declared: {
          project: "123456789012",
          "oidc.workloadPoolId": "secure-org-esc",
          "oidc.providerId": "web-prod",
          "oidc.serviceAccount": "web-prod-deploy@acme-web-prod.iam.gserviceaccount.com",
          "oidc.subjectAttributes": '["currentEnvironment.name","rootEnvironment.name"]',
        },
        live: {
          project: "999",
          "oidc.workloadPoolId": "other",
          "oidc.providerId": "other",
          "oidc.serviceAccount": "web-prod-deploy@acme-web-prod.iam.gserviceaccount.com",
          "oidc.subjectAttributes": '["currentEnvironment.name","rootEnvironment.name"]',
          accessToken: "(a static token)",
        },
      },
    ],
  },
  {
    what: "a login environment with no login, and one with a second login of another cloud",
    edit: (w) => {
      setYaml(w, "payments/dev-cloud", "values: {}\n");
      edit(
        w,
        "payments/staging-cloud",
        "values:\n",
        lines(
          "values:",
          "  gcp:",
          "    login:",
          "      fn::open::gcp-login:",
          "        project: 1",
          "        oidc:",
          "          serviceAccount: web-prod-deploy@acme-web-prod.iam.gserviceaccount.com",
        ),
      );
    },
    want: [
      {
        severity: "high",
        code: "esc-login-changed",
        subject: "environment:payments/staging-cloud login:gcp",
        message:
          "login environment payments/staging-cloud opens an undeclared gcp login (values.gcp.login.fn::open::gcp-login) as web-prod-deploy@acme-web-prod.iam.gserviceaccount.com",
        live: {
          project: 1,
          oidc: { serviceAccount: "web-prod-deploy@acme-web-prod.iam.gserviceaccount.com" },
        },
      },
      {
        severity: "medium",
        code: "esc-login-changed",
        subject: "environment:payments/dev-cloud login:aws",
        message:
          "login environment payments/dev-cloud has no aws login, declared at projects[0].tiers.dev.cloud.aws: its stacks get no aws credentials",
        declared: "arn:aws:iam::123456789012:role/payments-dev-deploy",
      },
    ],
  },
  {
    what: "a login environment with its login twice",
    edit: (w) =>
      edit(
        w,
        "web/staging-cloud",
        "values:\n",
        lines(
          "values:",
          "  other:",
          "    fn::open::azure-login:",
          "      clientId: aaaaaaaa-bbbb-cccc-dddd-000000000002",
          "      tenantId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          "      oidc: true",
        ),
      ),
    want: [
      {
        severity: "medium",
        code: "esc-login-changed",
        subject: "environment:web/staging-cloud login:azure",
        message:
          "login environment web/staging-cloud opens an undeclared azure login (values.azure.login.fn::open::azure-login) as aaaaaaaa-bbbb-cccc-dddd-000000000002",
        live: {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-000000000002",
          tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          subscriptionId: "00000000-0000-0000-0000-000000000002",
          oidc: true,
          subjectAttributes: ["rootEnvironment.name", "currentEnvironment.name"],
        },
      },
      {
        severity: "medium",
        code: "esc-login-changed",
        subject: "environment:web/staging-cloud login:azure",
        message:
          'the azure login of web/staging-cloud differs from the declared identity (projects[1].tiers.staging.cloud.azure): subjectAttributes: ["currentEnvironment.name","rootEnvironment.name"] -> (none); subscriptionId: 00000000-0000-0000-0000-000000000002 -> (none)',
        declared: {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-000000000002",
          tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          subscriptionId: "00000000-0000-0000-0000-000000000002",
          oidc: "true",
          subjectAttributes: '["currentEnvironment.name","rootEnvironment.name"]',
        },
        live: {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-000000000002",
          tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          oidc: "true",
        },
      },
    ],
  },
  {
    what: "a tier environment that logs in itself as the protected identity: high",
    edit: (w) =>
      edit(
        w,
        "payments/dev",
        "values:\n",
        lines(
          "values:",
          "  aws:",
          "    login:",
          "      fn::open::aws-login:",
          "        oidc:",
          "          roleArn: arn:aws:iam::123456789012:role/payments-prod-deploy",
        ),
      ),
    want: [
      {
        severity: "high",
        code: "esc-login-undeclared",
        subject: "environment:payments/dev login:aws",
        message:
          "environment payments/dev opens aws credentials itself (values.aws.login.fn::open::aws-login) as arn:aws:iam::123456789012:role/payments-prod-deploy, the identity declared for payments/prod (tier prod, protected): cloud logins belong in the secure-org-owned login environment, whose trust pins the environment opened. Remove it",
        live: {
          path: "values.aws.login.fn::open::aws-login",
          role: "arn:aws:iam::123456789012:role/payments-prod-deploy",
        },
      },
    ],
  },
  {
    what: "a tier environment that logs in itself as another unprotected identity: medium",
    edit: (w) =>
      edit(
        w,
        "payments/dev",
        "values:\n",
        lines(
          "values:",
          "  aws:",
          "    login:",
          "      fn::open::aws-login:",
          "        oidc:",
          "          roleArn: arn:aws:iam::123456789012:role/payments-staging-deploy",
        ),
      ),
    want: [
      {
        severity: "medium",
        code: "esc-login-undeclared",
        subject: "environment:payments/dev login:aws",
        message:
          "environment payments/dev opens aws credentials itself (values.aws.login.fn::open::aws-login) as arn:aws:iam::123456789012:role/payments-staging-deploy, the identity declared for payments/staging (tier staging): cloud logins belong in the secure-org-owned login environment, whose trust pins the environment opened. Remove it",
        live: {
          path: "values.aws.login.fn::open::aws-login",
          role: "arn:aws:iam::123456789012:role/payments-staging-deploy",
        },
      },
    ],
  },
  {
    what: "a managed tier environment that logs in itself to an undeclared role: medium",
    edit: (w) =>
      edit(
        w,
        "payments/dev",
        "values:\n",
        lines(
          "values:",
          "  gcp:",
          "    login:",
          "      fn::open::gcp-login:",
          "        project: 1",
        ),
      ),
    want: [
      {
        severity: "medium",
        code: "esc-login-undeclared",
        subject: "environment:payments/dev login:gcp",
        message:
          "environment payments/dev opens gcp credentials itself (values.gcp.login.fn::open::gcp-login) as (none), a role the config does not declare: cloud logins belong in the secure-org-owned login environment, whose trust pins the environment opened. Remove it",
        live: { path: "values.gcp.login.fn::open::gcp-login", role: "(none)" },
      },
    ],
  },
  {
    what: "an environment without a managed cloud logging in to an undeclared role: nothing",
    edit: (w) =>
      edit(
        w,
        "secure-org/prod",
        "roleArn: arn:aws:iam::123456789012:role/secure-org-prod-deploy",
        "roleArn: arn:aws:iam::123456789012:role/other",
      ),
    want: [],
  },
  {
    what: "what a break-glass environment imports is compared; imports of it are not (breakGlass.ts)",
    edit: (w) => {
      setYaml(w, "payments/prod-breakglass", "imports:\n  - payments/prod-cloud\n");
      edit(w, "web/dev", "  - web/dev-cloud", "  - web/dev-cloud\n  - payments/prod-breakglass");
    },
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod-breakglass import:payments/prod-cloud",
        message:
          "environment payments/prod-breakglass imports payments/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
    ],
  },
];
