import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { AccessModel } from "../model/access";
import { buildOidcPolicies, GITHUB_ISSUER_URL, GithubIds, toProviderPolicies } from "../model/oidc";

export interface OidcTrustArgs {
  readonly model: AccessModel;
  /** Numeric GitHub owner and repository ids (looked up at deploy time or pinned in config). */
  readonly ids: pulumi.Input<GithubIds>;
  /** The machine teams the policies name must exist first. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The one GitHub Actions OIDC issuer of the org, with one exact allow policy per pipeline identity
 * and deny policies for the mistakes that must never work (see `model/oidc.ts`). Tokens it issues
 * live at most `oidc.maxExpirationSeconds`.
 */
export class OidcTrust extends pulumi.ComponentResource {
  public readonly issuer: ps.OidcIssuer;

  constructor(name: string, args: OidcTrustArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-org:index:OidcTrust", name, {}, opts);
    const { model } = args;
    // The policies depend on ids known at deploy time; computing inputs in apply is fine, no
    // resource is created inside it.
    const policies = pulumi
      .output(args.ids)
      .apply((ids) => toProviderPolicies(buildOidcPolicies(model, ids)));
    this.issuer = new ps.OidcIssuer(
      `${name}-github-actions`,
      {
        organization: model.organization,
        name: "github-actions",
        url: GITHUB_ISSUER_URL,
        maxExpirationSeconds: model.oidc.maxExpirationSeconds,
        policies: policies as pulumi.Input<pulumi.Input<ps.types.input.AuthPolicyDefinitionArgs>[]>,
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    this.registerOutputs({ issuerId: this.issuer.id });
  }
}
