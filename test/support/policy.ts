/**
 * Runs a policy of the guardrails pack the way @pulumi/policy's own tests do (its
 * tests/util.ts): build the argument bag the SDK's server would build for a resource or a stack,
 * call `validateResource` / `validateStack` with a `reportViolation` that records, and return
 * the messages. Inputs go through the SDK's own `unknownCheckingProxy`, as in the server, and
 * `notApplicable` throws like the SDK's, so a policy sees exactly what it sees at run time.
 */
import {
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";

export interface ResourceCase {
  readonly type: string;
  readonly name?: string;
  readonly props?: Record<string, unknown>;
  /** `project/stack` the resource belongs to (default `payments/prod`). */
  readonly stack?: string;
  /** A raw URN instead of one built from `stack`. */
  readonly urn?: string;
  readonly opts?: Partial<PolicyResourceOptions>;
  /** The policy's settings, as a policy group's config supplies them. */
  readonly config?: Record<string, unknown>;
}

export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

const OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

export function urnOf(stack: string, type: string, name: string): string {
  const [project, stackName] = stack.split("/");
  return `urn:pulumi:${stackName}::${project}::${type}::${name}`;
}

export function resourceArgs(c: ResourceCase): ResourceValidationArgs {
  const name = c.name ?? "r";
  const props = unknownCheckingProxy(c.props ?? {}) as Record<string, unknown>;
  return {
    type: c.type,
    props,
    urn: c.urn ?? urnOf(c.stack ?? "payments/prod", c.type, name),
    name,
    opts: { ...OPTIONS, ...c.opts },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({ ...c.config }) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

/** The violations a resource policy reports for one resource. */
export async function violations(policy: ResourceValidationPolicy, c: ResourceCase) {
  const out: string[] = [];
  const checks = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  for (const check of checks)
    await Promise.resolve(check(resourceArgs(c), (message) => void out.push(message)));
  return out;
}

/** The violations a stack policy reports, or the reason it is not applicable. */
export async function stackViolations(
  policy: StackValidationPolicy,
  config: Record<string, unknown> = {},
): Promise<string[] | NotApplicable> {
  const out: string[] = [];
  const args: StackValidationArgs = {
    resources: [],
    stackTags: new Map(),
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  try {
    await Promise.resolve(policy.validateStack(args, (message) => void out.push(message)));
  } catch (e) {
    if (e instanceof NotApplicable) return e;
    throw e;
  }
  return out;
}
