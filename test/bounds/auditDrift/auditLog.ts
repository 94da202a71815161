/**
 * Drift cases: the audit log review (who opened protected environments and updated protected
 * stacks, and by which identity), and standing break-glass grants (a model where on-call's prod
 * grant is standing: open with a session bound, no per-use approval).
 */
import { AccessModel } from "../../../model/access";
import { HOUR, modelOf, Mutable, prodDoc, T, teamOf } from "../../audit/harness";
import { DriftCase } from "./case";

/** The prod example with on-call's prod grant standing instead of approved per use. */
export function standingModel(): AccessModel {
  const d = prodDoc();
  const prod = d.config["secure-org:tiers"].find((x: Mutable) => x.name === "prod");
  const bg = prod.roles.oncall.breakGlass;
  delete bg.approvers;
  delete bg.requiredApprovals;
  bg.standing = true;
  bg.standingJustification = "the incident tool cannot wait for an approval";
  return modelOf(d);
}

type Who = Record<string, unknown>;
const human = (login: string): Who => ({ user: { name: login.toUpperCase(), githubLogin: login } });
const open = (target: string, who: Who, hoursAgo = 4, event = "environment-open") => ({
  timestamp: T - hoursAgo * HOUR,
  event,
  description: `Opened environment "${target}"`,
  ...who,
});
const update = (target: string, who: Who, hoursAgo = 4) => ({
  timestamp: T - hoursAgo * HOUR,
  event: "stack-update-started",
  description: `Started update "e1" for stack "${target}"`,
  ...who,
});
const events = (w: Mutable): Mutable[] => w.auditLog.events;

