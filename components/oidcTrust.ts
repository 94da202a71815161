import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { AccessModel } from "../model/access";
import {
  buildOidcPolicies,
  ciIssuers,
  GITHUB_ISSUER_URL,
  GithubIds,
  toProviderPolicies,
} from "../model/oidc";
import { DEFAULT_CI } from "../model/ci/registry";
import { componentType } from "./types";

export interface OidcTrustArgs {
  readonly model: AccessModel;
  /** Numeric GitHub owner and repository ids (looked up at deploy time or pinned in config). */
  readonly ids: pulumi.Input<GithubIds>;
  /** The machine teams the policies name must exist first. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The OIDC issuers of the org: the default CI's (always, named after it; its logical name
 * `<name>-<default CI>` is the one it always had) and one per issuer URL of the other CIs (an instance or organization of
 * each CI unit, model/ci/registry.ts), each with one exact allow
 * policy per pipeline identity whose tokens it signs and deny policies for what must never work
 * (see `model/oidc/`). Tokens they issue live at most `oidc.maxExpirationSeconds`.
 */
export class OidcTrust extends pulumi.ComponentResource {
  /** The default CI's issuer. */
  public readonly issuer: ps.OidcIssuer;
  /** Every issuer, by issuer URL. */
  public readonly issuers: ReadonlyMap<string, ps.OidcIssuer>;

  constructor(name: string, args: OidcTrustArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("OidcTrust"), name, {}, opts);
    const { model } = args;
    const child = { parent: this, dependsOn: args.dependsOn };
    // The policies depend on ids known at deploy time; computing inputs in apply is fine, no
    // resource is created inside it.
    const policies = pulumi
      .output(args.ids)
      .apply((ids) => toProviderPolicies(buildOidcPolicies(model, ids)));
    this.issuer = new ps.OidcIssuer(
      `${name}-${DEFAULT_CI}`,
      {
        organization: model.organization,
        name: DEFAULT_CI,
        url: GITHUB_ISSUER_URL,
        maxExpirationSeconds: model.oidc.maxExpirationSeconds,
        policies: policies as pulumi.Input<pulumi.Input<ps.types.input.AuthPolicyDefinitionArgs>[]>,
      },
      child,
    );
    const issuers = new Map<string, ps.OidcIssuer>([[GITHUB_ISSUER_URL, this.issuer]]);
    // The other CIs' policies need no lookup: their ids are pinned in the config.
    for (const issuer of ciIssuers(model))
      issuers.set(
        issuer.url,
        new ps.OidcIssuer(
          `${name}-${issuer.name}`,
          {
            organization: model.organization,
            name: issuer.name,
            url: issuer.url,
            maxExpirationSeconds: model.oidc.maxExpirationSeconds,
            policies: toProviderPolicies(issuer.policies),
          },
          child,
        ),
      );
    this.issuers = issuers;
    this.registerOutputs({ issuerId: this.issuer.id, issuers: [...issuers.keys()] });
  }
}
