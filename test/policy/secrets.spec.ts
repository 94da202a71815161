/**
 * The secret detector of the guardrails pack (policy/pack/rules/secrets.ts): every rule against
 * true positives, and the whole rule set against realistic bait that must not match (ARNs,
 * hashes, digests, UUIDs, base64 images, URLs and connection strings without credentials, public
 * keys and certificates, names and references of secrets). Then every input the prod and dev
 * examples register, which are full of ids, hashes, URLs and workflow text: none may match.
 *
 * The fake credentials are assembled from parts so that no complete one is stored in this file.
 */
import assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import {
  entropy,
  isSecretKeyName,
  matchSecret,
  scanForSecrets,
} from "../../policy/pack/rules/secrets";
import { entriesOf, exampleDoc } from "../support/examples";

const hex = (n: number, seed = 7) =>
  Array.from({ length: n }, (_, i) => "0123456789abcdef"[(i * seed + 3) % 16]).join("");
const alnum = (n: number, seed = 11) =>
  Array.from({ length: n }, (_, i) => "aZ3bY4cX5dW6eV7fU8gT9hS0iR1jQ2kP"[(i * seed + 5) % 32]).join(
    "",
  );
const pem = (kind: string) =>
  `-----BEGIN ${kind}-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END ${kind}-----\n`;
