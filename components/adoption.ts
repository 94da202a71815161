/**
 * Adopting an existing organization, where the program runs:
 *
 * - `adoptionTransformation`: one transformation on the root component (`SecureOrg`), inherited by
 *   every resource under it, that sets Pulumi's `import` option on each registration the adopt
 *   record (`secure-org:adopt`, model/adopt/record.ts) lists by type and logical name, when the
 *   registration still carries the recorded identifying inputs. One mechanism for every
 *   component, including ones added later, with no change to them.
 * - `guardRemovals`: the mass-removal guard, run before anything is registered.
 *
 * Inputs that grant nothing are adjusted for imported resources, so the import compares equal:
 * - a Pulumi team's members are exactly the declared ones: the bootstrap identity is added to
 *   the teams it creates (Pulumi Cloud adds their creator), not to teams it imports;
 * - a GitHub file's `overwriteOnCreate` is false, as its importer sets it: nothing is created;
 * - the OIDC issuer keeps its live name and TLS thumbprints (recorded by `npm run adopt`).
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { AccessModel } from "../model/access";
import {
  AccessSnapshot,
  AdoptImport,
  AdoptRecord,
  checkRemovals,
  GuardResult,
  importKey,
  importsByKey,
  matchesRecord,
  snapshotOfModel,
  snapshotOfPlanJson,
} from "../model/adopt";
import { managedType, snapshotOfRecord } from "../kinds";
import { OrgConfig } from "../model/config";

/** The registration inputs an import needs, given what the record says exists (kinds/). */
function importInputs(
  type: string,
  props: pulumi.Inputs,
  model: AccessModel,
  entry: AdoptImport,
): pulumi.Inputs {
  return managedType(type)?.importInputs?.(props, model, entry) ?? props;
}

/**
 * Sets `import` on every registration the record lists (by type and logical name) whose plain
 * identifying inputs still match; `warn` hears about an entry that no longer matches (it is then
 * created, which fails if the recorded one still exists: the plan shows this before anything runs).
 */
export function adoptionTransformation(
  record: AdoptRecord,
  model: AccessModel,
  warn: (message: string) => void = () => undefined,
): pulumi.ResourceTransformation {
  const entries = importsByKey(record);
  return (args) => {
    if (!(args.resource instanceof pulumi.CustomResource)) return undefined;
    const entry = entries.get(importKey(args.type, args.name));
    if (!entry) return undefined;
    const match = matchesRecord(entry, args.props);
    if (!match.ok) {
      warn(
        `adopt: ${args.type} ${args.name} is not imported: its ${match.field} is ` +
          `${JSON.stringify(match.got)} in the config but ${JSON.stringify(match.want)} in the ` +
          "adopt record, so the recorded one is left alone; run npm run adopt again",
      );
      return undefined;
    }
    return {
      props: importInputs(args.type, args.props, model, entry),
      opts: { ...args.opts, import: entry.id },
    };
  };
}

/** Root options with the adoption transformation first (before any recorder, which sees it). */
export function withAdoption(
  config: OrgConfig,
  model: AccessModel,
  rootOptions: pulumi.ComponentResourceOptions | undefined,
  warn?: (message: string) => void,
): pulumi.ComponentResourceOptions | undefined {
  if (!config.adopt) return rootOptions;
  return {
    ...rootOptions,
    transformations: [
      adoptionTransformation(config.adopt, model, warn),
      ...(rootOptions?.transformations ?? []),
    ],
  };
}

export class GuardError extends Error {
  constructor(public readonly result: GuardResult) {
    super(result.message);
    this.name = "GuardError";
  }
}

/** Where the guard's baseline comes from, for `pulumi up` and the tests. */
export interface BaselineSource {
  /** The directory `guard.baseline` is relative to (the stack file's). Default: the cwd. */
  readonly dir?: string;
  /** Reads a file; default `readFileSync`. */
  readonly readFile?: (file: string) => string;
  /** The environment (`SECURE_ORG_GUARD_BASELINE`); default the process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The environment variable naming a plan JSON of what is deployed (set by the deploy job). */
export const GUARD_BASELINE_ENV = "SECURE_ORG_GUARD_BASELINE";

/** A plan JSON file as the guard's snapshot; `what` names it in errors. */
function planFile(file: string, what: string, source: BaselineSource): AccessSnapshot {
  if (!source.readFile && !existsSync(file))
    throw new Error(
      `${what} names ${file}, which does not exist: commit the plan JSON of the deployed config ` +
        "there (npm run plan -- --json)",
    );
  const text = (source.readFile ?? ((f: string) => readFileSync(f, "utf8")))(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} (${file}) is not JSON: ${(e as Error).message}`);
  }
  return snapshotOfPlanJson(json);
}

/**
 * The snapshot the guard compares with: the plan JSON `SECURE_ORG_GUARD_BASELINE` names (the
 * deploy job plans the commit it replaces), else the `guard.baseline` plan JSON, else the adopt
 * record, else none (a new organization: nothing to remove).
 */
export function previousAccess(
  config: OrgConfig,
  source: BaselineSource = {},
): { snapshot: AccessSnapshot; source: string } | undefined {
  const fromEnv = (source.env ?? process.env)[GUARD_BASELINE_ENV];
  if (fromEnv)
    return {
      snapshot: planFile(path.resolve(fromEnv), GUARD_BASELINE_ENV, source),
      source: `the deployed plan ${fromEnv} (${GUARD_BASELINE_ENV})`,
    };
  if (config.guard.baseline)
    return {
      snapshot: planFile(
        path.resolve(source.dir ?? process.cwd(), config.guard.baseline),
        `guard.baseline ${config.guard.baseline}`,
        source,
      ),
      source: `the baseline ${config.guard.baseline}`,
    };
  if (config.adopt)
    return {
      snapshot: snapshotOfRecord(config.adopt),
      source: `the live organization as adopted (${config.adopt.readAt})`,
    };
  return undefined;
}

/**
 * The mass-removal guard before `pulumi up` registers anything: throws a `GuardError` naming the
 * counts when the config removes too much without the matching acknowledgement.
 */
export function guardRemovals(
  config: OrgConfig,
  model: AccessModel,
  source: BaselineSource = {},
): GuardResult | undefined {
  const previous = previousAccess(config, source);
  if (!previous) return undefined;
  const result = checkRemovals(
    previous.snapshot,
    snapshotOfModel(model),
    config.guard,
    previous.source,
  );
  if (!result.ok) throw new GuardError(result);
  return result;
}
