/**
 * Drift cases: teams and members, stack and environment grants, Insights account permissions,
 * organization defaults, undeclared stacks and environments, organization members and admins.
 */
import { DEPLOYER, Mutable, teamOf } from "../../audit/harness";
import { DriftCase } from "./case";

const stackOf = (w: Mutable, team: string, project: string, stack: string) =>
  teamOf(w, team).stacks.find((x: Mutable) => x.project === project && x.stack === stack);
const envOf = (w: Mutable, team: string, project: string, name: string) =>
  teamOf(w, team).environments.find((x: Mutable) => x.project === project && x.name === name);
const member = (w: Mutable, login: string) => w.members.find((m: Mutable) => m.login === login);

export const CASES: DriftCase[] = [
  // Teams and their members.
  {
    what: "an undeclared team with members (the deployer left out of them)",
    edit: (w) =>
      w.teams.push({
        name: "contractors",
        kind: "pulumi",
        members: ["zoe", "yan", DEPLOYER],
        stacks: [],
        environments: [],
      }),
    want: [
      {
        severity: "medium",
        code: "team-undeclared",
        subject: "team:contractors",
        message: "team contractors (pulumi) is not declared in the config; members: zoe, yan",
        live: { kind: "pulumi", members: ["zoe", "yan"] },
      },
    ],
  },
  {
    what: "an undeclared team with no members, holding read on an unprotected stack",
    edit: (w) =>
      w.teams.push({
        name: "empty",
        kind: "github",
        members: [DEPLOYER],
        stacks: [{ project: "payments", stack: "dev", permission: 101 }],
        environments: [],
      }),
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:empty stack:payments/dev",
        message: "team empty holds stack read on payments/dev, which no config declares",
        declared: "none",
        live: "read",
      },
      {
        severity: "medium",
        code: "team-undeclared",
        subject: "team:empty",
        message: "team empty (github) is not declared in the config; no members",
        live: { kind: "github", members: [] },
      },
    ],
  },
  {
    what: "an undeclared team with a member, holding write on a protected stack: human",
    edit: (w) =>
      w.teams.push({
        name: "shadow",
        kind: "pulumi",
        members: ["zoe"],
        stacks: [{ project: "payments", stack: "prod", permission: 102 }],
        environments: [{ project: "payments", name: "prod", permission: "open" }],
      }),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:shadow environment:payments/prod",
        message:
          "human team shadow (members: zoe) holds environment open on protected environment payments/prod: it decrypts or changes protected secrets (not declared)",
        declared: "none",
        live: "open",
      },
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:shadow stack:payments/prod",
        message:
          "human team shadow (members: zoe) holds stack write on protected stack payments/prod: only the pipeline may change it (not declared)",
        declared: "none",
        live: "write",
      },
      {
        severity: "medium",
        code: "team-undeclared",
        subject: "team:shadow",
        message: "team shadow (pulumi) is not declared in the config; members: zoe",
        live: { kind: "pulumi", members: ["zoe"] },
      },
    ],
  },
  {
    what: "an undeclared team with two members and the deployer, holding write on a protected stack: every member but the deployer named",
    edit: (w) =>
      w.teams.push({
        name: "shadow",
        kind: "pulumi",
        members: ["zoe", DEPLOYER, "yan"],
        stacks: [{ project: "payments", stack: "prod", permission: 102 }],
        environments: [],
      }),
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:shadow stack:payments/prod",
        message:
          "human team shadow (members: zoe, yan) holds stack write on protected stack payments/prod: only the pipeline may change it (not declared)",
        declared: "none",
        live: "write",
      },
      {
        severity: "medium",
        code: "team-undeclared",
        subject: "team:shadow",
        message: "team shadow (pulumi) is not declared in the config; members: zoe, yan",
        live: { kind: "pulumi", members: ["zoe", "yan"] },
      },
    ],
  },
  {
    what: "an undeclared team with no member, holding write on a protected stack: machine",
    edit: (w) =>
      w.teams.push({
        name: "bot",
        kind: "pulumi",
        members: [],
        stacks: [{ project: "payments", stack: "prod", permission: 102 }],
        environments: [{ project: "payments", name: "prod", permission: "open" }],
      }),
    want: [
      {
        severity: "high",
        code: "grant-undeclared",
        subject: "team:bot environment:payments/prod",
        message: "team bot holds environment open on payments/prod, which no config declares",
        declared: "none",
        live: "open",
      },
      {
        severity: "high",
        code: "grant-undeclared",
        subject: "team:bot stack:payments/prod",
        message: "team bot holds stack write on payments/prod, which no config declares",
        declared: "none",
        live: "write",
      },
      {
        severity: "medium",
        code: "team-undeclared",
        subject: "team:bot",
        message: "team bot (pulumi) is not declared in the config; no members",
        live: { kind: "pulumi", members: [] },
      },
    ],
  },
  {
    what: "a declared human team missing (its grants not reported again)",
    edit: (w) => (w.teams = w.teams.filter((t: Mutable) => t.name !== "web")),
    want: [
      {
        severity: "medium",
        code: "team-missing",
        subject: "team:web",
        message:
          "declared human team web does not exist (2 declared grants cannot exist either): run the bootstrap",
      },
    ],
  },
  {
    what: "a declared machine team with one grant missing: 1 declared grant",
    edit: (w) => (w.teams = w.teams.filter((t: Mutable) => t.name !== "payments-prod-deploy")),
    want: [
      {
        severity: "medium",
        code: "team-missing",
        subject: "team:payments-prod-deploy",
        message:
          "declared machine team payments-prod-deploy does not exist (1 declared grant cannot exist either): run the bootstrap",
      },
    ],
  },
  {
    what: "the auditor team (no stack grant) missing: 0 declared grants",
    edit: (w) => (w.teams = w.teams.filter((t: Mutable) => t.name !== "secure-org-auditor")),
    want: [
      {
        severity: "medium",
        code: "team-missing",
        subject: "team:secure-org-auditor",
        message:
          "declared machine team secure-org-auditor does not exist (7 declared grants cannot exist either): run the bootstrap",
      },
    ],
  },
  {
    what: "an undeclared member of a human team",
    edit: (w) => teamOf(w, "payments").members.push("mallory"),
    want: [
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:mallory team:payments",
        message: "mallory is a member of team payments but not declared in teams[].members",
      },
    ],
  },
  {
    what: "a declared member missing from a human team",
    edit: (w) => {
      const t = teamOf(w, "payments");
      t.members = t.members.filter((m: string) => m !== "dave");
    },
    want: [
      {
        severity: "low",
        code: "member-missing",
        subject: "member:dave team:payments",
        message: "dave is declared in team payments but is not a member",
      },
    ],
  },
  {
    what: "two humans on a machine team: one finding each",
    edit: (w) => teamOf(w, "payments-prod-deploy").members.push("carol", "mallory"),
    want: [
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:carol team:payments-prod-deploy",
        message:
          "carol is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:mallory team:payments-prod-deploy",
        message:
          "mallory is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
    ],
  },
  {
    what: "the deployer on a machine team is ignored",
    edit: (w) => teamOf(w, "payments-prod-deploy").members.push(DEPLOYER),
    want: [],
  },
  {
    what: "no deployer given: the one login on every declared team is neither an admin nor the organization, so it is not inferred: deployer-unconfirmed and its memberships",
    opts: { deployer: undefined },
    edit: () => undefined,
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
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-drift",
        message:
          "bootstrap-admin is a member of machine team payments-prod-drift, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-staging-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-preview",
        message:
          "bootstrap-admin is a member of machine team payments-staging-preview, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:secure-org-auditor",
        message:
          "bootstrap-admin is a member of machine team secure-org-auditor, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:payments",
        message: "bootstrap-admin is a member of team payments but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:platform",
        message: "bootstrap-admin is a member of team platform but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:security",
        message: "bootstrap-admin is a member of team security but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:sre",
        message: "bootstrap-admin is a member of team sre but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:web",
        message: "bootstrap-admin is a member of team web but not declared in teams[].members",
      },
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
  {
    what: "no deployer (null): the bootstrap identity is a member of every team",
    opts: { deployer: null },
    edit: () => undefined,
    want: [
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-drift",
        message:
          "bootstrap-admin is a member of machine team payments-prod-drift, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-staging-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-preview",
        message:
          "bootstrap-admin is a member of machine team payments-staging-preview, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:secure-org-auditor",
        message:
          "bootstrap-admin is a member of machine team secure-org-auditor, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:payments",
        message: "bootstrap-admin is a member of team payments but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:platform",
        message: "bootstrap-admin is a member of team platform but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:security",
        message: "bootstrap-admin is a member of team security but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:sre",
        message: "bootstrap-admin is a member of team sre but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:web",
        message: "bootstrap-admin is a member of team web but not declared in teams[].members",
      },
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
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-prod-drift",
        message:
          "bootstrap-admin is a member of machine team payments-prod-drift, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-deploy",
        message:
          "bootstrap-admin is a member of machine team payments-staging-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:payments-staging-preview",
        message:
          "bootstrap-admin is a member of machine team payments-staging-preview, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:bootstrap-admin team:secure-org-auditor",
        message:
          "bootstrap-admin is a member of machine team secure-org-auditor, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:zed team:payments-prod-deploy",
        message:
          "zed is a member of machine team payments-prod-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:zed team:payments-prod-drift",
        message:
          "zed is a member of machine team payments-prod-drift, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:zed team:payments-staging-deploy",
        message:
          "zed is a member of machine team payments-staging-deploy, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:zed team:payments-staging-preview",
        message:
          "zed is a member of machine team payments-staging-preview, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "high",
        code: "machine-team-member",
        subject: "member:zed team:secure-org-auditor",
        message:
          "zed is a member of machine team secure-org-auditor, whose token only its workflow should obtain: the member gets every permission of that identity",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:payments",
        message: "bootstrap-admin is a member of team payments but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:platform",
        message: "bootstrap-admin is a member of team platform but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:security",
        message: "bootstrap-admin is a member of team security but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:sre",
        message: "bootstrap-admin is a member of team sre but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:bootstrap-admin team:web",
        message: "bootstrap-admin is a member of team web but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:zed team:payments",
        message: "zed is a member of team payments but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:zed team:platform",
        message: "zed is a member of team platform but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:zed team:security",
        message: "zed is a member of team security but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:zed team:sre",
        message: "zed is a member of team sre but not declared in teams[].members",
      },
      {
        severity: "medium",
        code: "member-undeclared",
        subject: "member:zed team:web",
        message: "zed is a member of team web but not declared in teams[].members",
      },
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
  {
    what: "a declared admin and a declared member missing",
    edit: (w) =>
      (w.members = w.members.filter((m: Mutable) => m.login !== "bob" && m.login !== "ivan")),
    want: [
      {
        severity: "medium",
        code: "admin-missing",
        subject: "member:bob",
        message: "bob is declared (admins[1]) but is not a member of the organization",
        declared: "admin",
      },
      {
        severity: "low",
        code: "org-member-missing",
        subject: "member:ivan",
        message: "ivan is declared (members[0]) but is not a member of the organization",
        declared: "member",
      },
    ],
  },
  {
    what: "a declared member who is only invited is missing",
    edit: (w) => (member(w, "ivan").role = "potential-member"),
    want: [
      {
        severity: "low",
        code: "org-member-missing",
        subject: "member:ivan",
        message: "ivan is declared (members[0]) but is not a member of the organization",
        declared: "member",
      },
    ],
  },
];
