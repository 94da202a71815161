/**
 * Shared setup of the OIDC specs: the prod example (with pull-request previews on its protected
 * prod tier, and as shipped), GitHub ids for its repositories, its policies, the candidate tokens
 * and claim options of the payments and bootstrap pipelines.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { AccessModel, buildAccessModel } from "../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import {
  buildOidcPolicies,
  ClaimOptions,
  GithubIds,
  OidcPolicy,
  tokenLabel,
  tokensFor,
  TokenRequest,
} from "../../model/oidc";
import { lazyValue, UNDER_STRYKER } from "../support/stryker";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/**
 * The prod example, with reviewed pull-request previews turned on for the protected prod tier
 * (off by default there; unreviewed ones are refused, and Pulumi Deployments' web/prod cannot
 * preview a protected stack): these tests exercise the preview identity of a protected tier too.
 */
export function modelFrom(edit?: (doc: Doc) => void, prodPreviews = true): AccessModel {
  const doc: Doc = parse(readFileSync("Pulumi.prod.yaml", "utf8"));
  if (prodPreviews) {
    doc.config["secure-org:tiers"][2].deploy.previewPullRequests = true;
    doc.config["secure-org:tiers"][2].deploy.reviewedPreviews = true;
    doc.config["secure-org:projects"][1].tiers.prod.previewPullRequests = false;
  }
  edit?.(doc);
  const r = loadOrgConfig(entriesFromStackFile(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return buildAccessModel(r.config, r.warnings);
}

export const ids: GithubIds = {
  ownerId: 1001,
  repositoryIds: { "payments-infra": 2001, "web-app": 2002, platform: 2003 },
};
const prodModel = lazyValue(() => modelFrom());
const models: Readonly<Record<"model" | "shipped" | "policies", () => unknown>> = {
  model: prodModel,
  shipped: lazyValue(() => modelFrom(undefined, false)),
  policies: lazyValue(() => buildOidcPolicies(prodModel(), ids)),
};
/** The prod example with reviewed prod previews, as shipped, and the former's policies. */
export let model: AccessModel;
export let shipped: AccessModel;
export let policies: OidcPolicy[];
if (UNDER_STRYKER) {
  // Made when a test first reads them, not while mocha loads the specs (test/support/stryker.ts):
  // getters on this module's exports, which every importer reads through.
  for (const [name, get] of Object.entries(models))
    Object.defineProperty(exports, name, { get, enumerable: true });
} else {
  model = prodModel();
  shipped = modelFrom(undefined, false);
  policies = buildOidcPolicies(model, ids);
}

export const AUD = "urn:pulumi:org:acme";
export const team = (name: string): TokenRequest => ({ tokenType: "team", team: name });
export const ORG_ADMIN: TokenRequest = { tokenType: "organization", permission: "admin" };
export const CANDIDATES: TokenRequest[] = [
  team("payments-staging-deploy"),
  team("payments-staging-preview"),
  team("payments-prod-deploy"),
  team("payments-prod-preview"),
  ORG_ADMIN,
];
export const granted = (p: readonly OidcPolicy[], claims: Record<string, unknown>) =>
  tokensFor(p, claims, CANDIDATES).map(tokenLabel);

export const paymentsProdPush: ClaimOptions = {
  organization: "acme",
  owner: "acme",
  ownerId: 1001,
  repository: "payments-infra",
  repositoryId: 2001,
  event: "push",
  branch: "main",
  environment: "prod",
  workflowPath: ".github/workflows/pulumi-payments-prod.yml",
};
export const paymentsPr: ClaimOptions = {
  organization: "acme",
  owner: "acme",
  ownerId: 1001,
  repository: "payments-infra",
  repositoryId: 2001,
  event: "pull_request",
  baseBranch: "main",
  headBranch: "feature/x",
};
export const bootstrapPush: ClaimOptions = {
  ...paymentsProdPush,
  repository: "platform",
  repositoryId: 2003,
  workflowPath: ".github/workflows/pulumi-secure-org-prod.yml",
};
