import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { MemberSpec } from "../model/access";
import { pulumiLoginKey } from "../model/names";
import { componentType } from "./types";

export interface OrgMembershipArgs {
  readonly organization: string;
  /** Every declared member, admins first. */
  readonly members: readonly MemberSpec[];
  /**
   * The login that runs `pulumi up`. Declaring it as a plain member would demote the identity in
   * the middle of its own deployment, so that fails the deployment before the change is made.
   */
  readonly deployer?: pulumi.Input<string>;
}

export const ORG_MEMBERSHIP_TYPE = componentType("OrgMembership");

/**
 * Organization membership as code: one `OrganizationMember` per declared login, `admin` for the
 * declared admins and `member` for everyone else. Members who are not declared are not touched
 * (the audit reports them).
 *
 * Removing an admin from the config leaves the membership as it is (`retainOnDelete`): the
 * deploying identity is an admin, and a config edit must never remove it from the organization
 * while it deploys. The audit then reports that admin as undeclared until someone removes them by
 * hand. Removing a plain member removes them from the organization.
 */
export class OrgMembership extends pulumi.ComponentResource {
  /** Each member's resource, by login. */
  public readonly members: ReadonlyMap<string, ps.OrganizationMember>;

  constructor(name: string, args: OrgMembershipArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ORG_MEMBERSHIP_TYPE, name, {}, opts);
    const members = new Map<string, ps.OrganizationMember>();
    for (const m of args.members)
      members.set(
        m.login,
        new ps.OrganizationMember(
          `${name}-${m.login}`,
          {
            organizationName: args.organization,
            username: m.login,
            role: roleOf(m, args.deployer),
          },
          { parent: this, retainOnDelete: m.role === "admin" },
        ),
      );
    this.members = members;
    this.registerOutputs({ members: [...members.keys()] });
  }
}

/** The member's role; for the deploying identity declared as a plain member, a failure. */
function roleOf(m: MemberSpec, deployer: pulumi.Input<string> | undefined): pulumi.Input<string> {
  if (m.role === "admin" || deployer === undefined) return m.role;
  return pulumi.output(deployer).apply((login) => {
    // Compared case-blind: whether Pulumi folds login case is unsettled (fail closed).
    if (pulumiLoginKey(login) === pulumiLoginKey(m.login))
      throw new Error(
        `${m.source}: "${m.login}" runs this deployment but is declared as a plain member: that ` +
          "would demote the deploying identity while it deploys. Add it to admins, or deploy as another admin",
      );
    return m.role;
  });
}
