/**
 * The API budget of a run: how many API calls each resource type costs the provider that manages
 * it, read from the providers' source (each type's costs are in its managed area, kinds/; the
 * calculus in kinds/cost.ts), per operation:
 *
 * - `create`: the first `pulumi up` of the resource;
 * - `update`: the smallest in-place update (one updatable input changed); a type without an
 *   Update function is replaced (delete + create);
 * - `read`: `pulumi refresh` (the provider's Read);
 * - `preview`: a `pulumi preview` in which nothing changed (Check and Diff only).
 *
 * Sources (every count below names the file and function it was read from):
 * - pulumiservice 1.3.0: github.com/pulumi/pulumi-pulumiservice at tag v1.3.0,
 *   `provider/pkg/resources/*.go` and the client in `provider/pkg/pulumiapi/*.go` (one HTTP
 *   request per `c.do`/`c.doWithQuery`/`c.SDK.*` call, no retries in `sendRequest`). No
 *   resource's Check or Diff calls the API, so an unchanged preview costs nothing.
 * - @pulumi/github 6.15.0 bridges github.com/integrations/terraform-provider-github at commit
 *   20728bb (tag v6.13.0, the `upstream` submodule of pulumi-github v6.15.0),
 *   `github/resource_github_*.go`. With the legacy client (the default, and what this program
 *   uses), every request goes through `RateLimitTransport` (github/transport.go): one at a time
 *   unless `parallel_requests`, `write_delay_ms` after every POST/PATCH/PUT/DELETE (GraphQL queries
 *   are POSTs too), `read_delay_ms` after every GET. A Diff calls the API only when `repository`
 *   or a team id changes (`diffRepository`, `diffLegacyTeamID` in github/util_diff.go).
 *
 * Counts are requests as the service sees them; retries after errors are not counted.
 */

import { calls, type Calls, type Service } from "../kinds/cost";

export { ASSUMED_MEMBER_PAGE_SIZE, OPERATIONS, scale, sum } from "../kinds/cost";
export type { Calls, CostInput, Operation, Service, TypeCost } from "../kinds/cost";
/** Every resource type the program registers, with its costs (each from its managed area). */
export { API_COSTS } from "../kinds";

const PS = "pulumi-pulumiservice v1.3.0 provider/pkg";
const GH = "terraform-provider-github v6.13.0 github";

/**
 * Per-run costs that are not resources: provider configuration and invokes. An invoke runs every
 * time the program runs (preview, and again in the update of `pulumi up`); `pulumi refresh` does
 * not run the program, only configures the providers.
 */
export const RUN_COSTS = {
  githubConfigure: {
    service: "github" as const,
    calls: calls(1),
    source: `${GH}/provider.go ConfigureOwner (Organizations.Get of the owner)`,
    note: "with GitHub App authentication the legacy client also exchanges the App's key for one installation token (POST /app/installations/{id}/access_tokens, authenticated as the App), which lives one hour and is not renewed (integrations/terraform-provider-github#977)",
  },
  stackReference: {
    service: "pulumi" as const,
    calls: calls(1),
    source:
      "pulumi/pulumi pkg/resource/deploy/builtins.go (the engine's built-in provider reads the referenced stack's outputs from the backend)",
    note: "read in every program run, preview included; one request assumed, not counted from the engine's source",
  },
  invokes: {
    "pulumiservice:index:getCurrentUser": {
      service: "pulumi" as const,
      calls: calls(1),
      source: `${PS}/functions/current_user.go GetCurrentUserFunction.Invoke (GetCurrentUser)`,
    },
    "github:index/getOrganization:getOrganization": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_organization.go dataSourceGithubOrganizationRead (Organizations.Get; summary_only skips listing repositories and members)`,
    },
    "github:index/getTeam:getTeam": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_team.go dataSourceGithubTeamRead (Teams.GetTeamBySlug; summary_only skips listing members and repositories)`,
    },
    "github:index/getRepository:getRepository": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_repository.go dataSourceGithubRepositoryRead (Repositories.Get, + GetPagesInfo when Pages is on, + License when the repository has one)`,
    },
  } as Readonly<Record<string, { service: Service; calls: Calls; source: string }>>,
};
