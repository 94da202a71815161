/**
 * The audit's former blind spots (issue 15, item 5), each as a drift of the clean organization
 * written twice: on the snapshot the project's own test server serves (auditServer.ts), and in
 * the API's wire shapes on the spec-driven fake (specFake.ts). blindspots.spec.ts runs each
 * against both and expects the same findings, with the stated severity.
 */
import { AUDITOR_ROLE_NAME, DEPLOYMENT_ROLE_NAME } from "../../model/access";
import { AUDITOR_TEAM } from "../../model/names";
import { GITHUB_ISSUER_URL } from "../../model/oidc";
import { AuditReport } from "../../audit/audit";
import { FakeOrg, Wire } from "../support/specFake";
import { builtInRole } from "../support/specFakeSeed";
import {
  cleanOrg,
  clone,
  Doc,
  HOUR,
  Mutable,
  policyIndex,
  prodDeployAllow,
  T,
  teamOf,
} from "./harness";

export interface BlindSpot {
  readonly what: string;
  /** A config change, when the scenario needs another config than the prod example. */
  readonly config?: (doc: Doc) => void;
  /** The drift on the project's test server's snapshot. */
  readonly snapshot: (w: Mutable) => void;
  /** The same drift in API terms on the spec-driven fake. */
  readonly wire: (o: FakeOrg) => void;
  /** Findings the drift adds to the clean organization's: `severity code subject`. */
  readonly expect: readonly string[];
  /** More checks on the report. */
  readonly check?: (r: AuditReport) => void;
}

// ---------------------------------------------------------------------------------------------
// Wire helpers (API terms only)
// ---------------------------------------------------------------------------------------------

const find = (list: Wire[], what: string, match: (w: Wire) => boolean): Wire => {
  const x = list.find(match);
  if (!x) throw new Error(`no ${what}`);
  return x;
};
const wireTeam = (o: FakeOrg, name: string) =>
  find(o.teams, `team ${name}`, (t) => t.name === name);
const wireRoleId = (o: FakeOrg, name: string) =>
  find(o.roles, `role ${name}`, (r) => r.name === name && r.uxPurpose === "role").id as string;
const wireMember = (o: FakeOrg, login: string) =>
  find(o.members, `member ${login}`, (m) => (m.user as Wire).githubLogin === login);
const githubPolicies = (o: FakeOrg): Wire[] => {
  const i = o.issuers.find((x) => x.issuer.name === "github-actions");
  if (!i) throw new Error("no GitHub issuer");
  return i.policy.policies as Wire[];
};
const prodDeployIndex = (policies: Wire[]) =>
  policies.findIndex((p) => p.decision === "allow" && p.teamName === "payments-prod-deploy");

/** A new member, as `ListOrganizationMembers` answers it. */
const wireNewMember = (login: string, role: "admin" | "member"): Wire => ({
  role,
  fgaRole: builtInRole(role),
  user: { name: login, githubLogin: login, avatarUrl: "" },
  created: "2026-11-20T09:00:00Z",
  knownToPulumi: true,
  virtualAdmin: false,
});

