/**
 * What ESC definitions do (issues 25 and 29), against the prod example served by the spec-driven
 * fake (test/support/specFake.ts): every tier's environments and the secure-org-owned login
 * environments are read; imports of another tier's or a protected tier's environment (direct,
 * transitive, implicit, case variants, the unqualified `default` project), static credentials by
 * value shape under innocent key names, and every login block against the declared identity
 * (role, duration, subject attributes, Azure tenant, GCP service account), each with its
 * severity and exit code. The clean organization gives nothing above info (clean.spec.ts).
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { SpecFake, Wire } from "../support/specFake";
import { AUDIT_ARGS, expectDrift, key, Org, runAudit, startFake, useCloud } from "./harness";

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

function envOf(o: Org, ref: string): { env: Wire; yaml: string } {
  const [project, name] = ref.split("/");
  const e = o.environments.find((x) => x.env.project === project && x.env.name === name);
  if (!e) throw new Error(`no environment ${ref}`);
  return e;
}
const setYaml = (o: Org, ref: string, yaml: string) => (envOf(o, ref).yaml = yaml);
const edit = (o: Org, ref: string, f: (yaml: string) => string) =>
  (envOf(o, ref).yaml = f(envOf(o, ref).yaml));
/** Adds a live environment (a copy of another's wire shape) with a definition. */
function addEnv(o: Org, ref: string, yaml: string): void {
  const [project, name] = ref.split("/");
  const env = { ...o.environments[0].env, id: `env-x-${ref}`, project, name };
  o.environments.push({ env, yaml });
}
const importing = (refs: string[], rest = "values:\n  pulumiConfig:\n    app:tier: dev\n") =>
  `imports:\n${refs.map((r) => `  - ${r}`).join("\n")}\n${rest}`;

const PROD_ROLE = "arn:aws:iam::123456789012:role/payments-prod-deploy";

interface Case {
  what: string;
  mutate: (o: Org) => void;
  expect: string[];
  message?: RegExp;
}

