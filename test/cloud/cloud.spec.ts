/**
 * Cloud logins through secure-org-owned ESC environments (docs/cloud-credentials.md): the trust
 * documents against each cloud's documented format (the docs' own examples as fixtures), the
 * prod example end to end through `plan --out`, and hostile configs through the command line.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { cloudReach, acceptedBy } from "../../model/cloud/reach";
import { awsPolicyLength, escSubject } from "../../model/cloud/trust";
import { modelCloudReach } from "../../model/invariants";
import { assertAccepted, assertRefused, key, planEdited } from "../hardening/support";
import { exampleModel, ROOT } from "../support/examples";
import { awsTrustExact, awsTrustShape, azureCredentialShape, gcpProviderShape } from "./formats";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(ROOT, "test", "fixtures", "cloud", name), "utf8"));

const PROD_SUBJECT =
  "pulumi:environments:pulumi.organization.login:acme:rootEnvironment.name:payments/prod:currentEnvironment.name:payments/prod-cloud";

describe("cloud: trust documents against each cloud's documented format", () => {
  it("reads the AWS docs' trust policy as the documented shape, and finds it not exact", () => {
    const doc = fixture("aws-trust-policy.pulumi-docs.json");
    assert.deepEqual(awsTrustShape(doc), []);
    const wide = awsTrustExact(doc, "aws:<pulumi-org-name>", ["x"]);
    assert.ok(wide.includes("operator StringLike"), wide.join("; "));
    assert.ok(
      wide.some((p) => p.startsWith("wildcard in")),
      wide.join("; "),
    );
  });

  it("accepts the AWS docs' StringEquals subject example as exact", () => {
    const condition = fixture("aws-condition.pulumi-docs.json");
    const doc = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: condition,
        },
      ],
    };
    assert.deepEqual(awsTrustShape(doc), []);
    assert.deepEqual(
      awsTrustExact(doc, "aws:contoso", [
        "pulumi:environments:pulumi.organization.login:contoso:currentEnvironment.name:project/development:pulumi.user.login:personA",
      ]),
      [],
    );
  });

  it("builds the subject the ESC docs give for subjectAttributes, attribute by attribute", () => {
    // The docs' example lists currentEnvironment.name then pulumi.user.login; ours lists
    // rootEnvironment.name then currentEnvironment.name with the same prefix and pairs.
    assert.equal(escSubject("acme", "payments/prod", "payments/prod-cloud"), PROD_SUBJECT);
    assert.equal(Buffer.byteLength(PROD_SUBJECT), 129, "the subject GCP cannot map (127 bytes)");
  });

  it("reads the Graph and IAM REST examples as the documented shapes", () => {
    assert.deepEqual(
      azureCredentialShape(fixture("azure-federated-credential.graph-docs.json")),
      [],
    );
    assert.deepEqual(gcpProviderShape(fixture("gcp-provider.iam-docs.json")), []);
    assert.ok(
      azureCredentialShape({ name: "x y", issuer: "", subject: "s", audiences: [] }).length >= 3,
    );
    assert.ok(gcpProviderShape({ name: "projects/x", oidc: {} }).length >= 3);
  });
});

describe("cloud: the prod example through plan --out", () => {
  let dir: string;
  let stdout: string;
  const files = new Map<string, string>();
  before(async function () {
    this.timeout(120000);
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-cloud-"));
    const run = await planEdited(() => undefined, "prod", ["--out", dir, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    stdout = run.stdout;
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(d, e.name));
        else
          files.set(
            path.relative(dir, path.join(d, e.name)),
            readFileSync(path.join(d, e.name), "utf8"),
          );
    };
    walk(path.join(dir, "cloud"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes one trust document per identity, under cloud/<cloud>/", () => {
    assert.deepEqual([...files.keys()].sort(), [
      "cloud/aws/123456789012/oidc-provider.json",
      "cloud/aws/123456789012/payments-dev-deploy.trust-policy.json",
      "cloud/aws/123456789012/payments-prod-deploy.trust-policy.json",
      "cloud/aws/123456789012/payments-staging-deploy.trust-policy.json",
      "cloud/azure/aaaaaaaa-bbbb-cccc-dddd-000000000001/secure-org-web-dev.json",
      "cloud/azure/aaaaaaaa-bbbb-cccc-dddd-000000000002/secure-org-web-staging.json",
      "cloud/gcp/123456789012/secure-org-esc/web-prod.provider.json",
      "cloud/gcp/web-prod-deploy@acme-web-prod.iam.gserviceaccount.com.iam-policy.json",
    ]);
  });

  it("pins each AWS role to exactly its environment's subject and the org's audience", () => {
    const doc = JSON.parse(
      files.get("cloud/aws/123456789012/payments-prod-deploy.trust-policy.json") as string,
    );
    assert.deepEqual(awsTrustShape(doc), []);
    assert.deepEqual(awsTrustExact(doc, "aws:acme", [PROD_SUBJECT]), []);
    assert.ok(awsPolicyLength(doc) <= 2048);
    const provider = JSON.parse(files.get("cloud/aws/123456789012/oidc-provider.json") as string);
    assert.deepEqual(provider, {
      Arn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc",
      Url: "https://api.pulumi.com/oidc",
      ClientIDList: ["aws:acme"],
    });
  });

  it("pins the Azure credential and the GCP provider and binding exactly", () => {
    const az = JSON.parse(
      files.get(
        "cloud/azure/aaaaaaaa-bbbb-cccc-dddd-000000000001/secure-org-web-dev.json",
      ) as string,
    );
    assert.deepEqual(azureCredentialShape(az), []);
    assert.equal(az.issuer, "https://api.pulumi.com/oidc");
    assert.equal(az.subject, escSubject("acme", "web/dev", "web/dev-cloud"));
    assert.deepEqual(az.audiences, ["azure:acme"]);
    const gcp = JSON.parse(
      files.get("cloud/gcp/123456789012/secure-org-esc/web-prod.provider.json") as string,
    );
    assert.deepEqual(gcpProviderShape(gcp), []);
    const sub = escSubject("acme", "web/prod", "web/prod-cloud");
    assert.equal(gcp.attributeCondition, `assertion.sub == "${sub}"`);
    assert.deepEqual(gcp.oidc.allowedAudiences, ["gcp:acme"]);
    const binding = JSON.parse(
      files.get(
        "cloud/gcp/web-prod-deploy@acme-web-prod.iam.gserviceaccount.com.iam-policy.json",
      ) as string,
    );
    assert.deepEqual(binding.bindings[0].members, [
      `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/secure-org-esc/subject/${sub}`,
    ]);
    for (const text of files.values()) assert.ok(!/StringLike|principalSet|\*/.test(text), text);
  });

  it("logs in on every tier through login environments that only secure-org edits", () => {
    const report = JSON.parse(stdout);
    const tiers = new Set(report.cloud.environments.map((e: { tier: string }) => e.tier));
    assert.deepEqual([...tiers].sort(), ["dev", "prod", "staging"]);
    const env = report.resources.find(
      (r: { name: string }) => r.name === "payments/prod/cloud-environment",
    );
    const login = parse(env.inputs.yaml.text).values.aws.login["fn::open::aws-login"].oidc;
    assert.deepEqual(login.subjectAttributes, ["rootEnvironment.name", "currentEnvironment.name"]);
    assert.equal(login.roleArn, "arn:aws:iam::123456789012:role/payments-prod-deploy");
    assert.ok(!env.options.ignoreChanges?.length, "secure-org reverts edits of a login");
    const tierEnv = report.resources.find(
      (r: { name: string }) => r.name === "payments/prod/environment",
    );
    assert.deepEqual(parse(tierEnv.inputs.yaml.text).imports, ["payments/prod-cloud"]);
    const grants = report.resources.filter((r: { name: string }) =>
      r.name.startsWith("payments/dev/cloud-grant/"),
    );
    assert.ok(grants.length > 0);
    for (const g of grants) assert.ok(["read", "open"].includes(g.inputs.permission), g.name);
    const platform = grants.find((g: { name: string }) => g.name.endsWith("/platform"));
    assert.equal(
      platform.inputs.permission,
      "open",
      "admin on payments/dev is capped at open on its login",
    );
  });

  it("shows each identity's reach: no human reaches a protected identity (break-glass is per use, in its own environment)", () => {
    const report = JSON.parse(stdout);
    assert.ok(report.cloud.reach.length > 0);
    const protectedHuman = report.cloud.reach.filter(
      (r: { protected: boolean; kind: string }) => r.protected && r.kind === "human",
    );
    // sre's break-glass opens <env>-breakglass, which imports nothing (issue 28): no standing
    // human route to the prod cloud roles is left.
    assert.deepEqual(
      protectedHuman.map((r: { team: string; breakGlass?: string }) => [r.team, !!r.breakGlass]),
      [],
    );
    // Machines do reach them (the deploy pipelines), so the filter above can match.
    assert.ok(
      report.cloud.reach.some(
        (r: { protected: boolean; kind: string }) => r.protected && r.kind === "machine",
      ),
    );
    const devEditors = report.cloud.reach.filter((r: { via: string }) => r.via === "edit");
    for (const r of devEditors) assert.equal(r.protected, false, JSON.stringify(r));
  });
});

