/** Drift cases of access.ts, part 1 of 4. */
import { DEPLOYER, Mutable, teamOf } from "../../../audit/harness";
import { DriftCase } from "../case";
import { onHumanTeams, onMachineTeams } from "./support";

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
      ...onMachineTeams("bootstrap-admin"),
      ...onHumanTeams("bootstrap-admin"),
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
    want: [...onMachineTeams("bootstrap-admin"), ...onHumanTeams("bootstrap-admin")],
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
];
