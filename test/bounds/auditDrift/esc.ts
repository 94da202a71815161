/**
 * Drift cases: ESC definitions. Static credentials and secrets, unreadable definitions, imports
 * (direct, transitive, implicit) and logins, against the clean organization (prod example):
 * payments/<tier> import their AWS login environment payments/<tier>-cloud, web/<tier> their
 * Azure (dev, staging) or GCP (prod) login environment; secure-org/prod logs in by itself.
 */
import { Mutable } from "../../audit/harness";
import { DriftCase } from "./case";

const def = (w: Mutable, key: string) =>
  w.definitions.find((d: Mutable) => `${d.project}/${d.name}` === key);
const setYaml = (w: Mutable, key: string, yaml: string) => (def(w, key).yaml = yaml);
const edit = (w: Mutable, key: string, from: string | RegExp, to: string) =>
  (def(w, key).yaml = def(w, key).yaml.replace(from, to));
const lines = (...l: string[]) => [...l, ""].join("\n");

export const CASES: DriftCase[] = [
  // Static credentials and secrets.
  {
    what: "static AWS keys in a protected environment, by key name and by shape",
    edit: (w) =>
      setYaml(
        w,
        "payments/prod",
        lines(
          "imports:",
          "  - payments/prod-cloud",
          "values:",
          "  aws:",
          "    creds:",
          "      accessKeyId: AKIAIOSFODNN7EXAMPLE",
          "      Secret-Access_Key:",
          "        fn::secret:",
          "          ciphertext: ZXNjeAAAAAEAAAEAf1Vj",
          "  notes:",
          "    - plain",
          "    - key ASIAIOSFODNN7EXAMPLE in a list",
          "  token: pul-0123456789abcdef0123456789abcdef01234567",
          "  nottoken: xpul-0123456789abcdef0123456789abcdef01234567",
          "  short: AKIAIOSFODNN7EXAMPL",
          "  environmentVariables:",
          "    AWS_ACCESS_KEY_ID: ${aws.creds.accessKeyId}",
          "    AWS_SESSION_TOKEN: '${a.b} ${c.d}'",
          "    privateKey: ''",
          "    clientSecret: ~",
        ),
      ),
    want: [
      {
        severity: "high",
        code: "esc-static-credentials",
        subject: "environment:payments/prod",
        message:
          "protected environment payments/prod holds static cloud credentials at values.aws.creds.accessKeyId, values.aws.creds.Secret-Access_Key, values.notes[1], values.token: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: [
          "values.aws.creds.accessKeyId",
          "values.aws.creds.Secret-Access_Key",
          "values.notes[1]",
          "values.token",
        ],
      },
    ],
  },
  {
    what: "static credentials in an unprotected environment: medium, and its other secrets are not listed",
    edit: (w) =>
      setYaml(
        w,
        "payments/dev",
        lines(
          "imports:",
          "  - payments/dev-cloud",
          "values:",
          "  GOOGLE_CREDENTIALS: '{}'",
          "  other:",
          "    fn::secret: abc",
        ),
      ),
    want: [
      {
        severity: "medium",
        code: "esc-static-credentials",
        subject: "environment:payments/dev",
        message:
          "environment payments/dev holds static cloud credentials at values.GOOGLE_CREDENTIALS: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: ["values.GOOGLE_CREDENTIALS"],
      },
    ],
  },
  {
    what: "a static secret in a protected environment that is no credential by name or shape",
    edit: (w) =>
      setYaml(
        w,
        "payments/prod",
        lines(
          "imports:",
          "  - payments/prod-cloud",
          "values:",
          "  db:",
          "    password:",
          "      fn::secret:",
          "        ciphertext: abc",
          "  list:",
          "    - fn::secret: x",
          "  accessKeyId:",
          "    fn::secret: y",
        ),
      ),
    want: [
      {
        severity: "high",
        code: "esc-static-credentials",
        subject: "environment:payments/prod",
        message:
          "protected environment payments/prod holds static cloud credentials at values.accessKeyId: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: ["values.accessKeyId"],
      },
      {
        severity: "medium",
        code: "esc-static-secret",
        subject: "environment:payments/prod",
        message:
          "protected environment payments/prod holds static secrets at values.db.password, values.list[0]: encrypted, their shape cannot be judged; if one is a credential (a cloud key, a Pulumi token), replace it with a login or a dynamic secret provider",
        live: ["values.db.password", "values.list[0]"],
      },
    ],
  },
  {
    what: "a definition that is not valid YAML",
    edit: (w) => setYaml(w, "payments/prod", "values: [unclosed\n"),
    want: [
      {
        severity: "low",
        code: "esc-definition-unreadable",
        subject: "environment:payments/prod",
        message:
          "the definition of payments/prod is not valid YAML, so it was not checked for static credentials, imports or logins",
      },
    ],
  },
  {
    what: "static credentials in an environment no config declares, named like no tier: not read",
    edit: (w) =>
      w.definitions.push({
        project: "analytics",
        name: "shared",
        yaml: "values:\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n",
      }),
    want: [],
  },
  {
    what: "static credentials in an undeclared environment named like the protected tier: high",
    edit: (w) =>
      w.definitions.push({
        project: "analytics",
        name: "prod",
        yaml: "values:\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n",
      }),
    want: [
      {
        severity: "high",
        code: "esc-static-credentials",
        subject: "environment:analytics/prod",
        message:
          "protected environment analytics/prod holds static cloud credentials at values.accessKeyId: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: ["values.accessKeyId"],
      },
    ],
  },
  // Imports.
  {
    what: "an unprotected environment importing the protected tier's login: high",
    edit: (w) => edit(w, "payments/dev", "payments/dev-cloud", "payments/prod-cloud"),
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/dev import:payments/prod-cloud",
        message:
          "environment payments/dev (tier dev) imports payments/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
    ],
  },
  {
    what: "an unprotected environment importing a protected environment: high",
    edit: (w) => edit(w, "web/dev", "  - web/dev-cloud", "  - web/dev-cloud\n  - payments/prod"),
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/prod",
        message:
          "environment web/dev (tier dev) imports payments/prod (tier prod, protected) directly, which the config does not declare: whoever may open the importer reads the protected environment's values and secrets. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/prod-cloud",
        message:
          "environment web/dev (tier dev) imports payments/prod-cloud (tier prod, protected) through payments/prod, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: ["payments/prod"], implicit: false },
      },
    ],
  },
  {
    what: "a protected environment importing an unprotected tier: high",
    edit: (w) =>
      edit(
        w,
        "payments/prod",
        "  - payments/prod-cloud",
        "  - payments/prod-cloud\n  - payments/dev",
      ),
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod import:payments/dev",
        message:
          "environment payments/prod (tier prod, protected) imports payments/dev (tier dev) directly, which the config does not declare: whoever may edit payments/dev (an unprotected tier) changes what the protected environment gives its stacks. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod import:payments/dev-cloud",
        message:
          "environment payments/prod (tier prod, protected) imports payments/dev-cloud (tier dev) through payments/dev, which the config does not declare: whoever may edit payments/dev-cloud (an unprotected tier) changes what the protected environment gives its stacks. Remove the import",
        live: { via: ["payments/dev"], implicit: false },
      },
    ],
  },
  {
    what: "a protected environment importing one the config does not know: medium",
    edit: (w) =>
      edit(
        w,
        "payments/prod",
        "  - payments/prod-cloud",
        "  - payments/prod-cloud\n  - shared/common",
      ),
    want: [
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod import:shared/common",
        message:
          "environment payments/prod (tier prod, protected) imports shared/common (not in the config) directly, which the config does not declare: whoever may edit shared/common changes what the protected environment gives its stacks. Remove the import",
        live: { via: [], implicit: false },
      },
    ],
  },
  {
    what: "an unprotected environment importing another unprotected tier: medium",
    edit: (w) => edit(w, "web/dev", "  - web/dev-cloud", "  - web/dev-cloud\n  - web/staging"),
    want: [
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:web/staging",
        message:
          "environment web/dev (tier dev) imports web/staging (tier staging) directly, which the config does not declare: it mixes tier staging into tier dev. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:web/staging-cloud",
        message:
          "environment web/dev (tier dev) imports web/staging-cloud (tier staging) through web/staging, which the config does not declare: it mixes tier staging into tier dev. Remove the import",
        live: { via: ["web/staging"], implicit: false },
      },
    ],
  },
  {
    what: "an unprotected environment importing another environment's login of its own tier: medium",
    edit: (w) =>
      edit(w, "web/dev", "  - web/dev-cloud", "  - web/dev-cloud\n  - payments/dev-cloud"),
    want: [
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/dev-cloud",
        message:
          "environment web/dev (tier dev) imports payments/dev-cloud (tier dev) directly, which the config does not declare: it uses another environment's cloud identity. Remove the import",
        live: { via: [], implicit: false },
      },
    ],
  },
  {
    what: "an unprotected environment importing one of its own tier: only the other login it reaches (medium); an unknown one: nothing",
    edit: (w) =>
      edit(
        w,
        "web/dev",
        "  - web/dev-cloud",
        "  - web/dev-cloud\n  - payments/dev\n  - shared/common",
      ),
    want: [
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/dev-cloud",
        message:
          "environment web/dev (tier dev) imports payments/dev-cloud (tier dev) through payments/dev, which the config does not declare: it uses another environment's cloud identity. Remove the import",
        live: { via: ["payments/dev"], implicit: false },
      },
    ],
  },
  {
    what: "a transitive import of the protected login, through an undeclared environment",
    edit: (w) => {
      edit(w, "web/dev", "  - web/dev-cloud", "  - web/dev-cloud\n  - shared/hop");
      w.definitions.push({ project: "shared", name: "hop", yaml: "imports:\n  - shared/hop2\n" });
      w.definitions.push({
        project: "shared",
        name: "hop2",
        yaml: "imports:\n  - payments/prod-cloud\n  - web/dev\n",
      });
    },
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:shared/hop import:payments/prod-cloud",
        message:
          "environment shared/hop imports payments/prod-cloud (tier prod, protected) through shared/hop2, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: ["shared/hop2"], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:shared/hop2 import:payments/prod-cloud",
        message:
          "environment shared/hop2 imports payments/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/prod-cloud",
        message:
          "environment web/dev (tier dev) imports payments/prod-cloud (tier prod, protected) through shared/hop -> shared/hop2, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: ["shared/hop", "shared/hop2"], implicit: false },
      },
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:shared/hop import:web/dev-cloud",
        message:
          "environment shared/hop imports web/dev-cloud (tier dev) through shared/hop2 -> web/dev, which the config does not declare: it uses another environment's cloud identity. Remove the import",
        live: { via: ["shared/hop2", "web/dev"], implicit: false },
      },
      {
        severity: "medium",
        code: "esc-import-undeclared",
        subject: "environment:shared/hop2 import:web/dev-cloud",
        message:
          "environment shared/hop2 imports web/dev-cloud (tier dev) through web/dev, which the config does not declare: it uses another environment's cloud identity. Remove the import",
        live: { via: ["web/dev"], implicit: false },
      },
    ],
  },
  {
    what: "an implicit ${environments...} reference to a protected environment",
    edit: (w) =>
      edit(
        w,
        "web/dev",
        "values:\n",
        "values:\n  leak: ${environments.payments.prod.pulumiConfig}\n",
      ),
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/prod",
        message:
          "environment web/dev (tier dev) imports payments/prod (tier prod, protected) directly (an implicit ${environments...} reference), which the config does not declare: whoever may open the importer reads the protected environment's values and secrets. Remove the import",
        live: { via: [], implicit: true },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/dev import:payments/prod-cloud",
        message:
          "environment web/dev (tier dev) imports payments/prod-cloud (tier prod, protected) through payments/prod, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: ["payments/prod"], implicit: false },
      },
    ],
  },
  {
    what: "an import named in other case is the same environment",
    edit: (w) => edit(w, "payments/dev", "payments/dev-cloud", "Payments/Prod-Cloud"),
    want: [
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/dev import:payments/prod-cloud",
        message:
          "environment payments/dev (tier dev) imports payments/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
    ],
  },
  // Logins.
  {
    what: "a login environment missing",
    edit: (w) =>
      (w.definitions = w.definitions.filter(
        (d: Mutable) => `${d.project}/${d.name}` !== "payments/prod-cloud",
      )),
    want: [
      {
        severity: "medium",
        code: "esc-login-missing",
        subject: "environment:payments/prod-cloud",
        message:
          "the login environment payments/prod-cloud (owned by secure-org, imported by payments/prod) was not found: its stacks get no cloud credentials",
      },
    ],
  },
  {
    what: "a login environment that cannot be read is not also missing",
    edit: (w) => setYaml(w, "payments/prod-cloud", "values: [unclosed\n"),
    want: [
      {
        severity: "low",
        code: "esc-definition-unreadable",
        subject: "environment:payments/prod-cloud",
        message:
          "the definition of payments/prod-cloud is not valid YAML, so it was not checked for static credentials, imports or logins",
      },
    ],
  },
  {
    what: "the protected AWS login's role, duration, policies and subject attributes changed, and static keys",
    edit: (w) =>
      setYaml(
        w,
        "payments/prod-cloud",
        lines(
          "values:",
          "  aws:",
          "    login:",
          "      fn::open::aws-login:",
          "        oidc:",
          "          roleArn: arn:aws:iam::123456789012:role/payments-dev-deploy",
          "          sessionName: other",
          "          duration: 12h",
          "          policyArns: [arn:aws:iam::aws:policy/AdministratorAccess]",
          "          subjectAttributes: [currentEnvironment.name]",
          "        static:",
          "          accessKeyId: x",
        ),
      ),
    want: [
      {
        severity: "high",
        code: "esc-login-changed",
        subject: "environment:payments/prod-cloud login:aws",
        message:
          'the aws login of payments/prod-cloud differs from the declared identity (projects[0].tiers.prod.cloud.aws): oidc.duration: 1h -> 12h; oidc.policyArns: (none) -> ["arn:aws:iam::aws:policy/AdministratorAccess"]; oidc.roleArn: arn:aws:iam::123456789012:role/payments-prod-deploy -> arn:aws:iam::123456789012:role/payments-dev-deploy; oidc.subjectAttributes: ["currentEnvironment.name","rootEnvironment.name"] -> ["currentEnvironment.name"]; static: (none) -> (static credentials); it logs in as the identity of payments/dev (tier dev)',
        declared: {
          "oidc.roleArn": "arn:aws:iam::123456789012:role/payments-prod-deploy",
          "oidc.duration": "1h",
          "oidc.subjectAttributes": '["currentEnvironment.name","rootEnvironment.name"]',
        },
        live: {
          "oidc.roleArn": "arn:aws:iam::123456789012:role/payments-dev-deploy",
          "oidc.duration": "12h",
          "oidc.policyArns": '["arn:aws:iam::aws:policy/AdministratorAccess"]',
          "oidc.subjectAttributes": '["currentEnvironment.name"]',
          static: "(static credentials)",
        },
      },
      {
        severity: "high",
        code: "esc-static-credentials",
        subject: "environment:payments/prod-cloud",
        message:
          "protected environment payments/prod-cloud holds static cloud credentials at values.aws.login.fn::open::aws-login.static.accessKeyId: use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: ["values.aws.login.fn::open::aws-login.static.accessKeyId"],
      },
    ],
  },
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
