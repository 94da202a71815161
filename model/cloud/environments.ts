/**
 * The login environments: for each tier environment with a `cloud` block, an ESC environment
 * `<project>/<environment>-cloud` that secure-org owns (its definition is reverted on drift), holds
 * the `fn::open::*-login` blocks with `subjectAttributes`, and is imported by the tier environment.
 * Its grants follow the tier environment's, capped at `open`: nobody but secure-org edits it.
 */
import { stringify } from "yaml";
import { CloudIdentity, CloudUse, cloudIdentities, loginEnvironmentName } from "./identities";
import { SUBJECT_ATTRIBUTES } from "./trust";

export interface CloudEnvironmentRef {
  readonly project: string;
  readonly name: string;
}

/** A team's permission on a login environment: the tier environment's, capped at open. */
export interface CloudGrantSpec {
  readonly team: string;
  readonly identity: "human" | "machine";
  readonly permission: "read" | "open";
  readonly maxOpenDuration?: string;
  readonly breakGlass?: string;
  readonly reason: string;
}

export interface CloudEnvironmentSpec {
  /** `project/tier`, like the stack's key. */
  readonly key: string;
  readonly project: string;
  readonly tier: string;
  readonly protected: boolean;
  /** The login environment. */
  readonly environment: CloudEnvironmentRef;
  /** The tier environment that imports it (the only root its trust documents accept). */
  readonly importedBy: CloudEnvironmentRef;
  readonly identities: readonly CloudIdentity[];
  readonly grants: readonly CloudGrantSpec[];
  /** Its definition, owned by secure-org. */
  readonly yaml: string;
  readonly formerKeys: readonly string[];
  readonly source: string;
}

/** A grant on a tier environment, as the access model has it. */
export interface TierGrantLike {
  readonly team: string;
  readonly identity: "human" | "machine";
  readonly environment: CloudEnvironmentRef;
  readonly environmentPermission: string;
  readonly maxOpenDuration?: string;
  readonly breakGlass?: string;
  readonly role?: string;
}

/** A stack as the access model has it (the parts a login environment needs). */
export interface StackLike {
  readonly key: string;
  readonly project: string;
  readonly tier: string;
  readonly protected: boolean;
  readonly environment: CloudEnvironmentRef;
  readonly formerKeys: readonly string[];
}

