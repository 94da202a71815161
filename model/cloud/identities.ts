/**
 * The cloud identities the config declares, one per environment and cloud, and what is wrong
 * with them as a set: a role shared by two tiers, or by two environments without a declaration on
 * each, a login environment whose name is taken, the legacy `default` project, and the limits of
 * each cloud's trust documents. Pure: read from plain data (validated or not), so the policy
 * checks and the model share it.
 */
import { AZURE_FIELD_MAX, AZURE_MAX_CREDENTIALS, awsRoleKey, GCP_CONDITION_MAX } from "./formats";
import {
  awsTrustPolicy,
  awsTrustProblem,
  Cloud,
  CLOUDS,
  ESC_ISSUER,
  escAudience,
  escSubject,
  gcpProvider,
  gcpSubjectProblem,
  hasWildcard,
} from "./trust";

/** One project's environment on one tier, with its `cloud` block as written. */
export interface CloudUse {
  readonly project: string;
  readonly tier: string;
  readonly protected: boolean;
  /** The tier environment's name in the ESC project named after the project. */
  readonly environment: string;
  /** `cloud`, read as plain data. */
  readonly cloud: Readonly<Record<string, unknown>>;
  /** Config path of `cloud`. */
  readonly path: string;
}

export interface CloudIdentity {
  readonly cloud: Cloud;
  /** The identity in its cloud: the role, the Entra application, the service account. */
  readonly roleKey: string;
  /** How a reader knows it: the role ARN, the client id, the service account email. */
  readonly role: string;
  readonly project: string;
  readonly tier: string;
  readonly protected: boolean;
  /** The environment that is opened (`project/name`): the tier's. */
  readonly environment: string;
  /** The environment that defines the login (`project/name-cloud`), owned by secure-org. */
  readonly loginEnvironment: string;
  readonly subject: string;
  readonly audience: string;
  /** Config path of this cloud's block. */
  readonly path: string;
  /** Why it is shared, when the config declares so. */
  readonly shared?: string;
  /** The cloud's own settings, as validated. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The suffix of a tier environment's login environment. */
export const LOGIN_SUFFIX = "-cloud";
export const loginEnvironmentName = (environment: string) => `${environment}${LOGIN_SUFFIX}`;

const s = (v: unknown) => (typeof v === "string" ? v : undefined);
const o = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : Object.create(null);

/** The role key of one cloud block, when its identifiers are well-formed enough to read. */
export function roleOf(
  cloud: Cloud,
  b: Record<string, unknown>,
): { key: string; role: string } | undefined {
  if (cloud === "aws") {
    const arn = s(b.roleArn);
    const key = arn && awsRoleKey(arn);
    return key && arn ? { key, role: arn } : undefined;
  }
  if (cloud === "azure") {
    const id = s(b.clientId)?.toLowerCase();
    const tenant = s(b.tenantId)?.toLowerCase();
    return id && tenant ? { key: `azure:${tenant}:${id}`, role: id } : undefined;
  }
  const sa = s(b.serviceAccount)?.toLowerCase();
  return sa ? { key: `gcp:${sa}`, role: sa } : undefined;
}

/** Every identity the uses declare, in config order (uses, then aws, azure, gcp). */
export function cloudIdentities(organization: string, uses: readonly CloudUse[]): CloudIdentity[] {
  const out: CloudIdentity[] = [];
  for (const u of uses) {
    const environment = `${u.project}/${u.environment}`;
    const loginEnvironment = `${u.project}/${loginEnvironmentName(u.environment)}`;
    for (const cloud of CLOUDS) {
      if (u.cloud[cloud] === undefined) continue;
      const b = o(u.cloud[cloud]);
      const r = roleOf(cloud, b);
      if (!r) continue;
      out.push({
        cloud,
        roleKey: r.key,
        role: r.role,
        project: u.project,
        tier: u.tier,
        protected: u.protected,
        environment,
        loginEnvironment,
        subject: escSubject(organization, environment, loginEnvironment),
        audience: escAudience(cloud, organization),
        path: `${u.path}.${cloud}`,
        shared: s(o(b.shared).reason),
        settings: b,
      });
    }
  }
  return out;
}

export interface CloudProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * What the identities break: sharing across tiers or undeclared within one, the `default`
 * project, login environment names, wildcards, and each cloud's limits. `declaredEnvironments`
 * is every tier environment the config declares (`project/name`).
 */
export function cloudProblems(
  organization: string,
  uses: readonly CloudUse[],
  declaredEnvironments: ReadonlySet<string>,
): CloudProblem[] {
  const problems: CloudProblem[] = [];
  const err = (path: string, message: string) => problems.push({ path, message });
  for (const u of uses) {
    if (u.project === "default")
      err(
        u.path,
        'the legacy ESC project "default" gives its environments a subject without the project ' +
          "and the bare organization as audience, so no trust can be pinned to one environment: " +
          "move this project's environments to a project of their own (rename the project)",
      );
    const login = loginEnvironmentName(u.environment);
    if (login.length > 100)
      err(u.path, `the login environment name "${login}" is longer than 100 characters`);
    if (declaredEnvironments.has(`${u.project}/${login}`))
      err(
        u.path,
        `the login environment ${u.project}/${login} has the name of an environment a tier ` +
          "declares, whose editors could then write the login: rename that environment",
      );
  }
  const ids = cloudIdentities(organization, uses);
  for (const id of ids)
    if (hasWildcard(id.subject) || hasWildcard(id.audience))
      err(id.path, `the subject ${id.subject} holds a wildcard character; rename the environment`);
  sharingProblems(ids, err);
  limitProblems(ids, err);
  return problems;
}

/** Group by a key, keeping config order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return m;
}

function sharingProblems(ids: readonly CloudIdentity[], err: (p: string, m: string) => void) {
  for (const [, group] of groupBy(ids, (i) => i.roleKey)) {
    if (group.length < 2) continue;
    const tiers = [...new Set(group.map((i) => i.tier))];
    const where = group.map((i) => `${i.environment} (${i.path})`).join(", ");
    if (tiers.length > 1) {
      for (const i of group)
        err(
          i.path,
          `${i.role} is the cloud identity of tiers ${tiers.join(", ")} (${where}): a ` +
            "tier's deploys could then act on another tier's resources; give each tier its own",
        );
      continue;
    }
    for (const i of group)
      if (!i.shared)
        err(
          i.path,
          `${i.role} is also the cloud identity of ${group
            .filter((x) => x !== i)
            .map((x) => x.environment)
            .join(", ")}: every environment that may log in as it then reaches what the others ` +
            "deploy; give each environment its own, or declare shared: { reason } on each",
        );
  }
}

function limitProblems(ids: readonly CloudIdentity[], err: (p: string, m: string) => void) {
  for (const [, group] of groupBy(ids, (i) => i.roleKey)) {
    const first = group[0];
    if (first.cloud === "aws") {
      const problem = awsTrustProblem(
        awsTrustPolicy(
          first.role,
          first.audience,
          group.map((i) => i.subject),
        ),
      );
      if (problem) for (const i of group) err(i.path, `${i.role}: ${problem}`);
    }
    if (first.cloud === "azure" && group.length > AZURE_MAX_CREDENTIALS)
      for (const i of group)
        err(
          i.path,
          `${i.role} would need ${group.length} federated identity credentials; an Entra ` +
            `application holds at most ${AZURE_MAX_CREDENTIALS}`,
        );
  }
  const providers = groupBy(
    ids.filter((i) => i.cloud === "gcp"),
    (i) => `${s(i.settings.projectNumber)}/${s(i.settings.workloadPool)}/${s(i.settings.provider)}`,
  );
  for (const [key, group] of providers)
    if (group.length > 1)
      for (const i of group)
        err(
          `${i.path}.provider`,
          `workload identity provider ${key} is used by ${group.map((x) => x.environment).join(", ")}: ` +
            "a provider's condition pins one environment; give each its own provider",
        );
  for (const i of ids) {
    if (i.cloud === "gcp") {
      const problem = gcpSubjectProblem(i.subject);
      if (problem) err(i.path, `${i.environment}: ${problem}`);
      const p = gcpProvider("0", "pool", "provider", i.audience, i.subject);
      if (p.attributeCondition.length > GCP_CONDITION_MAX)
        err(i.path, `the attribute condition would exceed ${GCP_CONDITION_MAX} characters`);
    }
    if (i.cloud === "azure")
      for (const [field, value] of [
        ["subject", i.subject],
        ["issuer", ESC_ISSUER],
        ["audience", i.audience],
      ] as const)
        if (value.length > AZURE_FIELD_MAX)
          err(
            i.path,
            `the federated credential's ${field} would exceed ${AZURE_FIELD_MAX} characters`,
          );
  }
}
