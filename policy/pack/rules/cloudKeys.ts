/**
 * Static cloud keys by the shape of their value, whatever the key they sit under: an AWS access
 * key id (`AKIA` long-lived, `ASIA` temporary, then 16 upper-case letters or digits), an Entra
 * client secret (three characters, a digit, `Q~`, then 31-34 more: the format Entra has issued
 * since 2021), and a GCP service account key file (JSON whose `type` is `service_account` with a
 * `private_key`). Pure; shared by the policy pack (./secrets.ts) and the audit.
 */

export interface CloudKeyShape {
  readonly id: string;
  readonly what: string;
  readonly test: (value: string) => boolean;
}

const AWS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
const AZURE_CLIENT_SECRET =
  /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/;

/** Whether text is (or holds, as JSON) a GCP service account key. */
function gcpServiceAccountKey(value: string): boolean {
  if (!/"type"\s*:\s*"service_account"/.test(value) || !/"private_key"\s*:/.test(value))
    return false;
  return true;
}

export const CLOUD_KEY_SHAPES: readonly CloudKeyShape[] = [
  { id: "aws-access-key-id", what: "an AWS access key id", test: (v) => AWS_KEY_ID.test(v) },
  {
    id: "azure-client-secret",
    what: "an Entra client secret",
    test: (v) => AZURE_CLIENT_SECRET.test(v),
  },
  { id: "gcp-service-account-key", what: "a GCP service account key", test: gcpServiceAccountKey },
];

/** The cloud key shape a value has, if any. */
export const cloudKeyShape = (value: string): CloudKeyShape | undefined =>
  CLOUD_KEY_SHAPES.find((s) => s.test(value));