/** A new OIDC issuer with its policies, as the API answers them. */
function wireIssuer(id: string, name: string, url: string, policies: Wire[]) {
  return {
    issuer: { id, name, url, issuer: url, maxExpiration: 7200, thumbprints: ["c".repeat(64)] },
    policy: {
      id: `p-${id}`,
      version: 1,
      policies: policies.map((p) => ({ authorizedPermissions: [], ...p })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Snapshot helpers
// ---------------------------------------------------------------------------------------------

const snapRole = (w: Mutable, name: string) => {
  const r = w.roles.find((x: Mutable) => x.name === name);
  if (!r) throw new Error(`no role ${name}`);
  return r;
};
const snapMember = (w: Mutable, login: string) => {
  const m = w.members.find((x: Mutable) => x.login === login);
  if (!m) throw new Error(`no member ${login}`);
  return m;
};
const snapProdDeployIndex = (w: Mutable) =>
  w.oidcIssuers[0].policies.findIndex(
    (p: Mutable) => p.decision === "allow" && p.teamName === "payments-prod-deploy",
  );

const ADMIN_TOKEN_POLICY = {
  decision: "allow",
  tokenType: "organization",
  authorizedPermissions: ["admin"],
  rules: { aud: "urn:pulumi:org:acme", sub: "pipeline:release" },
};
const DENY_POLICY = {
  decision: "deny",
  tokenType: "team",
  teamName: "payments-prod-deploy",
  rules: { sub: "pipeline:*" },
};
const GITLAB_POLICY = {
  decision: "allow",
  tokenType: "team",
  teamName: "payments-staging-deploy",
  rules: { aud: "acme", project_path: "acme/data", ref: "main" },
};
const GITLAB = "https://gitlab.example.com";

/** The clean org's prod deploy allow policy, pinned, under another issuer. */
const copiedPolicy = (policies: Mutable[]) => ({
  ...policies[
    policies.findIndex((p) => p.decision === "allow" && p.teamName === "payments-prod-deploy")
  ],
});

const openEvent = (login: string, env: string, hoursAgo: number) => ({
  timestamp: T - hoursAgo * HOUR,
  event: "environment-open",
  description: `Opened environment "${env}"`,
  user: { name: login, githubLogin: login },
});
const teamOpenEvent = (team: string, env: string) => ({
  timestamp: T - 4 * HOUR,
  event: "environment-open",
  description: `Opened environment "${env}"`,
  user: { name: team, githubLogin: team },
  actorName: team,
  actorUrn: `urn:pulumi:team:acme/${team}`,
  tokenName: "oidc",
});

export const BLIND_SPOTS: readonly BlindSpot[] = [
  // 1. Every OIDC issuer.
  {
    what: "an undeclared issuer whose allow policy mints an organization admin token",
    snapshot: (w) =>
      w.oidcIssuers.push({
        id: "b1",
        name: "ci-backdoor",
        url: "https://ci.attacker.example",
        maxExpiration: 7200,
        policies: [ADMIN_TOKEN_POLICY],
      }),
    wire: (o) =>
      o.issuers.push(
        wireIssuer("b1", "ci-backdoor", "https://ci.attacker.example", [ADMIN_TOKEN_POLICY]),
      ),
    expect: ["high oidc-issuer-undeclared oidc:ci-backdoor"],
    check: (r) => {
      const f = r.findings.find((x) => x.code === "oidc-issuer-undeclared");
      if (!/mints an organization admin token/.test(f?.message ?? ""))
        throw new Error(`the admin-token policy is not named: ${f?.message}`);
      if (!/allow organization token \[admin\]/.test(f?.message ?? ""))
        throw new Error(`the policy is not listed: ${f?.message}`);
    },
  },
  {
    what: "an undeclared issuer with only deny policies",
    snapshot: (w) =>
      w.oidcIssuers.push({
        id: "d1",
        name: "deny-only",
        url: "https://ci.example",
        policies: [DENY_POLICY],
      }),
    wire: (o) => o.issuers.push(wireIssuer("d1", "deny-only", "https://ci.example", [DENY_POLICY])),
    expect: ["low oidc-issuer-undeclared oidc:deny-only"],
  },
  {
    what: "a second registration of the GitHub issuer's URL with a pinned allow policy",
    snapshot: (w) =>
      w.oidcIssuers.push({
        id: "g2",
        name: "github-actions-2",
        url: GITHUB_ISSUER_URL,
        maxExpiration: 3600,
        policies: [copiedPolicy(w.oidcIssuers[0].policies)],
      }),
    wire: (o) =>
      o.issuers.push(
        wireIssuer("g2", "github-actions-2", GITHUB_ISSUER_URL, [
          { ...githubPolicies(o)[prodDeployIndex(githubPolicies(o))] },
        ]),
      ),
    expect: ["high oidc-issuer-undeclared oidc:github-actions-2"],
  },
  {
    what: "an issuer that oidc.additionalIssuers accepts",
    config: (doc) => {
      doc.config["secure-org:oidc"].additionalIssuers = [
        {
          url: GITLAB,
          reason: "The data team's GitLab CI deploys its own stacks (ticket PLAT-42)",
        },
      ];
    },
    snapshot: (w) =>
      w.oidcIssuers.push({ id: "gl", name: "gitlab", url: GITLAB, policies: [GITLAB_POLICY] }),
    wire: (o) => o.issuers.push(wireIssuer("gl", "gitlab", GITLAB, [GITLAB_POLICY])),
    expect: ["info oidc-issuer-additional oidc:gitlab"],
  },
  // 2. The managed issuer's token lifetime.
  {
    what: "the GitHub issuer's maxExpiration raised from 3600 to 86400",
    snapshot: (w) => (w.oidcIssuers[0].maxExpiration = 86400),
    wire: (o) => (o.issuers[0].issuer.maxExpiration = 86400),
    expect: ["high oidc-issuer-expiration oidc:github-actions"],
  },
  {
    what: "the GitHub issuer's maxExpiration lowered to 1800",
    snapshot: (w) => (w.oidcIssuers[0].maxExpiration = 1800),
    wire: (o) => (o.issuers[0].issuer.maxExpiration = 1800),
    expect: ["info oidc-issuer-expiration oidc:github-actions"],
  },
  {
    what: "the GitHub issuer without a maxExpiration",
    snapshot: (w) => delete w.oidcIssuers[0].maxExpiration,
    wire: (o) => delete o.issuers[0].issuer.maxExpiration,
    expect: ["high oidc-issuer-expiration oidc:github-actions"],
  },
  // 3. Custom roles.
  {
    what: "the auditor's custom role assigned to a human team (Team.roleIds)",
    snapshot: (w) => (teamOf(w, "payments").roleIds = [snapRole(w, AUDITOR_ROLE_NAME).id]),
    wire: (o) => (wireTeam(o, "payments").roleIds = [wireRoleId(o, AUDITOR_ROLE_NAME)]),
    expect: [`high role-grant-undeclared team:payments role:${AUDITOR_ROLE_NAME}`],
  },
  {
    what: "a custom role on an OIDC policy (roleID)",
    snapshot: (w) =>
      (w.oidcIssuers[0].policies[snapProdDeployIndex(w)].roleID = snapRole(
        w,
        DEPLOYMENT_ROLE_NAME,
      ).id),
    wire: (o) =>
      (githubPolicies(o)[prodDeployIndex(githubPolicies(o))].roleID = wireRoleId(
        o,
        DEPLOYMENT_ROLE_NAME,
      )),
    expect: [
      `high role-grant-undeclared oidc:github-actions#${policyIndex(clone(cleanOrg()), prodDeployAllow)} role:${DEPLOYMENT_ROLE_NAME}`,
    ],
  },
  {
    what: "a declared custom role that is missing",
    snapshot: (w) => {
      w.roles = w.roles.filter((r: Mutable) => r.name !== AUDITOR_ROLE_NAME);
      teamOf(w, AUDITOR_TEAM).roleIds = [];
    },
    wire: (o) => {
      o.roles = o.roles.filter((r) => r.name !== AUDITOR_ROLE_NAME);
      wireTeam(o, AUDITOR_TEAM).roleIds = [];
    },
    expect: [`medium role-missing role:${AUDITOR_ROLE_NAME}`],
  },
  {
    what: "a declared custom role that grants stack:write on every stack",
    snapshot: (w) =>
      snapRole(w, AUDITOR_ROLE_NAME).details.entries[0].permissions.push("stack:write"),
    wire: (o) => {
      const role = find(o.roles, "auditor role", (r) => r.name === AUDITOR_ROLE_NAME);
      ((role.details as Mutable).entries[0].permissions as string[]).push("stack:write");
    },
    expect: [`high role-changed role:${AUDITOR_ROLE_NAME}`],
  },
  {
    what: "the declared team assignment of a custom role that is missing",
    snapshot: (w) => (teamOf(w, AUDITOR_TEAM).roleIds = []),
    wire: (o) => (wireTeam(o, AUDITOR_TEAM).roleIds = []),
    expect: [`medium role-grant-missing team:${AUDITOR_TEAM} role:${AUDITOR_ROLE_NAME}`],
  },
  {
    what: "a custom role as a member's organization role (fgaRole)",
    snapshot: (w) => {
      const role = snapRole(w, AUDITOR_ROLE_NAME);
      snapMember(w, "grace").customRole = { id: role.id, name: role.name };
    },
    wire: (o) => {
      const m = wireMember(o, "grace");
      m.fgaRole = {
        id: wireRoleId(o, AUDITOR_ROLE_NAME),
        name: AUDITOR_ROLE_NAME,
        modifiedAt: "2026-11-20T09:00:00Z",
      };
    },
    expect: [`high role-grant-undeclared member:grace role:${AUDITOR_ROLE_NAME}`],
  },
  // 5 (with 3). Org settings, the default deployment role among them.
  {
    what: "Pulumi Deployments running with the auditor's role",
    snapshot: (w) => (w.defaults.defaultDeploymentRoleId = snapRole(w, AUDITOR_ROLE_NAME).id),
    wire: (o) => (o.metadata.defaultDeploymentRoleId = wireRoleId(o, AUDITOR_ROLE_NAME)),
    expect: [`high role-grant-undeclared org:defaultDeploymentRoleId role:${AUDITOR_ROLE_NAME}`],
  },
  {
    what: "no default deployment role, though customRoles declares one",
    snapshot: (w) => (w.defaults.defaultDeploymentRoleId = ""),
    wire: (o) => delete o.metadata.defaultDeploymentRoleId,
    expect: [`medium role-grant-missing org:defaultDeploymentRoleId role:${DEPLOYMENT_ROLE_NAME}`],
  },
  {
    what: "members allowed to transfer stacks out of the organization",
    snapshot: (w) => (w.defaults.membersCanTransferStacks = true),
    wire: (o) => (o.metadata.membersCanTransferStacks = true),
    expect: ["medium org-default-differs org:membersCanTransferStacks"],
  },
  {
    what: "members allowed to create Insights accounts",
    snapshot: (w) => (w.defaults.membersCanCreateAccounts = true),
    wire: (o) => (o.metadata.membersCanCreateAccounts = true),
    expect: ["medium org-default-differs org:membersCanCreateAccounts"],
  },
  {
    what: "a default Insights account permission of write",
    snapshot: (w) => (w.defaults.defaultAccountPermission = 2),
    wire: (o) => (o.metadata.defaultAccountPermission = 2),
    // Write changes an account's credentials environment and agent pool (helpers.ts): high.
    expect: ["high org-default-differs org:accountPermission"],
  },
  {
    what: "a team granting write on an Insights account",
    snapshot: (w) => (teamOf(w, "web").accounts = [{ account: "aws-prod", permission: 2 }]),
    wire: (o) => {
      const t = o.teams.find((x) => x.name === "web") as Wire;
      t.accounts = [{ accountName: "aws-prod", permission: 2 }];
    },
    expect: ["high team-insights-account team:web insights-account:aws-prod"],
  },
  // 4. Members and admins.
  {
    what: "an undeclared organization admin",
    snapshot: (w) => w.members.push({ login: "mallory", role: "admin" }),
    wire: (o) => o.members.push(wireNewMember("mallory", "admin")),
    expect: ["high admin-undeclared member:mallory"],
  },
  {
    what: "a declared member promoted to admin",
    snapshot: (w) => (snapMember(w, "carol").role = "admin"),
    wire: (o) => {
      const m = wireMember(o, "carol");
      m.role = "admin";
      m.fgaRole = builtInRole("admin");
    },
    expect: ["high admin-undeclared member:carol"],
  },
  {
    what: "an undeclared organization member",
    snapshot: (w) => w.members.push({ login: "mallory", role: "member" }),
    wire: (o) => o.members.push(wireNewMember("mallory", "member")),
    expect: ["medium org-member-undeclared member:mallory"],
  },
  {
    what: "a declared admin who is only a member",
    snapshot: (w) => (snapMember(w, "bob").role = "member"),
    wire: (o) => {
      const m = wireMember(o, "bob");
      m.role = "member";
      m.fgaRole = builtInRole("member");
    },
    expect: ["medium admin-missing member:bob"],
  },
  {
    what: "a declared member who is not in the organization",
    snapshot: (w) => (w.members = w.members.filter((m: Mutable) => m.login !== "ivan")),
    wire: (o) => (o.members = o.members.filter((m) => (m.user as Wire).githubLogin !== "ivan")),
    expect: ["low org-member-missing member:ivan"],
  },
  {
    what: "admins not declared: every live admin is listed, nothing else compared",
    config: (doc) => {
      doc.config["secure-org:admins"] = [];
    },
    snapshot: (w) => {
      w.members.push({ login: "mallory", role: "admin" });
      snapMember(w, "alice").role = "admin";
    },
    wire: (o) => {
      o.members.push(wireNewMember("mallory", "admin"));
      const m = wireMember(o, "alice");
      m.role = "admin";
      m.fgaRole = builtInRole("admin");
    },
    expect: [],
    check: (r) => {
      const f = r.findings.find((x) => x.code === "admins-unmanaged");
      if (f?.severity !== "info" || !/2 admins.*alice, mallory/.test(f.message))
        throw new Error(`the admins are not listed: ${JSON.stringify(f)}`);
    },
  },
  // 6. Humans' opens outside the protected tiers.
  {
    what: "a human who opened an unprotected environment",
    snapshot: (w) => w.auditLog.events.push(openEvent("frank", "web/dev", 6)),
    wire: (o) =>
      o.auditLog.push({
        sourceIP: "198.51.100.9",
        ...openEvent("frank", "web/dev", 6),
        user: { name: "frank", githubLogin: "frank", avatarUrl: "" },
      }),
    expect: ["info environment-open-unprotected actor:frank environment:web/dev"],
  },
  {
    what: "a pipeline's team token that opened an unprotected environment (not reported)",
    snapshot: (w) =>
      w.auditLog.events.push(teamOpenEvent("payments-staging-deploy", "payments/staging")),
    wire: (o) =>
      o.auditLog.push({
        sourceIP: "198.51.100.9",
        ...teamOpenEvent("payments-staging-deploy", "payments/staging"),
        user: {
          name: "payments-staging-deploy",
          githubLogin: "payments-staging-deploy",
          avatarUrl: "",
        },
      }),
    expect: [],
  },
  {
    what: "a human who opened a protected environment (as before)",
    snapshot: (w) => w.auditLog.events.push(openEvent("alice", "payments/prod", 8)),
    wire: (o) =>
      o.auditLog.push({
        sourceIP: "198.51.100.9",
        ...openEvent("alice", "payments/prod", 8),
        user: { name: "alice", githubLogin: "alice", avatarUrl: "" },
      }),
    expect: ["high environment-open-human actor:alice environment:payments/prod"],
  },
];
