/**
 * The cloud side, as files `plan --out` writes under `cloud/<cloud>/`: for every identity the trust
 * document that accepts exactly its environment's subject and the organization's audience.
 *
 * - `cloud/aws/<account>/oidc-provider.json`: IAM CreateOpenIDConnectProvider parameters;
 * - `cloud/aws/<account>/<role>.trust-policy.json`: the role's trust policy (every subject of a
 *   declared shared role, StringEquals only);
 * - `cloud/azure/<client id>/<credential>.json`: one federated identity credential per environment;
 * - `cloud/gcp/<project number>/<pool>/<provider>.provider.json`: the provider, its attribute
 *   mapping and condition; `cloud/gcp/<service account>.iam-policy.json`: who may impersonate it.
 */
import { awsAccount } from "./formats";
import { CloudIdentity } from "./identities";
import {
  awsOidcProvider,
  awsTrustPolicy,
  azureCredentialName,
  azureFederatedCredential,
  gcpPrincipal,
  gcpProvider,
  gcpServiceAccountBinding,
} from "./trust";

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const str = (v: unknown) => String(v);

/** Every trust document, by path under the output directory (`cloud/...`), in a stable order. */
export function trustDocuments(identities: readonly CloudIdentity[]): Map<string, string> {
  const files = new Map<string, string>();
  const byRole = new Map<string, CloudIdentity[]>();
  for (const i of identities) byRole.set(i.roleKey, [...(byRole.get(i.roleKey) ?? []), i]);

  const providers = new Map<string, { partition: string; audiences: Set<string> }>();
  for (const [, group] of byRole) {
    const first = group[0];
    if (first.cloud === "aws") {
      const a = awsAccount(first.role);
      if (!a) continue;
      const p = providers.get(a.account) ?? { partition: a.partition, audiences: new Set() };
      p.audiences.add(first.audience);
      providers.set(a.account, p);
      const roleName = first.role.slice(first.role.lastIndexOf("/") + 1);
      files.set(
        `cloud/aws/${a.account}/${roleName}.trust-policy.json`,
        json(
          awsTrustPolicy(
            first.role,
            first.audience,
            group.map((i) => i.subject),
          ),
        ),
      );
    }
    if (first.cloud === "azure")
      for (const i of group) {
        const name = azureCredentialName(i.project, i.environment.split("/")[1]);
        files.set(
          `cloud/azure/${first.role}/${name}.json`,
          json(
            azureFederatedCredential(
              name,
              i.subject,
              i.audience,
              `secure-org: ESC environment ${i.environment} (login in ${i.loginEnvironment})`,
            ),
          ),
        );
      }
    if (first.cloud === "gcp") {
      const principals: string[] = [];
      for (const i of group) {
        const num = str(i.settings.projectNumber);
        const pool = str(i.settings.workloadPool);
        const provider = str(i.settings.provider);
        files.set(
          `cloud/gcp/${num}/${pool}/${provider}.provider.json`,
          json(gcpProvider(num, pool, provider, i.audience, i.subject)),
        );
        principals.push(gcpPrincipal(num, pool, i.subject));
      }
      files.set(
        `cloud/gcp/${first.role}.iam-policy.json`,
        json(gcpServiceAccountBinding(first.role, principals)),
      );
    }
  }
  for (const [account, p] of providers)
    files.set(
      `cloud/aws/${account}/oidc-provider.json`,
      json(awsOidcProvider(account, p.partition, [...p.audiences])),
    );
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