describe("cloud: what an importing or directly opening environment gains", () => {
  const model = exampleModel("prod");
  const identities = model.cloud.flatMap((c) => c.identities);

  it("a dev environment importing the prod login environment reaches nothing", () => {
    assert.deepEqual(acceptedBy(identities, "payments/dev", "payments/prod-cloud"), []);
    const r = cloudReach(
      identities,
      [{ team: "payments", kind: "human", environment: "payments/dev", permission: "write" }],
      [{ importer: "payments/dev", imported: "payments/prod-cloud" }],
    );
    assert.deepEqual(r.imports, [
      { importer: "payments/dev", loginEnvironment: "payments/prod-cloud", reaches: [] },
    ]);
    assert.ok(r.rows.every((row) => !row.protected));
    assert.deepEqual(r.refusals, []);
  });

  it("opening a login environment directly reaches nothing; editing one is refused", () => {
    const opened = cloudReach(identities, [
      { team: "x", kind: "human", environment: "payments/prod-cloud", permission: "open" },
    ]);
    assert.deepEqual(opened.rows, []);
    const edited = cloudReach(identities, [
      { team: "x", kind: "human", environment: "payments/prod-cloud", permission: "write" },
    ]);
    assert.equal(edited.refusals.length, 1);
    assert.match(edited.refusals[0].message, /only secure-org may edit a login/);
  });

  it("a human opening a protected tier environment without break-glass is refused", () => {
    const r = cloudReach(identities, [
      { team: "payments", kind: "human", environment: "payments/prod", permission: "open" },
    ]);
    assert.equal(r.refusals.length, 1);
    assert.equal(r.refusals[0].path, "projects[0].tiers.prod.cloud.aws");
    // The model's own reach refuses nothing.
    assert.deepEqual(modelCloudReach(model).refusals, []);
  });
});

