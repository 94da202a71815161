/**
 * The plan's cloud section: each login environment with the identities it logs in as (the exact
 * subject and audience their trust documents accept), who reaches each identity and through what,
 * what an environment importing a login environment gains (nothing), and the trust documents
 * `plan --out` writes under `cloud/`.
 */
import { AccessModel } from "../model/access";
import { trustDocuments } from "../model/cloud/documents";
import { CloudReachRow, ImportRoute } from "../model/cloud/reach";
import { modelCloudReach } from "../model/invariants";
import type { Style } from "./planShape";

export interface PlanCloud {
  readonly environments: readonly {
    key: string;
    tier: string;
    protected: boolean;
    loginEnvironment: string;
    importedBy: string;
    identities: readonly {
      cloud: string;
      role: string;
      subject: string;
      audience: string;
      shared?: string;
    }[];
  }[];
  readonly reach: readonly CloudReachRow[];
  /** What an environment gains by importing a login environment: listed ones gain nothing. */
  readonly importers: readonly ImportRoute[];
  readonly files: readonly { path: string; bytes: number }[];
}

export function planCloud(model: AccessModel): { cloud: PlanCloud; files: Map<string, string> } {
  const files = trustDocuments(model.cloud.flatMap((c) => c.identities));
  const reach = modelCloudReach(model);
  return {
    files,
    cloud: {
      environments: model.cloud.map((c) => ({
        key: c.key,
        tier: c.tier,
        protected: c.protected,
        loginEnvironment: `${c.environment.project}/${c.environment.name}`,
        importedBy: `${c.importedBy.project}/${c.importedBy.name}`,
        identities: c.identities.map((i) => ({
          cloud: i.cloud,
          role: i.role,
          subject: i.subject,
          audience: i.audience,
          ...(i.shared ? { shared: i.shared } : {}),
        })),
      })),
      reach: reach.rows,
      importers: reach.imports,
      files: [...files].map(([path, text]) => ({ path, bytes: Buffer.byteLength(text) })),
    },
  };
}

export function renderCloud(
  cloud: PlanCloud | undefined,
  { heading, table: t, item }: Style,
): string[] {
  if (!cloud || cloud.environments.length === 0) return [];
  return [
    heading(`Cloud logins (${cloud.environments.length} login environments, owned by secure-org)`),
    ...t(
      [
        "environment opened",
        "login environment",
        "cloud",
        "identity",
        "accepted subject / audience",
      ],
      cloud.environments.flatMap((e) =>
        e.identities.map((i) => [
          e.importedBy + (e.protected ? " (protected)" : ""),
          e.loginEnvironment,
          i.cloud,
          i.role + (i.shared ? ` (shared: ${i.shared})` : ""),
          `${i.subject} / ${i.audience}`,
        ]),
      ),
    ),
    "",
    heading("Cloud reach: who can log in as which cloud identity"),
    ...t(
      ["team", "kind", "tier", "cloud identity", "through", "note"],
      cloud.reach.map((r) => [
        r.team,
        r.kind,
        r.tier + (r.protected ? " (protected)" : ""),
        `${r.cloud} ${r.role}`,
        `${r.via} ${r.environment} (login in ${r.loginEnvironment})`,
        r.breakGlass ? `BREAK-GLASS: ${r.breakGlass}` : "",
      ]),
    ),
    "",
    "An environment that imports a login environment, or opens it directly, mints a subject that",
    "names itself as the environment opened: no cloud identity accepts it.",
    ...cloud.importers.map(
      (i) =>
        `${item}${i.importer} imports ${i.loginEnvironment}: reaches ${i.reaches.length ? i.reaches.join(", ") : "nothing"}`,
    ),
    "",
    heading(`Cloud trust documents (plan --out writes them under cloud/)`),
    ...cloud.files.map((f) => `${item}${f.path} (${f.bytes} bytes)`),
    "",
  ];
}
