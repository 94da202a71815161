/**
 * Import IDs: for every resource type the program registers, the ID the provider's Read parses,
 * built the way the provider builds it. Each managed area (kinds/<area>.ts) gives its types' rules
 * and builders with these helpers. Sources (read from the providers' code, not guessed):
 *
 * - `@pulumi/pulumiservice` 1.3.0: pulumi/pulumi-pulumiservice at tag v1.3.0,
 *   `provider/pkg/resources/<file>.go`, each resource's `Read` and its ID split function;
 * - `@pulumi/github` 6.15.0 bridges integrations/terraform-provider-github v6.13.0 (the `upstream`
 *   submodule of pulumi/pulumi-github v6.15.0 is commit 20728bb, tagged v6.13.0):
 *   `github/resource_github_<name>.go`, each resource's `Importer`; `github/util.go` for
 *   `buildID`, `parseID2`/`parseID3` (split on ":" at most 2 or 3 times) and `escapeIDPart`
 *   (a ":" inside an environment name or file path is written "??").
 */

export interface ImportIdRule {
  /** The ID's shape. */
  readonly format: string;
  /** Where the format is defined. */
  readonly source: string;
  /** Whether the provider can import the type at all. */
  readonly importable: boolean;
  /** What the plan says about importing this type. */
  readonly note?: string;
}

export const PS = "pulumi/pulumi-pulumiservice v1.3.0 provider/pkg/resources/";
export const GH = "integrations/terraform-provider-github v6.13.0 github/";

/** Refuses a part that holds the separator the provider splits on: the ID would parse wrong. */
export function parts(separator: string, values: readonly string[], what: string): string {
  for (const v of values) {
    if (v.length === 0) throw new Error(`${what}: an empty ID part`);
    if (v.includes(separator))
      throw new Error(
        `${what}: ${JSON.stringify(v)} contains "${separator}", which the provider splits the ID on`,
      );
  }
  return values.join(separator);
}

/** The provider's escapeIDPart: a ":" inside the last-but-one parts is written "??". */
export const escapeIdPart = (part: string) => part.split(":").join("??");

/** A GitHub numeric id as an ID part. */
export function positive(id: number, what: string): string {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Error(`${what}: the GitHub id must be a positive integer, got ${id}`);
  return String(id);
}