/** The prod example's projects; `payments` is projects[0], `web` projects[1]. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const projects = (d: { config: Record<string, any> }) => d.config[key.projects];

describe("cloud: hostile configs through the command line", () => {
  it("refuses one role for two tiers", async () => {
    const run = await planEdited((d) => {
      projects(d)[0].tiers.dev.cloud.aws.roleArn =
        "arn:aws:iam::123456789012:role/Payments-Prod-Deploy";
    });
    assertRefused(run, "projects[0].tiers.dev.cloud.aws", "cloud identity of tiers dev, prod");
    assertRefused(run, "projects[0].tiers.prod.cloud.aws", "give each tier its own");
  });

  it("refuses a role shared by two environments of a tier unless each declares it", async () => {
    const share = (d: { config: Record<string, unknown> }) => {
      projects(d)[1].tiers.dev.cloud = {
        aws: { roleArn: "arn:aws:iam::123456789012:role/payments-dev-deploy" },
      };
    };
    const run = await planEdited(share);
    assertRefused(run, "projects[1].tiers.dev.cloud.aws", "declare shared");
    assertRefused(run, "projects[0].tiers.dev.cloud.aws", "also the cloud identity of web/dev");
    const reason = { reason: "One sandbox account for every development environment" };
    const declared = await planEdited((d) => {
      share(d);
      projects(d)[1].tiers.dev.cloud.aws.shared = reason;
      projects(d)[0].tiers.dev.cloud.aws.shared = reason;
    });
    assertAccepted(declared);
  });

  it("refuses wildcards and lookalikes in identities", async () => {
    const run = await planEdited((d) => {
      projects(d)[0].tiers.prod.cloud.aws.roleArn = "arn:aws:iam::123456789012:role/*";
      projects(d)[0].tiers.staging.cloud.aws.roleArn = "arn:aws:iam::12345678901:role/x";
      projects(d)[1].tiers.dev.cloud.azure.clientId = "aaaaaaaa-bbbb-cccc-dddd-00000000000?";
      projects(d)[1].tiers.prod.cloud.gcp.serviceAccount =
        "*@acme-web-prod.iam.gserviceaccount.com";
      projects(d)[1].tiers.prod.cloud.gcp.projectNumber = 12345678901234567890;
    });
    assertRefused(run, "projects[0].tiers.prod.cloud.aws.roleArn", "no wildcard");
    assertRefused(run, "projects[0].tiers.staging.cloud.aws.roleArn", "12-digit account");
    assertRefused(run, "projects[1].tiers.dev.cloud.azure.clientId", "UUID");
    assertRefused(run, "projects[1].tiers.prod.cloud.gcp.serviceAccount", "service account");
    assertRefused(run, "projects[1].tiers.prod.cloud.gcp.projectNumber", "project number");
  });

  it("refuses the legacy default project (its subject lacks the project)", async () => {
    const run = await planEdited((d) => {
      projects(d)[1].name = "default";
    });
    assertRefused(run, "projects[1].tiers.dev.cloud", 'legacy ESC project "default"');
  });

  it("refuses a GCP login whose subject google.subject cannot hold", async () => {
    const run = await planEdited((d) => {
      projects(d)[0].tiers.prod.cloud = {
        gcp: {
          projectNumber: "123456789012",
          workloadPool: "secure-org-esc",
          provider: "payments-prod",
          serviceAccount: "payments-prod@acme-pay-prod.iam.gserviceaccount.com",
        },
      };
    });
    assertRefused(run, "projects[0].tiers.prod.cloud.gcp", "129 bytes", "127");
  });

  it("refuses a tier environment named like another's login environment", async () => {
    const run = await planEdited((d) => {
      projects(d)[0].tiers.dev.environment = "prod-cloud";
    });
    assertRefused(
      run,
      "projects[0].tiers.prod.cloud",
      "payments/prod-cloud",
      "editors could then write the login",
    );
  });

  it("refuses one workload identity provider for two environments", async () => {
    const run = await planEdited((d) => {
      projects(d)[1].tiers.staging.cloud = {
        gcp: {
          ...projects(d)[1].tiers.prod.cloud.gcp,
          serviceAccount: "web-staging@acme-web-stg.iam.gserviceaccount.com",
        },
      };
    });
    assertRefused(
      run,
      "projects[1].tiers.staging.cloud.gcp.provider",
      "give each its own provider",
    );
  });
});