/** A deterministic pseudo-random byte string (a stand-in for image bytes). */
function bytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const TRUE_POSITIVES: { value: string; key?: string; rule: string }[] = [
  { value: pem("RSA PRIVATE KEY"), rule: "pem-private-key" },
  { value: pem("PRIVATE KEY"), rule: "pem-private-key" },
  { value: pem("EC PRIVATE KEY"), rule: "pem-private-key" },
  { value: pem("OPENSSH PRIVATE KEY"), rule: "pem-private-key" },
  { value: pem("ENCRYPTED PRIVATE KEY"), rule: "pem-private-key" },
  { value: pem("PGP PRIVATE KEY BLOCK"), rule: "pem-private-key" },
  { value: Buffer.from(pem("RSA PRIVATE KEY")).toString("base64"), rule: "base64-private-key" },
  { value: `pul-${hex(40)}`, rule: "pulumi-token" },
  { value: `export PULUMI_ACCESS_TOKEN=pul-${hex(40, 3)}`, rule: "pulumi-token" },
  { value: `ghp_${alnum(36)}`, rule: "github-token" },
  { value: `ghs_${alnum(36, 5)}`, rule: "github-token" },
  { value: `github_pat_${alnum(22)}_${alnum(59, 7)}`, rule: "github-token" },
  { value: `AKIA${alnum(16).toUpperCase()}`, rule: "aws-access-key-id" },
  {
    value: `${alnum(30)}/${alnum(9, 3)}`,
    key: "aws_secret_access_key",
    rule: "aws-secret-access-key",
  },
  { value: `AIza${alnum(35)}`, rule: "google-api-key" },
  { value: `xoxb-123456789012-1234567890123-${alnum(24)}`, rule: "slack-token" },
  {
    value: `https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/${alnum(24)}`,
    rule: "slack-webhook",
  },
  { value: `sk_live_${alnum(24)}`, rule: "stripe-key" },
  {
    value: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${alnum(43)}`,
    rule: "jwt",
  },
  { value: "postgres://app:Sup3rS3cret@db.internal:5432/app", rule: "url-password" },
  { value: "https://deploy:ghtoken123@github.com/acme/infra.git", rule: "url-password" },
  { value: "amqp://guest:guest@rabbit:5672/", rule: "url-password" },
  { value: "redis://:p%40ss-word@cache:6379/0", rule: "url-password" },
  {
    value:
      "Server=tcp:acme.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=Pa55w0rd!;",
    rule: "connection-string-password",
  },
  {
    value: "Host=db;Port=5432;Username=app;Pwd='Hunter2Hunter2'",
    rule: "connection-string-password",
  },
  {
    value: `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${alnum(86)}==;EndpointSuffix=core.windows.net`,
    rule: "azure-account-key",
  },
  {
    value: `https://acme.blob.core.windows.net/c?sv=2022-11-02&sp=rl&se=2030-01-01&sig=${alnum(30)}%3D`,
    rule: "url-credential-parameter",
  },
  {
    value: `https://api.example.com/v1/items?access_token=${alnum(32)}`,
    rule: "url-credential-parameter",
  },
  { value: "x7#Kq9!mZ2@pL4vR", key: "masterPassword", rule: "secret-under-secret-key" },
  { value: `8Q~${alnum(34)}`, key: "clientSecret", rule: "secret-under-secret-key" },
  { value: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", key: "apiKey", rule: "secret-under-secret-key" },
  { value: alnum(32), key: "auth_token", rule: "secret-under-secret-key" },
  { value: alnum(24), key: "DB_PASSWORDS", rule: "secret-under-secret-key" },
  { value: alnum(40), key: "signingKey", rule: "secret-under-secret-key" },
];

const BAIT: { value: string; key?: string; what: string }[] = [
  {
    value: "arn:aws:iam::123456789012:role/payments-deploy",
    key: "roleArn",
    what: "an IAM role ARN",
  },
  {
    value: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    key: "kmsKeyId",
    what: "a KMS key ARN",
  },
  {
    value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
    key: "password",
    what: "a reference to a secret, under a secret key name",
  },
  { value: "ssm:/prod/payments/db-password", key: "dbPassword", what: "an SSM reference" },
  { value: "${DB_PASSWORD}", key: "password", what: "a template placeholder" },
  { value: "********", key: "password", what: "a mask" },
  {
    value: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    key: "sourceCodeHash",
    what: "a base64 SHA-256",
  },
  { value: hex(32), key: "etag", what: "an MD5 etag" },
  { value: `nginx@sha256:${hex(64)}`, key: "image", what: "an image digest" },
  { value: hex(40), key: "commitSha", what: "a git commit" },
  { value: hex(128), key: "checksum", what: "a SHA-512" },
  { value: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", key: "tenantId", what: "a UUID" },
  { value: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", key: "clientId", what: "a client id" },
  {
    value: `data:image/png;base64,${bytes(3000, 42).toString("base64")}`,
    key: "logo",
    what: "a base64 PNG",
  },
  { value: bytes(3000, 9).toString("base64"), key: "icon", what: "a bare base64 blob" },
  { value: "https://hooks.example.com/pulumi", key: "url", what: "a webhook URL" },
  {
    value: "postgres://db.internal:5432/app",
    key: "databaseUrl",
    what: "a URL without credentials",
  },
  { value: "https://deploy@github.com/acme/infra.git", key: "url", what: "a URL with a user only" },
  {
    value: "postgres://app:${DB_PASSWORD}@db:5432/app",
    key: "dsn",
    what: "a URL with a placeholder",
  },
  { value: "redis://:<password>@cache:6379", key: "dsn", what: "a URL with a <placeholder>" },
  {
    value: "https://example.com/cb?next=/home&token_type=bearer&state=abc123",
    key: "url",
    what: "OAuth parameters",
  },
  { value: "git@github.com:acme/payments-infra.git", key: "repo", what: "an SSH git remote" },
  { value: "Server=db;Database=app;Integrated Security=true;", key: "conn", what: "no password" },
  { value: "Server=db;Database=app;Password=;", key: "conn", what: "an empty password" },
  { value: "Host=db;Password=${DB_PASSWORD}", key: "conn", what: "a password placeholder" },
  { value: pem("CERTIFICATE"), key: "certificate", what: "a certificate" },
  { value: pem("PUBLIC KEY"), key: "publicKey", what: "a public key" },
  {
    value: `ssh-rsa AAAAB3NzaC1yc2E${alnum(200)} deploy@ci`,
    key: "publicKey",
    what: "an SSH public key",
  },
  { value: "prod-db-password", key: "secretName", what: "the name of a secret" },
  { value: "ci-deploy-token", key: "tokenName", what: "the name of a token" },
  { value: "payments-db-credentials", key: "secret", what: "a lowercase name under a secret key" },
  { value: "correcthorsebatterystaple", key: "password", what: "a lowercase word (accepted miss)" },
  { value: "xoxb-your-token-here", key: "slackToken", what: "a documentation placeholder" },
  { value: "sk_live_...", key: "stripe", what: "a truncated example" },
  { value: "Use a token from pulumi/auth-actions to deploy", key: "description", what: "prose" },
  { value: "acme/payments/prod", key: "stackName", what: "a stack name" },
  { value: "123456789012", key: "accountId", what: "an account id" },
  { value: "AKIAEXAMPLE", key: "note", what: "a too-short key id" },
  { value: "eyJhbGciOi", key: "header", what: "half a JWT header" },
];

describe("guardrails pack: the secret detector", () => {
  it("flags every true positive with the most specific rule", () => {
    const wrong = TRUE_POSITIVES.map((t) => ({
      ...t,
      got: matchSecret(t.value, t.key)?.id,
    })).filter((t) => t.got !== t.rule);
    assert.deepEqual(
      wrong.map((t) => `${t.rule}: got ${t.got}`),
      [],
    );
  });

  it("flags none of the false-positive bait", () => {
    const flagged = BAIT.map((b) => ({ ...b, got: matchSecret(b.value, b.key)?.id })).filter(
      (b) => b.got !== undefined,
    );
    assert.deepEqual(
      flagged.map((b) => `${b.what} (${b.key}) -> ${b.got}`),
      [],
    );
  });

  it("reads key names the way they are written", () => {
    for (const k of [
      "password",
      "dbPassword",
      "DB_PASSWORD",
      "client_secret",
      "apiKey",
      "API_KEY",
      "privateKey",
      "auth-token",
      "tokens",
    ])
      assert.ok(isSecretKeyName(k), k);
    for (const k of [
      "secretName",
      "tokenName",
      "secretArn",
      "kmsKeyId",
      "passwordLength",
      "tokenTtl",
      "publicKey",
      "key",
      "keyName",
      "address",
    ])
      assert.ok(!isSecretKeyName(k), k);
  });

  it("measures entropy in bits per character", () => {
    assert.equal(entropy("aaaa"), 0);
    assert.equal(entropy("abcd"), 2);
    assert.ok(Math.abs(entropy(hex(64)) - 4) < 0.01);
  });

  it("reports each value once, with its path", () => {
    assert.deepEqual(
      scanForSecrets({ a: [{ "b.c": `pul-${hex(40)}` }], url: "postgres://u:Pw0rd12345@h/db" }),
      [
        { path: 'a[0]["b.c"]', rule: "pulumi-token", what: "a Pulumi access token" },
        { path: "url", rule: "url-password", what: "a URL with a password in it" },
      ],
    );
  });

  it("hostile: a secret hidden in JSON text, in a list, or base64-encoded is still found", () => {
    const hits = scanForSecrets({
      policy: JSON.stringify({ Statement: [{ Condition: { password: "x7#Kq9!mZ2@pL4vR" } }] }),
      keys: ["ok", Buffer.from(pem("OPENSSH PRIVATE KEY")).toString("base64")],
    });
    assert.deepEqual(
      hits.map((h) => `${h.path} ${h.rule}`),
      [
        "policy.Statement[0].Condition.password secret-under-secret-key",
        "keys[1] base64-private-key",
      ],
    );
  });

  it("hostile: assets, resource references and class instances are not entered (no crash)", () => {
    class Asset {
      text = pem("RSA PRIVATE KEY");
    }
    assert.deepEqual(scanForSecrets({ code: new Asset(), deep: makeDeep(200) }), []);
  });

  it("realistic corpus: no input of the prod or dev example matches", async function () {
    this.timeout(120000);
    let chars = 0;
    for (const stack of ["prod", "dev"] as const) {
      const r = await runPlan(entriesOf(exampleDoc(stack)), stack);
      assert.ok(r.ok);
      // The inputs as registered; like the engine, leave out internal `__` keys (the serialized
      // dynamic provider), which analyzers never receive.
      for (const res of r.resources) {
        const inputs = Object.fromEntries(
          Object.entries(res.inputs).filter(([k]) => !k.startsWith("__")),
        );
        chars += JSON.stringify(inputs).length;
        assert.deepEqual(scanForSecrets(inputs), [], `${res.type} ${res.name}`);
      }
    }
    assert.ok(chars > 60000, `the corpus is large enough to mean something (${chars} chars)`);
  });
});

function makeDeep(n: number): unknown {
  let v: unknown = "end";
  for (let i = 0; i < n; i++) v = { v };
  return v;
}
