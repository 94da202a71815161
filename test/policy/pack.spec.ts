/**
 * The guardrails policy pack (policy/pack), each policy with failing and passing resources and
 * its exact message, run the way @pulumi/policy tests policies (test/support/policy.ts). The
 * secret detector's rule set has its own spec (secrets.spec.ts); the pack running in the real
 * policy runtime is in runtime.spec.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  noPlaintextSecrets,
  noPulumiAccessManagement,
  noPulumiTokens,
  POLICIES,
  protectStatefulResources,
} from "../../policy/pack/policies";
import { POLICY_METADATA, POLICY_NAMES } from "../../policy/pack/metadata";
import { ACCESS_TYPES, TOKEN_TYPES } from "../../policy/pack/rules/types";
import { NotApplicable, stackViolations, violations } from "../support/policy";

const PLATFORM = { platformStacks: ["secure-org/prod"] };

describe("guardrails pack: metadata", () => {
  it("serves one policy per name, in order, with the shared metadata", () => {
    assert.deepEqual(
      POLICIES.map((p) => p.name),
      [...POLICY_NAMES],
    );
    for (const p of POLICIES) {
      const m = POLICY_METADATA[p.name as (typeof POLICY_NAMES)[number]];
      assert.equal(p.description, m.description);
      assert.deepEqual(p.configSchema?.properties, m.configSchema?.properties);
    }
  });

  it("is self-contained: nothing in policy/pack imports outside it", () => {
    const dir = path.resolve(__dirname, "../../policy/pack");
    const files = ["index.ts", "metadata.ts", "policies.ts", "rules/types.ts"]
      .concat(["rules/secrets.ts", "rules/stack.ts"])
      .map((f) => path.join(dir, f));
    for (const f of files)
      for (const m of readFileSync(f, "utf8").matchAll(/from "([^"]+)"/g)) {
        const spec = m[1];
        if (!spec.startsWith(".")) {
          assert.ok(spec.startsWith("@pulumi/policy"), `${f} imports package ${spec}`);
          continue;
        }
        const target = path.resolve(path.dirname(f), spec);
        assert.ok(target.startsWith(dir + path.sep), `${f} imports ${spec}, outside the pack`);
      }
  });
});

describe("guardrails pack: no-pulumi-tokens", () => {
  const message = (type: string, name: string, platform = "secure-org/prod") =>
    `${type} "${name}" is a long-lived Pulumi token: its secret would be stored in this stack's ` +
    `state, readable by anyone who can read the stack. Only the platform stacks (${platform}) may ` +
    "create tokens; obtain a short-lived token by OIDC (pulumi/auth-actions, pulumi login " +
    "--oidc-token) instead.";

  it("refuses every token type outside the platform stacks", async () => {
    for (const type of TOKEN_TYPES)
      assert.deepEqual(
        await violations(noPulumiTokens, { type, name: "ci", config: PLATFORM }),
        [message(type, "ci")],
        type,
      );
  });

  it("states the exact message", async () => {
    assert.deepEqual(
      await violations(noPulumiTokens, {
        type: "pulumiservice:index:OrgAccessToken",
        name: "deploy-token",
        config: PLATFORM,
      }),
      [
        'pulumiservice:index:OrgAccessToken "deploy-token" is a long-lived Pulumi token: its ' +
          "secret would be stored in this stack's state, readable by anyone who can read the " +
          "stack. Only the platform stacks (secure-org/prod) may create tokens; obtain a " +
          "short-lived token by OIDC (pulumi/auth-actions, pulumi login --oidc-token) instead.",
      ],
    );
  });

  it("allows tokens in a platform stack, and other resources anywhere", async () => {
    for (const type of TOKEN_TYPES)
      assert.deepEqual(
        await violations(noPulumiTokens, { type, stack: "secure-org/prod", config: PLATFORM }),
        [],
      );
    for (const type of [
      "pulumiservice:index:Stack",
      "aws:s3/bucket:Bucket",
      "github:index/team:Team",
    ])
      assert.deepEqual(await violations(noPulumiTokens, { type, config: PLATFORM }), []);
  });

  it("hostile: a token type added by a later provider release is caught by its shape", async () => {
    for (const type of [
      "pulumiservice:api/tokens:ServiceToken",
      "pulumiservice:index:DeploymentRunnerToken",
    ])
      assert.deepEqual(await violations(noPulumiTokens, { type, name: "x", config: PLATFORM }), [
        message(type, "x"),
      ]);
  });

  it("hostile: another stack of the platform project, or a look-alike project, is not exempt", async () => {
    for (const stack of ["secure-org/dev", "secure-org-prod/prod", "Secure-Org/prod"])
      assert.equal(
        (
          await violations(noPulumiTokens, {
            type: "pulumiservice:index:AccessToken",
            stack,
            config: PLATFORM,
          })
        ).length,
        1,
        stack,
      );
  });

  it("hostile: a forged URN or missing config never exempts", async () => {
    const type = "pulumiservice:index:AccessToken";
    const forged = "urn:pulumi:prod::payments::secure-org/prod::x";
    assert.equal(
      (await violations(noPulumiTokens, { type, urn: forged, config: PLATFORM })).length,
      1,
    );
    assert.deepEqual(await violations(noPulumiTokens, { type, name: "x" }), [
      message(type, "x", "none configured"),
    ]);
    assert.equal(
      (
        await violations(noPulumiTokens, {
          type,
          stack: "secure-org/prod",
          config: { platformStacks: "secure-org/prod" },
        })
      ).length,
      1,
      "a string instead of a list is not a list of platform stacks",
    );
  });
});

describe("guardrails pack: no-pulumi-access-management", () => {
  it("refuses every access type outside the platform stacks, naming its category", async () => {
    for (const [type, category] of ACCESS_TYPES)
      assert.deepEqual(
        await violations(noPulumiAccessManagement, { type, name: "t", config: PLATFORM }),
        [
          `${type} "t" manages Pulumi Cloud access (${category}). Only the platform stacks ` +
            "(secure-org/prod) may; declare it in the secure-org config and let the bootstrap " +
            "create it.",
        ],
      );
  });

  it("states the exact message", async () => {
    assert.deepEqual(
      await violations(noPulumiAccessManagement, {
        type: "pulumiservice:index:TeamStackPermission",
        name: "payments-admin",
        config: PLATFORM,
      }),
      [
        'pulumiservice:index:TeamStackPermission "payments-admin" manages Pulumi Cloud access ' +
          "(roles and grants). Only the platform stacks (secure-org/prod) may; declare it in " +
          "the secure-org config and let the bootstrap create it.",
      ],
    );
  });

  it("covers the routes the issue names: teams, grants, OIDC, members, roles, org settings", () => {
    for (const t of [
      "pulumiservice:index:Team",
      "pulumiservice:index:TeamEnvironmentPermission",
      "pulumiservice:index:OidcIssuer",
      "pulumiservice:api/auth:Policy",
      "pulumiservice:index:OrganizationMember",
      "pulumiservice:index:OrganizationRole",
      "pulumiservice:index:TeamRoleAssignment",
      "pulumiservice:api:AuditLogExportConfiguration",
      "pulumiservice:api:PolicyGroupStackAttachment",
    ])
      assert.ok(ACCESS_TYPES.has(t), t);
  });

  it("hostile: wrapping the resource in a component of the application stack changes nothing", async () => {
    const type = "pulumiservice:index:TeamStackPermission";
    const urn = `urn:pulumi:prod::payments::acme:index:Wrapper$${type}::grant`;
    assert.equal(
      (await violations(noPulumiAccessManagement, { type, urn, config: PLATFORM })).length,
      1,
    );
  });

  it("allows them in the platform stack, and ordinary Pulumi Cloud resources anywhere", async () => {
    for (const [type] of ACCESS_TYPES)
      assert.deepEqual(
        await violations(noPulumiAccessManagement, {
          type,
          stack: "secure-org/prod",
          config: PLATFORM,
        }),
        [],
      );
    for (const type of [
      "pulumiservice:index:Environment",
      "pulumiservice:index:StackTag",
      "pulumiservice:index:Webhook",
    ])
      assert.deepEqual(await violations(noPulumiAccessManagement, { type, config: PLATFORM }), []);
  });
});

describe("guardrails pack: no-plaintext-secrets (resource inputs)", () => {
  const pem =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----\n";

  it("reports a secret-looking plaintext input with its path and the fix", async () => {
    assert.deepEqual(
      await violations(noPlaintextSecrets, {
        type: "aws:lambda/function:Function",
        name: "api",
        props: {
          environment: { variables: { DATABASE_URL: "postgres://app:Sup3rS3cret@db:5432/app" } },
        },
      }),
      [
        'aws:lambda/function:Function "api" input environment.variables.DATABASE_URL looks ' +
          "like a URL with a password in it but is not secret. Pass it with pulumi.secret() " +
          'and list "environment" in the resource option additionalSecretOutputs (policy packs ' +
          "cannot see whether an input is secret otherwise).",
      ],
    );
  });

  it("reports every hit, deep in lists and in JSON text", async () => {
    const found = await violations(noPlaintextSecrets, {
      type: "kubernetes:core/v1:ConfigMap",
      name: "cfg",
      props: {
        data: {
          "tls.key": pem,
          list: ["ok", { nested: "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" }],
        },
        manifest: JSON.stringify({
          auth: { apiToken: "pul-" + "0123456789abcdef".repeat(2) + "01234567" },
        }),
      },
    });
    assert.deepEqual(
      found.map((m) => m.split(" but ")[0]),
      [
        'kubernetes:core/v1:ConfigMap "cfg" input data["tls.key"] looks like a PEM private key',
        'kubernetes:core/v1:ConfigMap "cfg" input data.list[1].nested looks like a GitHub token',
        'kubernetes:core/v1:ConfigMap "cfg" input manifest.auth.apiToken looks like a Pulumi access token',
      ],
    );
  });

  it("passes the same values under properties the resource marks secret", async () => {
    assert.deepEqual(
      await violations(noPlaintextSecrets, {
        type: "github:index/actionsSecret:ActionsSecret",
        props: { plaintextValue: pem, secretName: "DEPLOY_KEY", repository: "web-app" },
        opts: { additionalSecretOutputs: ["encryptedValue", "plaintextValue", "value"] },
      }),
      [],
    );
  });

  it("hostile: marking a different property secret does not hide the plaintext one", async () => {
    assert.equal(
      (
        await violations(noPlaintextSecrets, {
          type: "aws:lambda/function:Function",
          props: { environment: { variables: { KEY: pem } }, code: "x" },
          opts: { additionalSecretOutputs: ["code", "environment.variables"] },
        })
      ).length,
      1,
    );
  });

  it("skips inputs unknown during preview instead of failing the policy", async () => {
    // The SDK's own sentinel for an unknown string (what the engine sends during preview).
    const { unknownStringValue } = require("@pulumi/policy/proxy") as {
      unknownStringValue: unknown;
    };
    assert.deepEqual(
      await violations(noPlaintextSecrets, {
        type: "aws:lambda/function:Function",
        props: {
          role: unknownStringValue,
          environment: { variables: { A: unknownStringValue, B: pem } },
        },
      }),
      [
        'aws:lambda/function:Function "r" input environment.variables.B looks like a PEM private ' +
          'key but is not secret. Pass it with pulumi.secret() and list "environment" in the ' +
          "resource option additionalSecretOutputs (policy packs cannot see whether an input is " +
          "secret otherwise).",
      ],
    );
  });
});

describe("guardrails pack: no-plaintext-secrets (stack config)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ["PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS"])
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });
  const config = {
    "payments:dbUrl": "Server=db;Database=app;User Id=app;Password=Hunter2Hunter2;",
    "payments:apiToken": "xoxb-" + "1234567890-abcdefghijkl",
    "payments:region": "us-east-1",
    "aws:region": "us-east-1",
  };

  it("reports plaintext secret-looking values when the CLI says which keys are secret", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify(config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(["payments:apiToken"]);
    assert.deepEqual(await stackViolations(noPlaintextSecrets), [
      "stack config payments:dbUrl looks like a connection string with a password but is not " +
        "secret. Set it with: pulumi config set --secret payments:dbUrl (then rotate the " +
        "credential: the plaintext value is in the stack's history).",
    ]);
  });

  it("is not applicable when the CLI does not say which keys are secret (today's CLI)", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify(config);
    delete process.env.PULUMI_CONFIG_SECRET_KEYS;
    const r = await stackViolations(noPlaintextSecrets);
    assert.ok(r instanceof NotApplicable);
    assert.equal(
      r.reason,
      "the Pulumi CLI did not tell the policy pack which config keys are secret " +
        "(PULUMI_CONFIG_SECRET_KEYS), so plaintext config cannot be told from secret config",
    );
  });

  it("scans structured config values inside", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify({
      "app:db": JSON.stringify({ host: "db", password: "c0rrect-H0rse-battery" }),
    });
    process.env.PULUMI_CONFIG_SECRET_KEYS = "[]";
    assert.deepEqual(await stackViolations(noPlaintextSecrets), [
      "stack config app:db (at password) looks like a random-looking value under a property " +
        "named like a secret but is not secret. Set it with: pulumi config set --secret app:db " +
        "(then rotate the credential: the plaintext value is in the stack's history).",
    ]);
  });
});

describe("guardrails pack: protect-stateful-resources", () => {
  it("refuses an unprotected stateful resource, with the exact message", async () => {
    assert.deepEqual(
      await violations(protectStatefulResources, { type: "aws:rds/instance:Instance", name: "db" }),
      [
        'aws:rds/instance:Instance "db" holds data but is not protected: set the resource ' +
          "option protect: true (retainOnDelete alone does not count here: policy packs cannot " +
          "see it), so that no update can delete or replace it.",
      ],
    );
  });

  it("passes a protected one, and stateless types", async () => {
    assert.deepEqual(
      await violations(protectStatefulResources, {
        type: "aws:rds/instance:Instance",
        opts: { protect: true },
      }),
      [],
    );
    assert.deepEqual(
      await violations(protectStatefulResources, { type: "aws:lambda/function:Function" }),
      [],
    );
  });

  it("counts retainOnDelete should the SDK ever pass it", async () => {
    assert.deepEqual(
      await violations(protectStatefulResources, {
        type: "gcp:sql/databaseInstance:DatabaseInstance",
        opts: { retainOnDelete: true } as never,
      }),
      [],
    );
  });

  it("extends the list from config (guardrails.protectedTypes)", async () => {
    const c = {
      type: "aws:lambda/function:Function",
      config: { extraTypes: ["aws:lambda/function:Function"] },
    };
    assert.equal((await violations(protectStatefulResources, c)).length, 1);
    assert.deepEqual(
      await violations(protectStatefulResources, { ...c, opts: { protect: true } }),
      [],
    );
  });

  it("hostile: a type that only resembles a listed one is not confused with it", async () => {
    for (const type of [
      "aws:rds/instance:Instance2",
      "AWS:rds/instance:Instance",
      "aws:rds/instance:instance",
    ])
      assert.deepEqual(await violations(protectStatefulResources, { type }), [], type);
  });
});
