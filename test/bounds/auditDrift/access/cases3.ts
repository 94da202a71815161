/** Drift cases of access.ts, part 3 of 4. */
import { DEPLOYER, teamOf } from "../../../audit/harness";
import { DriftCase } from "../case";
import { envOf, member } from "./support";

export const CASES: DriftCase[] = [
  {
    what: "an undeclared open on a login environment of a protected tier",
    edit: (w) =>
      teamOf(w, "web").environments.push({
        project: "payments",
        name: "prod-cloud",
        permission: "open",
      }),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:web environment:payments/prod-cloud",
        message:
          "human team web (members: frank, grace) holds environment open on protected environment payments/prod-cloud: it decrypts or changes protected secrets (not declared)",
        declared: "none",
        live: "open",
      },
    ],
  },
  {
    what: "a per-use break-glass team given standing open on the tier's own environment",
    edit: (w) =>
      teamOf(w, "sre").environments.push({
        project: "web",
        name: "prod",
        permission: "open",
        maxOpenDuration: "1h",
      }),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:sre environment:web/prod",
        message:
          "human team sre (members: heidi) holds environment open on protected environment web/prod: it decrypts or changes protected secrets (not declared)",
        declared: "none",
        live: "open",
      },
    ],
  },
  {
    what: "a break-glass grant above its declared level",
    edit: (w) => (envOf(w, "sre", "web", "prod-breakglass").permission = "write"),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:sre environment:web/prod-breakglass",
        message:
          "human team sre (members: heidi) holds environment write on protected environment web/prod-breakglass: it decrypts or changes protected secrets (declared: open)",
        declared: "open",
        live: "write",
      },
    ],
  },
  {
    what: "a break-glass grant without its session bound",
    edit: (w) => delete envOf(w, "sre", "payments", "prod-breakglass").maxOpenDuration,
    want: [
      {
        severity: "medium",
        code: "grant-open-duration",
        subject: "team:sre environment:payments/prod-breakglass",
        message:
          "break-glass open grant of team sre on payments/prod-breakglass has no session bound; declared maxOpenDuration: 1h",
        declared: "1h",
        live: null,
      },
    ],
  },
  {
    what: "a break-glass session bound one second over the declared one",
    edit: (w) => {
      const e = envOf(w, "sre", "payments", "prod-breakglass");
      e.maxOpenDuration = `${e.maxOpenDuration.replace(/0s$/, "")}1s`;
    },
    want: [
      {
        severity: "medium",
        code: "grant-open-duration",
        subject: "team:sre environment:payments/prod-breakglass",
        message:
          "break-glass open grant of team sre on payments/prod-breakglass has sessions of up to 1h0m1s; declared maxOpenDuration: 1h",
        declared: "1h",
        live: "1h0m1s",
      },
    ],
  },
  {
    what: "a break-glass session bound of 0s is no bound",
    edit: (w) => (envOf(w, "sre", "payments", "prod-breakglass").maxOpenDuration = "0s"),
    want: [
      {
        severity: "medium",
        code: "grant-open-duration",
        subject: "team:sre environment:payments/prod-breakglass",
        message:
          "break-glass open grant of team sre on payments/prod-breakglass has no session bound; declared maxOpenDuration: 1h",
        declared: "1h",
        live: "0s",
      },
    ],
  },
  {
    what: "a break-glass session bound that cannot be read is no bound",
    edit: (w) => (envOf(w, "sre", "payments", "prod-breakglass").maxOpenDuration = "forever"),
    want: [
      {
        severity: "medium",
        code: "grant-open-duration",
        subject: "team:sre environment:payments/prod-breakglass",
        message:
          "break-glass open grant of team sre on payments/prod-breakglass has no session bound; declared maxOpenDuration: 1h",
        declared: "1h",
        live: "forever",
      },
    ],
  },
  {
    what: "a break-glass grant lowered to read",
    edit: (w) => (envOf(w, "sre", "payments", "prod-breakglass").permission = "read"),
    want: [
      {
        severity: "low",
        code: "grant-below-declared",
        subject: "team:sre environment:payments/prod-breakglass",
        message: "team sre holds environment read on payments/prod-breakglass; declared: open",
        declared: "open",
        live: "read",
      },
    ],
  },
  // Organization defaults.
  {
    what: "default stack permission read: high",
    edit: (w) => (w.defaults.defaultStackPermission = 101),
    want: [
      {
        severity: "high",
        code: "org-default-differs",
        subject: "org:stackPermission",
        message:
          'organization default stackPermission is "read", declared "none": every org member (and every team token) gets stack read on every stack, protected ones included',
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "default environment permission read: medium",
    edit: (w) => (w.defaults.defaultEnvironmentPermission = "read"),
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:environmentPermission",
        message:
          'organization default environmentPermission is "read", declared "none": every org member gets environment read on every environment, protected ones included',
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "default environment permission open: high",
    edit: (w) => (w.defaults.defaultEnvironmentPermission = "open"),
    want: [
      {
        severity: "high",
        code: "org-default-differs",
        subject: "org:environmentPermission",
        message:
          'organization default environmentPermission is "open", declared "none": every org member gets environment open on every environment, protected ones included',
        declared: "none",
        live: "open",
      },
    ],
  },
  {
    what: "every member flag true",
    edit: (w) => {
      for (const f of [
        "membersCanCreateStacks",
        "membersCanDeleteStacks",
        "membersCanCreateTeams",
        "membersCanTransferStacks",
        "membersCanCreateAccounts",
      ])
        w.defaults[f] = true;
    },
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:membersCanCreateAccounts",
        message:
          "organization default membersCanCreateAccounts is true, declared false: members can create Insights accounts (cloud scanning credentials) outside the config",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:membersCanCreateStacks",
        message:
          "organization default membersCanCreateStacks is true, declared false: members can create stacks and become their admins",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:membersCanCreateTeams",
        message:
          "organization default membersCanCreateTeams is true, declared false: members can create teams outside the config",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:membersCanDeleteStacks",
        message:
          "organization default membersCanDeleteStacks is true, declared false: members can delete stacks",
        declared: false,
        live: true,
      },
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:membersCanTransferStacks",
        message:
          "organization default membersCanTransferStacks is true, declared false: members can transfer stacks (state and secrets) out of the organization",
        declared: false,
        live: true,
      },
    ],
  },
  {
    what: "member flags the service did not return",
    edit: (w) => {
      delete w.defaults.membersCanCreateTeams;
      delete w.defaults.defaultAccountPermission;
    },
    want: [],
  },
  {
    what: "default account permission read: medium",
    edit: (w) => (w.defaults.defaultAccountPermission = 1),
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:accountPermission",
        message:
          'organization default accountPermission is "read", declared "none": every org member gets read on every Insights account (its cloud resources)',
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "default account permission write",
    edit: (w) => (w.defaults.defaultAccountPermission = 2),
    want: [
      {
        severity: "high",
        code: "org-default-differs",
        subject: "org:accountPermission",
        message:
          'organization default accountPermission is "write", declared "none": every org member gets write on every Insights account (its cloud resources, its credentials environment and agent pool)',
        declared: "none",
        live: "write",
      },
    ],
  },
  {
    what: "default account permission out of range counts as admin",
    edit: (w) => (w.defaults.defaultAccountPermission = 7),
    want: [
      {
        severity: "high",
        code: "org-default-differs",
        subject: "org:accountPermission",
        message:
          'organization default accountPermission is "admin", declared "none": every org member gets admin on every Insights account (its cloud resources, its credentials environment and agent pool)',
        declared: "none",
        live: "admin",
      },
    ],
  },
  {
    what: "token expiry unset",
    edit: (w) => (w.defaults.maxAccessTokenExpiryDays = null),
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:maxAccessTokenExpiryDays",
        message:
          "organization default maxAccessTokenExpiryDays is null, declared 90: no token expiry policy: tokens may live forever",
        declared: 90,
        live: null,
      },
    ],
  },
  {
    what: "token expiry 0",
    edit: (w) => (w.defaults.maxAccessTokenExpiryDays = 0),
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:maxAccessTokenExpiryDays",
        message:
          "organization default maxAccessTokenExpiryDays is 0, declared 90: no token expiry policy: tokens may live forever",
        declared: 90,
        live: 0,
      },
    ],
  },
  {
    what: "token expiry one day over the declared 90",
    edit: (w) => (w.defaults.maxAccessTokenExpiryDays = 91),
    want: [
      {
        severity: "medium",
        code: "org-default-differs",
        subject: "org:maxAccessTokenExpiryDays",
        message:
          "organization default maxAccessTokenExpiryDays is 91, declared 90: tokens may live longer than declared",
        declared: 90,
        live: 91,
      },
    ],
  },
  {
    what: "token expiry one day under the declared 90",
    edit: (w) => (w.defaults.maxAccessTokenExpiryDays = 89),
    want: [
      {
        severity: "low",
        code: "org-default-differs",
        subject: "org:maxAccessTokenExpiryDays",
        message:
          "organization default maxAccessTokenExpiryDays is 89, declared 90: narrower than declared",
        declared: 90,
        live: 89,
      },
    ],
  },
  // Stacks and environments no config declares.
  {
    what: "an undeclared stack of the protected tier",
    edit: (w) => w.stacks.push({ project: "analytics", stack: "prod" }),
    want: [
      {
        severity: "high",
        code: "stack-undeclared",
        subject: "stack:analytics/prod",
        message:
          "stack analytics/prod is named like tier prod (protected) but no config declares it: its creator is its admin, outside the declared grants",
      },
    ],
  },
  {
    what: "an undeclared stack named like a declared stack (production) of the protected tier",
    edit: (w) => w.stacks.push({ project: "analytics", stack: "production" }),
    want: [
      {
        severity: "high",
        code: "stack-undeclared",
        subject: "stack:analytics/production",
        message:
          "stack analytics/production is named like tier prod (protected) but no config declares it: its creator is its admin, outside the declared grants",
      },
    ],
  },
  {
    what: "an undeclared stack of an unprotected tier",
    edit: (w) => w.stacks.push({ project: "analytics", stack: "staging" }),
    want: [
      {
        severity: "medium",
        code: "stack-undeclared",
        subject: "stack:analytics/staging",
        message:
          "stack analytics/staging is named like tier staging but no config declares it: its creator is its admin, outside the declared grants",
      },
    ],
  },
  {
    what: "a stack named like no tier",
    edit: (w) => w.stacks.push({ project: "analytics", stack: "sandbox" }),
    want: [],
  },
  {
    what: "an undeclared environment of the protected tier",
    edit: (w) =>
      w.environments.push({ project: "analytics", name: "prod", id: "env-analytics-prod" }),
    want: [
      {
        severity: "high",
        code: "environment-undeclared",
        subject: "environment:analytics/prod",
        message:
          "environment analytics/prod is named like tier prod (protected) but no config declares it: nobody reviews who may open it",
      },
    ],
  },
  {
    what: "an undeclared environment of an unprotected tier",
    edit: (w) =>
      w.environments.push({ project: "analytics", name: "dev", id: "env-analytics-dev" }),
    want: [
      {
        severity: "medium",
        code: "environment-undeclared",
        subject: "environment:analytics/dev",
        message:
          "environment analytics/dev is named like tier dev but no config declares it: nobody reviews who may open it",
      },
    ],
  },
  {
    what: "an environment named like no tier",
    edit: (w) =>
      w.environments.push({ project: "analytics", name: "shared", id: "env-analytics-shared" }),
    want: [],
  },
  // Organization members.
  {
    what: "an undeclared admin",
    edit: (w) => w.members.push({ login: "mallory", role: "admin" }),
    want: [
      {
        severity: "high",
        code: "admin-undeclared",
        subject: "member:mallory",
        message:
          "mallory is an organization admin, which bypasses every grant, but is not declared in admins: declare them in admins or make them a member",
        declared: null,
        live: "admin",
      },
    ],
  },
  {
    what: "a declared member who is an admin",
    edit: (w) => (member(w, "carol").role = "admin"),
    want: [
      {
        severity: "high",
        code: "admin-undeclared",
        subject: "member:carol",
        message:
          "carol is an organization admin, which bypasses every grant, but is not declared in admins (declared as a member, teams[1].members[0]): declare them in admins or make them a member",
        declared: "member",
        live: "admin",
      },
    ],
  },
  {
    what: "the deployer as an admin",
    edit: (w) => w.members.push({ login: DEPLOYER, role: "admin" }),
    want: [
      {
        severity: "high",
        code: "admin-undeclared",
        subject: "member:bootstrap-admin",
        message:
          "bootstrap-admin is an organization admin, which bypasses every grant, but is not declared in admins (the deployer: the deploying identity must be an admin in admins): declare them in admins or make them a member",
        declared: null,
        live: "admin",
      },
    ],
  },
  {
    what: "the deployer as a member is ignored",
    edit: (w) => w.members.push({ login: DEPLOYER, role: "member" }),
    want: [],
  },
  {
    what: "a declared admin who is a member",
    edit: (w) => (member(w, "alice").role = "member"),
    want: [
      {
        severity: "medium",
        code: "admin-missing",
        subject: "member:alice",
        message: "alice is declared an admin (admins[0]) but is a member",
        declared: "admin",
        live: "member",
      },
    ],
  },
  {
    what: "an undeclared member; an invitation (potential-member) and none are not members",
    edit: (w) =>
      w.members.push(
        { login: "mallory", role: "member" },
        { login: "pat", role: "potential-member" },
        { login: "quinn", role: "none" },
      ),
    want: [
      {
        severity: "medium",
        code: "org-member-undeclared",
        subject: "member:mallory",
        message:
          "mallory is an organization member but no config declares them (admins, members or a team's members): they get the org defaults' rights",
        live: "member",
      },
    ],
  },
];
