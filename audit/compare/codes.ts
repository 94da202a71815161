/** The audit's finding codes and what each means. */

/** Finding code -> what it means. Severities are given per finding (see each check). */
export const AUDIT_CODES = {
  "team-undeclared": "a team exists that no config declares",
  "team-missing": "a declared team does not exist",
  "member-undeclared": "a human team has a member the config does not declare",
  "member-missing": "a declared member is not on the team",
  "machine-team-member": "a machine (pipeline or audit) team has a human member: high",
  "team-insights-account":
    "a team grants a permission on an Insights account, which the bootstrap never grants: high for write or admin (the account's credentials environment and agent pool can be changed), medium for read",
  "grant-undeclared": "a team permission that no config declares",
  "grant-missing": "a declared team permission does not exist",
  "grant-above-declared": "a team permission above the declared level",
  "grant-below-declared": "a team permission below the declared level",
  "grant-open-duration": "a break-glass open grant without its declared maxOpenDuration bound",
  "human-protected-access":
    "a human team can write a protected stack or open a protected environment outside declared break-glass: high",
  "break-glass": "a declared break-glass grant (reported, not a violation): info",
  "stack-undeclared": "a stack of a tier (by its name) that no config declares",
  "environment-undeclared": "an environment of a tier (by its name) that no config declares",
  "org-default-differs": "an organization default differs from `defaults`",
  "oidc-issuer-missing": "no GitHub Actions OIDC issuer, though pipelines need one",
  "oidc-policy-wildcard": "an allow policy with a wildcard ('*' or '?') in a rule: high",
  "oidc-policy-unpinned":
    "a GitHub allow policy without aud, repository_id or repository_owner_id: high",
  "oidc-policy-undeclared":
    "a policy of a managed issuer (any CI) that the config does not imply: high for an allow, low for a deny",
  "oidc-policy-missing":
    "a policy the config implies is missing: high for a deny (its safety net is gone), low for an allow",
  "oidc-policy-changed":
    "a policy differs from the one the config implies: high when it admits claims the declared one does not (an allow) or refuses less (a deny), low otherwise",
  "oidc-context-admitted":
    "a CI context (intended or an attack) that the live policies of an issuer grant a token and the declared ones refuse, not explained by another high finding: high",
  "oidc-issuer-undeclared":
    "an OIDC issuer that neither this program manages nor oidc.additionalIssuers accepts: high with an allow policy (its policies are listed), low with only deny policies, info with none",
  "oidc-issuer-additional":
    "an OIDC issuer accepted by oidc.additionalIssuers (managed elsewhere, policies not compared): info",
  "oidc-issuer-expiration":
    "a managed issuer's maxExpiration differs from oidc.maxExpirationSeconds: high when longer or unset, info when shorter",
  "oidc-ids": "where the numeric GitHub ids for the comparison came from: info",
  "oidc-ids-unknown": "the numeric GitHub ids are unknown, so policies were not compared",
  "esc-static-credentials":
    "an environment holds static cloud credentials (by key name or value shape: AWS key id, Entra client secret, GCP key, Pulumi token) where an OIDC login would do: high on a protected tier, medium elsewhere",
  "esc-static-secret":
    "a protected-tier environment holds another static secret (fn::secret) whose shape cannot be judged: medium",
  "esc-definition-unreadable": "an environment definition is not valid YAML",
  "esc-import-undeclared":
    "an environment imports (directly, transitively or implicitly) one the config does not declare for it: high when it is a protected tier's (or the importer is protected and it is an unprotected tier's), medium otherwise",
  "esc-login-changed":
    "a login environment's fn::open::*-login differs from the declared identity (role, duration, policy ARNs, subject attributes, client/tenant/subscription, pool/provider/service account) or is missing: high on a protected tier, medium otherwise",
  "esc-login-undeclared":
    "a cloud login outside the secure-org-owned login environment: high when it names a protected tier's identity (or sits on a protected tier and names a declared identity), medium otherwise",
  "esc-login-missing": "a declared login environment does not exist: medium",
  "environment-open-human": "a human opened a protected environment without break-glass: high",
  "environment-open-break-glass": "a human opened a protected environment under break-glass",
  "break-glass-gate-missing": "a break-glass environment without its open gate: high",
  "break-glass-gate-weakened":
    "a break-glass open gate with fewer approvals, self-approval or other approvers than declared: high",
  "approval-rule-missing":
    "a protected tier environment whose tier names approvers without an enabled approval rule on update: high",
  "approval-rule-weakened":
    "a protected environment's approval rule with fewer approvals, self-approval, no re-approval on change or other approvers than declared: high",
  "deployer-unconfirmed":
    "a login on every declared team that is neither given with --deployer, a declared admin nor the organization's own identity: not excused as the bootstrap identity, high",
  "gate-blocks-pipeline": "an open gate on an environment a pipeline opens (deploys stop): high",
  "break-glass-request": "a break-glass open request in the period: who, when, approved by whom",
  "break-glass-approval-invalid":
    "a break-glass request approved by the requester, the requesting team or a non-approver: high",
  "break-glass-request-too-long":
    "a break-glass open request asking for a grant or access longer than the declared maxDuration: high",
  "break-glass-env-imports":
    "a break-glass environment that imports others (an approved open reveals them too): medium, high for the bootstrap's",
  "break-glass-open-unapproved":
    "a human opened a break-glass environment without an approved request of theirs, or a token (no user) opened it: high",
  "environment-open-pipeline": "a pipeline identity opened a protected environment: info",
  "protected-update-outside-pipeline":
    "a protected stack was updated by someone other than its pipeline identity: high",
  "protected-update-pipeline": "a pipeline identity updated a protected stack: info",
  "guardrail-group-missing":
    "a declared policy group does not exist: high for the mandatory (protected tiers) group",
  "guardrail-stack-outside":
    "a stack is not in its declared policy group: high when it is on a protected tier",
  "guardrail-stack-undeclared":
    "a declared policy group covers a stack the config does not put there",
  "guardrail-mode-changed":
    "a declared policy group runs in another mode (audit instead of preventative)",
  "guardrail-pack-missing": "a declared policy group does not apply the guardrails pack",
  "guardrail-level-weakened":
    "a policy's enforcement level in a policy group is below the declared one",
  "guardrail-settings-changed":
    "a policy's settings in a policy group differ from the declared ones (e.g. more platform stacks)",
  "role-missing": "a declared custom role does not exist: medium",
  "role-changed":
    "a declared custom role's permissions differ: high when it grants more (a scope, an unconditional or unpinned environment scope, more environments, a node the audit cannot read), medium when less",
  "role-condition-environment":
    "the default deployment role's conditions name an environment the config does not declare for it (high when protected, medium otherwise) or an id no environment has (medium)",
  "role-undeclared": "a custom role no config declares, held by no team, policy or member: low",
  "role-grant-undeclared":
    "a custom role on a team, an OIDC policy (roleID), a member or as the default deployment role that the config does not declare: high",
  "role-grant-missing":
    "a declared custom role assignment (a team's role, the default deployment role) is missing: medium",
  "admin-undeclared": "an organization admin not declared in admins: high",
  "admin-missing": "a declared admin who is only a member, or not a member at all: medium",
  "org-member-undeclared": "an organization member that no config declares: medium",
  "org-member-missing":
    "a declared member (members, a team's members) who is not in the organization: low",
  "admins-unmanaged":
    "admins is empty (membership not managed): the live organization admins, listed: info",
  "environment-open-unprotected":
    "a human opened an environment outside the protected tiers (allowed, reported for review): info",
  "deployment-settings-missing":
    "a stack the config deploys with Pulumi Deployments has no deployment settings: medium",
  "deployment-settings-changed":
    "a Deployments setting differs from the declared one: high on a protected tier when it lets someone deploy it from elsewhere (branch, repository, triggers, path filters, pre-run commands, executor image, agent pool), medium otherwise",
  "drift-schedule-missing": "a declared drift schedule does not exist: medium",
  "drift-schedule-changed": "a drift schedule is paused or runs on another cron: medium",
  "guardrail-pack-version":
    "a declared policy group applies another version of the guardrails pack than the config's: high for the mandatory (protected tiers) group, medium otherwise",
  "webhook-missing":
    "a declared webhook (organization, stack or environment) does not exist: medium (a detective control lost)",
  "webhook-changed":
    "a declared webhook's URL, active flag, events, format or secret differs: medium when it hides events from the reviewers, low when it delivers more",
  "webhook-undeclared":
    "a webhook no config declares on the organization or a declared stack or environment: low",
  "stack-collaborator":
    "a person holds a permission on a declared stack directly, outside any team: high on protected tiers (read decrypts its secrets), medium otherwise",
  "stack-collaborator-deployer":
    "the bootstrap identity holds the creator permission (or less) on a stack the service says it created: info (any other direct permission of it is a stack-collaborator finding)",
  "stack-tag-changed":
    "a tag the bootstrap writes on a stack is missing or differs: medium when it misstates a protected stack's tier or protection, low otherwise",
  "not-covered":
    "a part of the organization the token could not read (medium), or that the API does not return (info)",
  deployer: "the login ignored as a team member (the bootstrap identity): info",
  "adopt-unmanaged":
    "exists, not declared, and listed as left unmanaged by the adopt record (secure-org:adopt): info",
} as const;

export type AuditCode = keyof typeof AUDIT_CODES;