/** An AWS role session name: `[\w+=,.@-]`, 2 to 64 characters. */
export const awsSessionName = (environment: string) =>
  `secure-org-${environment}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);

const ESC_VARIABLES = {
  aws: {
    AWS_ACCESS_KEY_ID: "${aws.login.accessKeyId}",
    AWS_SECRET_ACCESS_KEY: "${aws.login.secretAccessKey}",
    AWS_SESSION_TOKEN: "${aws.login.sessionToken}",
  },
  azure: {
    ARM_USE_OIDC: "true",
    ARM_CLIENT_ID: "${azure.login.clientId}",
    ARM_TENANT_ID: "${azure.login.tenantId}",
    ARM_OIDC_TOKEN: "${azure.login.oidc.token}",
    ARM_SUBSCRIPTION_ID: "${azure.login.subscriptionId}",
  },
  gcp: {
    GOOGLE_PROJECT: "${gcp.login.project}",
    GOOGLE_OAUTH_ACCESS_TOKEN: "${gcp.login.accessToken}",
    CLOUDSDK_AUTH_ACCESS_TOKEN: "${gcp.login.accessToken}",
  },
} as const;

/** The `fn::open::<cloud>-login` call of one identity (the shapes of the ESC provider docs). */
export function loginCall(i: CloudIdentity): Record<string, unknown> {
  const b = i.settings;
  const subjectAttributes = [...SUBJECT_ATTRIBUTES];
  if (i.cloud === "aws") {
    const policyArns = Array.isArray(b.policyArns) ? b.policyArns : [];
    return {
      "fn::open::aws-login": {
        oidc: {
          roleArn: b.roleArn,
          sessionName: awsSessionName(i.environment),
          duration: typeof b.sessionDuration === "string" ? b.sessionDuration : "1h",
          ...(policyArns.length ? { policyArns } : {}),
          subjectAttributes,
        },
      },
    };
  }
  if (i.cloud === "azure")
    return {
      "fn::open::azure-login": {
        clientId: b.clientId,
        tenantId: b.tenantId,
        subscriptionId: b.subscriptionId,
        oidc: true,
        subjectAttributes,
      },
    };
  return {
    "fn::open::gcp-login": {
      project: Number(b.projectNumber),
      oidc: {
        workloadPoolId: b.workloadPool,
        providerId: b.provider,
        serviceAccount: b.serviceAccount,
        subjectAttributes,
      },
    },
  };
}

/** The login environment's definition. */
export function loginEnvironmentYaml(
  login: CloudEnvironmentRef,
  importedBy: CloudEnvironmentRef,
  identities: readonly CloudIdentity[],
): string {
  const values: Record<string, unknown> = {};
  const variables: Record<string, string> = {};
  for (const i of identities) {
    values[i.cloud] = { login: loginCall(i) };
    Object.assign(variables, ESC_VARIABLES[i.cloud]);
  }
  values.environmentVariables = variables;
  const header = [
    `# ${login.project}/${login.name}: the cloud login of ${importedBy.project}/${importedBy.name}, owned by secure-org.`,
    "# Edit the secure-org config, not this definition: secure-org reverts any change to it.",
    `# Each cloud trusts only tokens whose subject names ${importedBy.project}/${importedBy.name} as the`,
    "# environment opened and this one as where the login is defined: opening this environment",
    "# directly, or importing it elsewhere, obtains no cloud credentials.",
  ].join("\n");
  return `${header}\n${stringify({ values }, { lineWidth: 0 })}`;
}

/** The login environments of the stacks whose project tier declares `cloud`. */
export function buildCloudEnvironments(
  organization: string,
  uses: readonly CloudUse[],
  stacks: readonly StackLike[],
  grants: readonly TierGrantLike[],
): CloudEnvironmentSpec[] {
  const identities = cloudIdentities(organization, uses);
  const out: CloudEnvironmentSpec[] = [];
  for (const u of uses) {
    const stack = stacks.find((s) => s.project === u.project && s.tier === u.tier);
    if (!stack) continue;
    const mine = identities.filter((i) => i.project === u.project && i.tier === u.tier);
    const environment = {
      project: stack.environment.project,
      name: loginEnvironmentName(stack.environment.name),
    };
    out.push({
      key: stack.key,
      project: u.project,
      tier: u.tier,
      protected: stack.protected,
      environment,
      importedBy: stack.environment,
      identities: mine,
      grants: loginGrants(stack.environment, grants),
      yaml: loginEnvironmentYaml(environment, stack.environment, mine),
      formerKeys: stack.formerKeys,
      source: u.path,
    });
  }
  return out;
}

/** The tier environment's grants on its login environment, capped at open. */
export function loginGrants(
  tierEnvironment: CloudEnvironmentRef,
  grants: readonly TierGrantLike[],
): CloudGrantSpec[] {
  const out: CloudGrantSpec[] = [];
  for (const g of grants) {
    if (
      g.environment.project !== tierEnvironment.project ||
      g.environment.name !== tierEnvironment.name ||
      g.environmentPermission === "none"
    )
      continue;
    const permission = g.environmentPermission === "read" ? "read" : "open";
    out.push({
      team: g.team,
      identity: g.identity,
      permission,
      ...(g.maxOpenDuration && permission === "open" ? { maxOpenDuration: g.maxOpenDuration } : {}),
      ...(g.breakGlass ? { breakGlass: g.breakGlass } : {}),
      reason:
        g.environmentPermission === permission
          ? `as on ${tierEnvironment.project}/${tierEnvironment.name}`
          : `${g.environmentPermission} on ${tierEnvironment.project}/${tierEnvironment.name}, capped at open: only secure-org edits a login environment`,
    });
  }
  return out;
}
