/**
 * Static cloud keys in environments, found by the shape of the value whatever the key is called:
 * the policy pack's secret scan and the audit's definition check share the shapes
 * (policy/pack/rules/cloudKeys.ts). Values are synthetic, built to the documented formats.
 */
import assert from "node:assert/strict";
import { staticCredentialPaths } from "../../audit/compare";
import { cloudKeyShape } from "../../policy/pack/rules/cloudKeys";
import { scanForSecrets } from "../../policy/pack/rules/secrets";

const AWS = "ASIA" + "Q3EGXMPLE7ZK2V4N"; // temporary key id: ASIA + 16
const AZURE = "abc" + "8Q~" + "x".repeat(4) + "Yz0_9.-~AbCdEfGhIjKlMnOpQrSt1"; // 3 + digit + Q~ + 33
const GCP = JSON.stringify({
  type: "service_account",
  project_id: "acme-web-prod",
  private_key_id: "0123456789abcdef",
  private_key: "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n",
  client_email: "web@acme-web-prod.iam.gserviceaccount.com",
});

describe("cloud: static cloud keys under innocent names", () => {
  it("recognises each cloud's key shape and not its neighbours", () => {
    assert.equal(cloudKeyShape(AWS)?.id, "aws-access-key-id");
    assert.equal(cloudKeyShape(`AKIA${"B".repeat(16)}`)?.id, "aws-access-key-id");
    assert.equal(cloudKeyShape(AZURE)?.id, "azure-client-secret");
    assert.equal(cloudKeyShape(GCP)?.id, "gcp-service-account-key");
    for (const bait of [
      "AKIA" + "B".repeat(15),
      "XAKIA" + "B".repeat(16),
      "arn:aws:iam::123456789012:role/deploy",
      "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      JSON.stringify({ type: "service_account", client_email: "x@y.iam.gserviceaccount.com" }),
      "abc8Q~short",
    ])
      assert.equal(cloudKeyShape(bait), undefined, bait);
  });

  it("the policy pack flags them under a neutral property name", () => {
    const hits = scanForSecrets({ notes: AWS, settings: { motd: AZURE }, blob: GCP });
    assert.deepEqual(
      hits.map((h) => [h.path, h.rule]),
      [
        ["notes", "aws-access-key-id"],
        ["settings.motd", "azure-client-secret"],
        ["blob", "gcp-service-account-key"],
      ],
    );
  });

  it("the audit flags them in an environment definition under a neutral key", () => {
    const yaml = [
      "values:",
      `  greeting: ${AWS}`,
      "  app:",
      `    banner: "${AZURE}"`,
      `  blob: '${GCP}'`,
      "  creds:",
      "    type: service_account",
      "    private_key: not-really-a-key",
      "  login: ${aws.login.accessKeyId}",
    ].join("\n");
    assert.deepEqual(staticCredentialPaths(yaml), [
      "values.greeting",
      "values.app.banner",
      "values.blob",
      "values.creds.private_key",
    ]);
  });
});
