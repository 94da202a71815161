/** Drift cases of access.ts, part 2 of 4. */
import { Mutable, teamOf } from "../../../audit/harness";
import { DriftCase } from "../case";
import { envOf, onHumanTeams, onMachineTeams, stackOf } from "./support";

export const CASES: DriftCase[] = [
  {
    what: "no deployer given and two unvouched logins on every declared team: none inferred, each deployer-unconfirmed",
    opts: { deployer: undefined },
    edit: (w) => {
      for (const t of w.teams) t.members.push("zed");
    },
    want: [
      {
        severity: "high",
        code: "deployer-unconfirmed",
        subject: "member:bootstrap-admin",
        message:
          "bootstrap-admin is on every declared team, machine teams included, but is neither a declared admin nor the organization's own identity (acme), so it is not taken for the bootstrap identity and its memberships are reported. If it is the identity that runs the bootstrap, declare it: pass --deployer bootstrap-admin (or add it to admins: the deploying identity must be an organization admin); otherwise remove it from the teams",
      },
      {
        severity: "high",
        code: "deployer-unconfirmed",
        subject: "member:zed",
        message:
          "zed is on every declared team, machine teams included, but is neither a declared admin nor the organization's own identity (acme), so it is not taken for the bootstrap identity and its memberships are reported. If it is the identity that runs the bootstrap, declare it: pass --deployer zed (or add it to admins: the deploying identity must be an organization admin); otherwise remove it from the teams",
      },
      ...onMachineTeams("bootstrap-admin"),
      ...onMachineTeams("zed"),
      ...onHumanTeams("bootstrap-admin"),
      ...onHumanTeams("zed"),
    ],
    gone: [
      {
        severity: "info",
        code: "deployer",
        subject: "member:bootstrap-admin",
        message:
          "bootstrap-admin is ignored as a team member: Pulumi Cloud adds the identity that creates a team to it (given with --deployer)",
      },
    ],
  },
  // Insights account permissions of a team.
  {
    what: "a team's Insights account permissions: none, read, write, admin, out of range",
    edit: (w) =>
      (teamOf(w, "payments").accounts = [
        { account: "a0", permission: 0 },
        { account: "a1", permission: 1 },
        { account: "a2", permission: 2 },
        { account: "a3", permission: 3 },
        { account: "a4", permission: 4 },
        { account: "ax", permission: "1" },
      ]),
    want: [
      {
        severity: "high",
        code: "team-insights-account",
        subject: "team:payments insights-account:a2",
        message:
          "team payments grants write on Insights account a2 to carol, dave: its members can change the account's credentials environment and the agent pool its scans run on; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "a2", permission: "write" },
      },
      {
        severity: "high",
        code: "team-insights-account",
        subject: "team:payments insights-account:a3",
        message:
          "team payments grants admin on Insights account a3 to carol, dave: its members can change the account's credentials environment and the agent pool its scans run on; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "a3", permission: "admin" },
      },
      {
        severity: "high",
        code: "team-insights-account",
        subject: "team:payments insights-account:a4",
        message:
          "team payments grants admin on Insights account a4 to carol, dave: its members can change the account's credentials environment and the agent pool its scans run on; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "a4", permission: "admin" },
      },
      {
        severity: "high",
        code: "team-insights-account",
        subject: "team:payments insights-account:ax",
        message:
          "team payments grants admin on Insights account ax to carol, dave: its members can change the account's credentials environment and the agent pool its scans run on; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "ax", permission: "admin" },
      },
      {
        severity: "medium",
        code: "team-insights-account",
        subject: "team:payments insights-account:a1",
        message:
          "team payments grants read on Insights account a1 to carol, dave: its members see the account's scanned cloud resources; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "a1", permission: "read" },
      },
    ],
  },
  {
    what: "an Insights account read on a machine team without members",
    edit: (w) => (teamOf(w, "payments-prod-deploy").accounts = [{ account: "a1", permission: 1 }]),
    want: [
      {
        severity: "medium",
        code: "team-insights-account",
        subject: "team:payments-prod-deploy insights-account:a1",
        message:
          "team payments-prod-deploy grants read on Insights account a1: its members see the account's scanned cloud resources; the config grants no Insights account permission (remove it from the team)",
        declared: "none",
        live: { account: "a1", permission: "read" },
      },
    ],
  },
  // Stack grants.
  {
    what: "an undeclared read on an unprotected stack",
    edit: (w) =>
      teamOf(w, "payments").stacks.push({ project: "web", stack: "dev", permission: 101 }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:payments stack:web/dev",
        message: "team payments holds stack read on web/dev, which no config declares",
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "an undeclared write on a protected stack for another pipeline's team",
    edit: (w) =>
      teamOf(w, "payments-staging-deploy").stacks.push({
        project: "payments",
        stack: "prod",
        permission: 102,
      }),
    want: [
      {
        severity: "high",
        code: "grant-undeclared",
        subject: "team:payments-staging-deploy stack:payments/prod",
        message:
          "team payments-staging-deploy holds stack write on payments/prod, which no config declares",
        declared: "none",
        live: "write",
      },
    ],
  },
  {
    what: "an undeclared read on a protected stack for a machine team: not elevated",
    edit: (w) =>
      teamOf(w, "payments-staging-deploy").stacks.push({
        project: "payments",
        stack: "prod",
        permission: 101,
      }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:payments-staging-deploy stack:payments/prod",
        message:
          "team payments-staging-deploy holds stack read on payments/prod, which no config declares",
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "a stack permission none (0) is no grant",
    edit: (w) => teamOf(w, "payments").stacks.push({ project: "web", stack: "dev", permission: 0 }),
    want: [],
  },
  {
    what: "a machine team's stack grant above the declared one (write on a protected stack to admin)",
    edit: (w) => (stackOf(w, "payments-prod-deploy", "payments", "prod").permission = 103),
    want: [
      {
        severity: "high",
        code: "grant-above-declared",
        subject: "team:payments-prod-deploy stack:payments/prod",
        message: "team payments-prod-deploy holds stack admin on payments/prod; declared: write",
        declared: "write",
        live: "admin",
      },
    ],
  },
  {
    what: "a grant above the declared level on an unprotected stack",
    edit: (w) => (stackOf(w, "platform", "payments", "staging").permission = 102),
    want: [
      {
        severity: "medium",
        code: "grant-above-declared",
        subject: "team:platform stack:payments/staging",
        message: "team platform holds stack write on payments/staging; declared: read",
        declared: "read",
        live: "write",
      },
    ],
  },
  {
    what: "a grant below the declared level",
    edit: (w) => (stackOf(w, "platform", "payments", "dev").permission = 101),
    want: [
      {
        severity: "low",
        code: "grant-below-declared",
        subject: "team:platform stack:payments/dev",
        message: "team platform holds stack read on payments/dev; declared: admin",
        declared: "admin",
        live: "read",
      },
    ],
  },
  {
    what: "a human team's write on a protected stack (undeclared)",
    edit: (w) =>
      teamOf(w, "web").stacks.push({ project: "web", stack: "production", permission: 102 }),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:web stack:web/production",
        message:
          "human team web (members: frank, grace) holds stack write on protected stack web/production: only the pipeline may change it (not declared)",
        declared: "none",
        live: "write",
      },
    ],
  },
  {
    what: "a human team's declared read on a protected stack raised to write",
    edit: (w) => (stackOf(w, "platform", "payments", "prod").permission = 102),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:platform stack:payments/prod",
        message:
          "human team platform (members: alice, bob) holds stack write on protected stack payments/prod: only the pipeline may change it (declared: read)",
        declared: "read",
        live: "write",
      },
    ],
  },
  {
    what: "a declared stack grant missing",
    edit: (w) => {
      const t = teamOf(w, "platform");
      t.stacks = t.stacks.filter((s: Mutable) => !(s.project === "payments" && s.stack === "dev"));
    },
    want: [
      {
        severity: "low",
        code: "grant-missing",
        subject: "team:platform stack:payments/dev",
        message: "declared stack admin of team platform on payments/dev does not exist",
        declared: "admin",
        live: "none",
      },
    ],
  },
  {
    what: "a declared stack grant at none (0) is missing",
    edit: (w) => (stackOf(w, "platform", "payments", "dev").permission = 0),
    want: [
      {
        severity: "low",
        code: "grant-missing",
        subject: "team:platform stack:payments/dev",
        message: "declared stack admin of team platform on payments/dev does not exist",
        declared: "admin",
        live: "none",
      },
    ],
  },
  // Environment grants.
  {
    what: "an undeclared read on an unprotected environment",
    edit: (w) =>
      teamOf(w, "payments").environments.push({ project: "web", name: "dev", permission: "read" }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:payments environment:web/dev",
        message: "team payments holds environment read on web/dev, which no config declares",
        declared: "none",
        live: "read",
      },
    ],
  },
  {
    what: "an environment permission none is no grant",
    edit: (w) =>
      teamOf(w, "payments").environments.push({ project: "web", name: "dev", permission: "none" }),
    want: [],
  },
  {
    what: "an unknown environment permission counts as admin",
    edit: (w) =>
      teamOf(w, "payments").environments.push({ project: "web", name: "dev", permission: "owner" }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:payments environment:web/dev",
        message: "team payments holds environment admin on web/dev, which no config declares",
        declared: "none",
        live: "admin",
      },
    ],
  },
  {
    what: "a declared environment grant missing",
    edit: (w) => {
      const t = teamOf(w, "security");
      t.environments = t.environments.filter(
        (e: Mutable) => !(e.project === "web" && e.name === "prod"),
      );
    },
    want: [
      {
        severity: "low",
        code: "grant-missing",
        subject: "team:security environment:web/prod",
        message: "declared environment read of team security on web/prod does not exist",
        declared: "read",
        live: "none",
      },
    ],
  },
  {
    what: "a human team that can open a protected environment (declared read)",
    edit: (w) => (envOf(w, "security", "payments", "prod").permission = "open"),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:security environment:payments/prod",
        message:
          "human team security (members: erin) holds environment open on protected environment payments/prod: it decrypts or changes protected secrets (declared: read)",
        declared: "read",
        live: "open",
      },
    ],
  },
  {
    what: "a human team's read on a protected environment lowered to none: missing",
    edit: (w) => (envOf(w, "security", "payments", "prod").permission = "none"),
    want: [
      {
        severity: "low",
        code: "grant-missing",
        subject: "team:security environment:payments/prod",
        message: "declared environment read of team security on payments/prod does not exist",
        declared: "read",
        live: "none",
      },
    ],
  },
  {
    what: "a human team's undeclared read on a protected environment: not elevated",
    edit: (w) =>
      teamOf(w, "web").environments.push({ project: "payments", name: "prod", permission: "read" }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:web environment:payments/prod",
        message: "team web holds environment read on payments/prod, which no config declares",
        declared: "none",
        live: "read",
      },
    ],
  },
];