export const CASES: DriftCase[] = [
  {
    what: "a human who opened a protected environment, three times, whatever the token's name",
    edit: (w) =>
      events(w).push(
        open("payments/prod", { ...human("alice"), tokenName: "payments-prod-deploy" }, 5),
        open("payments/prod", human("alice"), 3, "Environment Draft Open"),
        open("payments/prod", human("alice"), 4, "environment-decrypted"),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:alice environment:payments/prod",
        message:
          "alice opened protected environment payments/prod 3 times in the last 7 days (last 2026-11-25T09:00:00.000Z) without a declared break-glass grant",
      },
    ],
  },
  {
    what: "an open in the revision-tag form; an environment-read-open is not an open",
    edit: (w) =>
      events(w).push(
        open("payments/prod", human("bob"), 4, "environment-revision-tag-open"),
        open("payments/prod", human("carol"), 4, "environment-read-open"),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:bob environment:payments/prod",
        message:
          "bob opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
    ],
  },
  {
    what: "events outside the window (one second before and after) are not read; at its edges they are",
    edit: (w) =>
      events(w).push(
        { ...open("payments/prod", human("alice")), timestamp: w.auditLog.from - 1 },
        { ...open("payments/prod", human("bob")), timestamp: w.auditLog.to + 1 },
        { ...open("payments/prod", human("carol")), timestamp: w.auditLog.from },
        { ...open("payments/prod", human("dave")), timestamp: w.auditLog.to },
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:carol environment:payments/prod",
        message:
          "carol opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-18T12:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:dave environment:payments/prod",
        message:
          "dave opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T12:00:00.000Z) without a declared break-glass grant",
      },
    ],
  },
  {
    what: "a human who updated a protected stack (bare target in the description)",
    edit: (w) =>
      events(w).push({
        timestamp: T - 6 * HOUR,
        event: "Stack Update Started",
        description: "Started update for stack payments/prod (by hand)",
        ...human("carol"),
      }),
    want: [
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:carol stack:payments/prod",
        message:
          "carol updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T06:00:00.000Z), outside its pipeline's identity",
      },
    ],
  },
  {
    what: "an organization token that updated another pipeline's protected stack",
    edit: (w) =>
      events(w).push(
        update("payments/prod", { user: { name: "acme", githubLogin: "acme" }, actorName: "acme" }),
      ),
    want: [
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:acme stack:payments/prod",
        message:
          "organization-token acme updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
    ],
  },
  {
    what: "an organization token (by its URN) that opened the bootstrap's environment, and another one",
    edit: (w) =>
      events(w).push(
        open("secure-org/prod", { actorUrn: "urn:pulumi:organization:acme" }),
        open("payments/prod", { actorName: "org:acme" }),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:acme environment:payments/prod",
        message:
          "organization-token acme opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "info",
        code: "environment-open-pipeline",
        subject: "actor:acme environment:secure-org/prod",
        message:
          "organization-token acme opened protected environment secure-org/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z)",
      },
    ],
  },
  {
    what: "another pipeline's team token that updated and opened a protected stack and environment",
    edit: (w) =>
      events(w).push(
        update("payments/prod", { actorName: "team:payments-staging-deploy" }),
        open("payments/prod", { actorUrn: "urn:pulumi:team:acme/payments-staging-deploy" }),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:payments-staging-deploy environment:payments/prod",
        message:
          "team-token payments-staging-deploy opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:payments-staging-deploy stack:payments/prod",
        message:
          "team-token payments-staging-deploy updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
    ],
  },
  {
    what: "the drift team's token (read on the stack, open on the environment)",
    edit: (w) =>
      events(w).push(
        update("payments/prod", { actorName: "payments-prod-drift" }),
        open("payments/prod", { user: { name: "payments-prod-drift" } }),
      ),
    want: [
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:payments-prod-drift stack:payments/prod",
        message:
          "team-token payments-prod-drift updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
      {
        severity: "info",
        code: "environment-open-pipeline",
        subject: "actor:payments-prod-drift environment:payments/prod",
        message:
          "team-token payments-prod-drift opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z)",
      },
    ],
  },
  {
    what: "Pulumi Deployments on a stack it deploys, and on one it does not",
    edit: (w) =>
      events(w).push(
        open("web/prod", { actorName: "Pulumi Deployments" }),
        update("payments/prod", { actorUrn: "urn:pulumi:deployments:acme/payments/prod" }),
        open("payments/prod", { actorName: "Pulumi Deployments" }),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:Pulumi Deployments environment:payments/prod",
        message:
          "deployments Pulumi Deployments opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:pulumi-deployments stack:payments/prod",
        message:
          "deployments pulumi-deployments updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
      {
        severity: "info",
        code: "environment-open-pipeline",
        subject: "actor:Pulumi Deployments environment:web/prod",
        message:
          "deployments Pulumi Deployments opened protected environment web/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z)",
      },
    ],
  },
  {
    what: "an actor nobody knows: by its token name, else unknown",
    edit: (w) =>
      events(w).push(
        open("payments/prod", { tokenName: "ci-token" }),
        update("payments/prod", {}),
        update("web/production", { user: { githubLogin: " " } }),
      ),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:ci-token environment:payments/prod",
        message:
          "unknown ci-token opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:(unknown actor) stack:payments/prod",
        message:
          "unknown (unknown actor) updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:(unknown actor) stack:web/production",
        message:
          "unknown (unknown actor) updated protected stack web/production 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
    ],
  },
  {
    what: "a login on no team is a human too (not a machine)",
    edit: (w) => events(w).push(update("web/production", human("mallory"))),
    want: [
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:mallory stack:web/production",
        message:
          "mallory updated protected stack web/production 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
    ],
  },
  {
    what: "an open of an undeclared environment named like the protected tier",
    edit: (w) => {
      w.environments.push({ project: "analytics", name: "prod", id: "env-analytics-prod" });
      events(w).push(open("analytics/prod", human("erin")));
    },
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:erin environment:analytics/prod",
        message:
          "erin opened protected environment analytics/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
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
    what: "an update of an undeclared stack named like the protected tier",
    edit: (w) => {
      w.stacks.push({ project: "analytics", stack: "production" });
      events(w).push(update("analytics/production", human("erin")));
    },
    want: [
      {
        severity: "high",
        code: "protected-update-outside-pipeline",
        subject: "actor:erin stack:analytics/production",
        message:
          "erin updated protected stack analytics/production 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z), outside its pipeline's identity",
      },
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
    what: "humans' opens of unprotected environments (a live one of no tier too) are info; a pipeline's are not reported",
    edit: (w) => {
      w.environments.push({ project: "shared", name: "common", id: "env-shared-common" });
      events(w).push(
        open("web/dev", human("frank"), 2),
        open("web/dev", human("frank"), 30),
        open("shared/common", human("frank")),
        open("payments/staging", { actorName: "payments-staging-deploy" }),
        open("nowhere/known", human("frank")),
      );
    },
    want: [
      {
        severity: "info",
        code: "environment-open-unprotected",
        subject: "actor:frank environment:shared/common",
        message:
          "frank opened environment shared/common (not protected) 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z)",
      },
      {
        severity: "info",
        code: "environment-open-unprotected",
        subject: "actor:frank environment:web/dev",
        message:
          "frank opened environment web/dev (tier dev, not protected) 2 times in the last 7 days (last 2026-11-25T10:00:00.000Z)",
      },
    ],
  },
  {
    what: "a one-day window",
    edit: (w) => {
      w.auditLog.from = w.auditLog.to - 86400;
      events(w).push(open("payments/prod", human("alice"), 1));
    },
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:alice environment:payments/prod",
        message:
          "alice opened protected environment payments/prod 1 time in the last 1 day (last 2026-11-25T11:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "info",
        code: "environment-open-pipeline",
        subject: "actor:payments-prod-deploy environment:payments/prod",
        message:
          "team-token payments-prod-deploy opened protected environment payments/prod 1 time in the last 1 day (last 2026-11-25T10:00:00.000Z)",
      },
      {
        severity: "info",
        code: "environment-open-unprotected",
        subject: "actor:carol environment:payments/dev",
        message:
          "carol opened environment payments/dev (tier dev, not protected) 1 time in the last 1 day (last 2026-11-25T09:00:00.000Z)",
      },
      {
        severity: "info",
        code: "protected-update-pipeline",
        subject: "actor:acme stack:secure-org/prod",
        message:
          "organization-token acme updated protected stack secure-org/prod 1 time in the last 1 day (last 2026-11-25T07:00:00.000Z)",
      },
      {
        severity: "info",
        code: "protected-update-pipeline",
        subject: "actor:payments-prod-deploy stack:payments/prod",
        message:
          "team-token payments-prod-deploy updated protected stack payments/prod 1 time in the last 1 day (last 2026-11-25T10:00:30.000Z)",
      },
    ],
    gone: [
      {
        severity: "info",
        code: "environment-open-pipeline",
        subject: "actor:payments-prod-deploy environment:payments/prod",
        message:
          "team-token payments-prod-deploy opened protected environment payments/prod 2 times in the last 7 days (last 2026-11-25T10:00:00.000Z)",
      },
      {
        severity: "info",
        code: "environment-open-unprotected",
        subject: "actor:carol environment:payments/dev",
        message:
          "carol opened environment payments/dev (tier dev, not protected) 1 time in the last 7 days (last 2026-11-25T09:00:00.000Z)",
      },
      {
        severity: "info",
        code: "protected-update-pipeline",
        subject: "actor:Pulumi Deployments stack:web/production",
        message:
          "deployments Pulumi Deployments updated protected stack web/production 1 time in the last 7 days (last 2026-11-24T06:00:00.000Z)",
      },
      {
        severity: "info",
        code: "protected-update-pipeline",
        subject: "actor:acme stack:secure-org/prod",
        message:
          "organization-token acme updated protected stack secure-org/prod 1 time in the last 7 days (last 2026-11-25T07:00:00.000Z)",
      },
      {
        severity: "info",
        code: "protected-update-pipeline",
        subject: "actor:payments-prod-deploy stack:payments/prod",
        message:
          "team-token payments-prod-deploy updated protected stack payments/prod 1 time in the last 7 days (last 2026-11-25T10:00:30.000Z)",
      },
    ],
  },
  {
    what: "an event of another kind is not reviewed",
    edit: (w) => events(w).push(open("payments/prod", human("alice"), 4, "environment-updated")),
    want: [],
  },
  // Standing break-glass (its own model).
  {
    what: "standing break-glass: an on-call member's open is break-glass (medium); another human's is not",
    model: standingModel,
    edit: (w) =>
      events(w).push(open("payments/prod", human("heidi")), open("web/prod", human("erin"))),
    want: [
      {
        severity: "high",
        code: "environment-open-human",
        subject: "actor:erin environment:web/prod",
        message:
          "erin opened protected environment web/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z) without a declared break-glass grant",
      },
      {
        severity: "medium",
        code: "environment-open-break-glass",
        subject: "actor:heidi environment:payments/prod",
        message:
          "break-glass used: heidi opened protected environment payments/prod 1 time in the last 7 days (last 2026-11-25T08:00:00.000Z); check it matches a declared incident",
      },
    ],
  },
  {
    what: "standing break-glass: the session bound gone, and the grant raised to admin",
    model: standingModel,
    edit: (w) => {
      const envs = teamOf(w, "sre").environments;
      delete envs.find((e: Mutable) => e.project === "payments" && e.name === "prod")
        .maxOpenDuration;
      envs.find((e: Mutable) => e.project === "web" && e.name === "prod").permission = "admin";
    },
    want: [
      {
        severity: "high",
        code: "human-protected-access",
        subject: "team:sre environment:web/prod",
        message:
          "human team sre (members: heidi) holds environment admin on protected environment web/prod: it decrypts or changes protected secrets (declared: open)",
        declared: "open",
        live: "admin",
      },
      {
        severity: "medium",
        code: "grant-open-duration",
        subject: "team:sre environment:payments/prod",
        message:
          "break-glass open grant of team sre on payments/prod has no session bound; declared maxOpenDuration: 1h",
        declared: "1h",
        live: null,
      },
    ],
    gone: [
      {
        severity: "info",
        code: "break-glass",
        subject: "team:sre environment:web/prod",
        message:
          "break-glass: team sre (members: heidi) holds environment open on web/prod (sessions of at most 1h): the incident tool cannot wait for an approval",
      },
    ],
  },
];