const CASES: Case[] = [
  {
    what: "a dev environment importing the prod login environment",
    mutate: (o) =>
      setYaml(o, "payments/dev", importing(["payments/dev-cloud", "payments/prod-cloud"])),
    expect: ["high esc-import-undeclared environment:payments/dev import:payments/prod-cloud"],
    message: /protected tier's cloud login/,
  },
  {
    what: "a dev environment importing the prod login environment in another case",
    mutate: (o) =>
      setYaml(o, "payments/dev", importing(["payments/dev-cloud", "Payments/Prod-Cloud"])),
    // Named by the environment it resolves to (fail closed: whether ESC folds case is not documented).
    expect: ["high esc-import-undeclared environment:payments/dev import:payments/prod-cloud"],
  },
  {
    what: "a dev environment reading a prod value through an implicit import",
    mutate: (o) =>
      setYaml(
        o,
        "payments/dev",
        importing(
          ["payments/dev-cloud"],
          "values:\n  stolen: ${environments.payments.prod.pulumiConfig}\n",
        ),
      ),
    // Opening payments/prod evaluates its own import, the prod login, too.
    expect: [
      "high esc-import-undeclared environment:payments/dev import:payments/prod",
      "high esc-import-undeclared environment:payments/dev import:payments/prod-cloud",
    ],
    message: /implicit/,
  },
  {
    what: "a staging environment reaching the prod login through a dev environment (transitive)",
    mutate: (o) => {
      setYaml(o, "payments/dev", importing(["payments/dev-cloud", "payments/prod-cloud"]));
      setYaml(o, "payments/staging", importing(["payments/staging-cloud", "payments/dev"]));
    },
    expect: [
      "high esc-import-undeclared environment:payments/staging import:payments/prod-cloud",
      "high esc-import-undeclared environment:payments/dev import:payments/prod-cloud",
      "medium esc-import-undeclared environment:payments/staging import:payments/dev",
      "medium esc-import-undeclared environment:payments/staging import:payments/dev-cloud",
    ],
    message: /through payments\/dev/,
  },
  {
    what: "a protected environment importing a dev environment (whoever edits dev changes prod)",
    mutate: (o) =>
      edit(o, "payments/prod", (y) =>
        y.replace("  - payments/prod-cloud", "  - payments/prod-cloud\n  - payments/dev"),
      ),
    expect: [
      "high esc-import-undeclared environment:payments/prod import:payments/dev",
      "high esc-import-undeclared environment:payments/prod import:payments/dev-cloud",
    ],
  },
  {
    what: "an unqualified import of prod-cloud (the default project, named like the prod login)",
    mutate: (o) => setYaml(o, "web/dev", importing(["web/dev-cloud", "prod-cloud"])),
    expect: ["high esc-import-undeclared environment:web/dev import:default/prod-cloud"],
  },
  {
    what: "a protected environment importing one the config does not know",
    mutate: (o) =>
      edit(o, "web/prod", (y) =>
        y.replace("  - web/prod-cloud", "  - web/prod-cloud\n  - shared/config"),
      ),
    expect: ["medium esc-import-undeclared environment:web/prod import:shared/config"],
  },
  {
    // ESC resolves an unqualified import in the `default` project: `prod-breakglass` inside
    // payments/prod is default/prod-breakglass, not payments/prod-breakglass, so it is not left
    // to the break-glass checks.
    what: "a protected environment importing an unqualified prod-breakglass (the default project)",
    mutate: (o) =>
      edit(o, "payments/prod", (y) =>
        y.replace("  - payments/prod-cloud", "  - payments/prod-cloud\n  - prod-breakglass"),
      ),
    expect: [
      "medium esc-import-undeclared environment:payments/prod import:default/prod-breakglass",
    ],
  },
  {
    what: "a static AWS key under an innocent name in a dev environment",
    mutate: (o) =>
      edit(o, "payments/dev", (y) => `${y}  notes: "rotate AKIAIOSFODNN7EXAMPLE monthly"\n`),
    expect: ["medium esc-static-credentials environment:payments/dev"],
  },
  {
    what: "a Pulumi access token under an innocent name in a protected environment",
    mutate: (o) =>
      edit(
        o,
        "payments/prod",
        (y) => `${y}  banner: pul-${"0123456789abcdef".repeat(2)}01234567\n`,
      ),
    expect: ["high esc-static-credentials environment:payments/prod"],
  },
  {
    what: "an encrypted static secret under an innocent name in a protected environment",
    mutate: (o) =>
      edit(
        o,
        "web/prod",
        (y) => `${y}  greeting:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAEAAAEA\n`,
      ),
    expect: ["medium esc-static-secret environment:web/prod"],
  },
  {
    what: "the prod login environment's role changed",
    mutate: (o) =>
      edit(o, "payments/prod-cloud", (y) => y.replace(PROD_ROLE, `${PROD_ROLE}-admin`)),
    expect: ["high esc-login-changed environment:payments/prod-cloud login:aws"],
    message: /oidc\.roleArn/,
  },
  {
    what: "the prod login's subject attributes removed (the subject no longer names the environment)",
    mutate: (o) =>
      edit(o, "payments/prod-cloud", (y) =>
        y.replace(/\n\s+subjectAttributes:\n(\s+- [^\n]+\n)+/, "\n"),
      ),
    expect: ["high esc-login-changed environment:payments/prod-cloud login:aws"],
    message: /subjectAttributes/,
  },
  {
    what: "the prod login's session lengthened",
    mutate: (o) =>
      edit(o, "payments/prod-cloud", (y) => y.replace(/duration: 1h/, "duration: 12h")),
    expect: ["high esc-login-changed environment:payments/prod-cloud login:aws"],
    message: /oidc\.duration: 1h -> 12h/,
  },
  {
    what: "the dev login environment logging in to the prod role",
    mutate: (o) =>
      edit(o, "payments/dev-cloud", (y) =>
        y.replace("arn:aws:iam::123456789012:role/payments-dev-deploy", PROD_ROLE),
      ),
    expect: ["high esc-login-changed environment:payments/dev-cloud login:aws"],
    message: /the identity of payments\/prod/,
  },
  {
    what: "a dev environment opening the prod role itself",
    mutate: (o) =>
      edit(
        o,
        "payments/dev",
        (y) =>
          `${y}  aws:\n    login:\n      fn::open::aws-login:\n        oidc:\n          roleArn: ${PROD_ROLE}\n          sessionName: x\n`,
      ),
    expect: ["high esc-login-undeclared environment:payments/dev login:aws"],
  },
  {
    what: "a dev Azure login moved to another tenant",
    mutate: (o) =>
      edit(o, "web/dev-cloud", (y) =>
        y.replace(
          "tenantId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          "tenantId: 99999999-bbbb-cccc-dddd-eeeeeeeeeeee",
        ),
      ),
    expect: ["medium esc-login-changed environment:web/dev-cloud login:azure"],
  },
  {
    what: "the prod GCP login's service account changed",
    mutate: (o) =>
      edit(o, "web/prod-cloud", (y) =>
        y.replace(
          "web-prod-deploy@acme-web-prod.iam.gserviceaccount.com",
          "owner@acme-web-prod.iam.gserviceaccount.com",
        ),
      ),
    expect: ["high esc-login-changed environment:web/prod-cloud login:gcp"],
  },
  {
    what: "the staging login environment deleted",
    mutate: (o) =>
      (o.environments = o.environments.filter(
        (e) => !(e.env.project === "payments" && e.env.name === "staging-cloud"),
      )),
    expect: ["medium esc-login-missing environment:payments/staging-cloud"],
  },
  {
    what: "a human team given open on the prod login environment",
    mutate: (o) =>
      ((o.teams.find((t) => t.name === "payments") as Wire).environments as Wire[]).push({
        projectName: "payments",
        envName: "prod-cloud",
        permission: "open",
      }),
    expect: ["high human-protected-access team:payments environment:payments/prod-cloud"],
  },
  {
    what: "a new environment named like the dev login of another project, logging in to the prod role",
    mutate: (o) =>
      addEnv(
        o,
        "analytics/dev-cloud",
        `values:\n  aws:\n    login:\n      fn::open::aws-login:\n        oidc:\n          roleArn: ${PROD_ROLE}\n          sessionName: x\n`,
      ),
    expect: ["high esc-login-undeclared environment:analytics/dev-cloud login:aws"],
  },
];

describe("audit: what ESC definitions do (spec-driven fake)", () => {
  useCloud();

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ")}`, async () => {
      const fake = start(c.mutate);
      const r = await expectDrift(fake, c.expect);
      if (c.message) {
        const f = r.findings.find((x) => key(x) === c.expect[0]);
        assert.match(f?.message ?? "", c.message);
      }
    });

  it("reads the definitions of environments the read ones import, outside the tiers' names", async () => {
    const fake = start((o) => {
      addEnv(o, "shared/config", importing(["payments/prod-cloud"], "values: {}\n"));
      setYaml(o, "payments/dev", importing(["payments/dev-cloud", "shared/config"]));
    });
    const run = await runAudit(AUDIT_ARGS);
    const r = run.report as AuditReport;
    assert.deepEqual(
      r.findings
        .filter((f) => f.severity !== "info")
        .map(key)
        .sort(),
      [
        "high esc-import-undeclared environment:payments/dev import:payments/prod-cloud",
        "high esc-import-undeclared environment:shared/config import:payments/prod-cloud",
      ],
    );
    assert.ok(fake.operations.includes("ReadEnvironment_esc_environments"));
    assert.deepEqual(fake.violations, []);
  });
});
