/** Drift cases of esc.ts, part 1 of 2. */
import { Mutable } from "../../../audit/harness";
import { DriftCase } from "../case";
import { setYaml, edit, lines } from "./support";

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
];
