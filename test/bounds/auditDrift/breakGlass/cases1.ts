/** Drift cases of breakGlass.ts, part 1 of 2. */
import { HOUR, modelOf, Mutable, prodDoc, T } from "../../../audit/harness";
import { DriftCase } from "../case";
import { PAY, breakGlass, request, event, openBy, approvedOpen } from "./support";

export const CASES: DriftCase[] = [
  // Gates.
  {
    what: "the declared gates, no request: nothing",
    edit: (w) => breakGlass(w),
    want: [],
  },
  {
    what: "no gates at all: both break-glass environments open without approval",
    edit: (w) => breakGlass(w, { gates: (g) => g.splice(0) }),
    want: [
      {
        severity: "high",
        code: "break-glass-gate-missing",
        subject: "environment:payments/prod-breakglass",
        message:
          "break-glass environment payments/prod-breakglass has no enabled open gate: whoever holds open on it opens it without approval (tiers[2].roles.oncall.breakGlass)",
        declared: "open gate, 1 approval(s) by security",
        live: "none",
      },
      {
        severity: "high",
        code: "break-glass-gate-missing",
        subject: "environment:web/prod-breakglass",
        message:
          "break-glass environment web/prod-breakglass has no enabled open gate: whoever holds open on it opens it without approval (tiers[2].roles.oncall.breakGlass)",
        declared: "open gate, 1 approval(s) by security",
        live: "none",
      },
    ],
  },
  {
    what: "a disabled gate, and a gate on another action, are no gates",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) => {
          g[0].enabled = false;
          g[1].target.actionTypes = ["update"];
        },
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-gate-missing",
        subject: "environment:payments/prod-breakglass",
        message:
          "break-glass environment payments/prod-breakglass has no enabled open gate: whoever holds open on it opens it without approval (tiers[2].roles.oncall.breakGlass)",
        declared: "open gate, 1 approval(s) by security",
        live: "none",
      },
      {
        severity: "high",
        code: "break-glass-gate-missing",
        subject: "environment:web/prod-breakglass",
        message:
          "break-glass environment web/prod-breakglass has no enabled open gate: whoever holds open on it opens it without approval (tiers[2].roles.oncall.breakGlass)",
        declared: "open gate, 1 approval(s) by security",
        live: "none",
      },
    ],
  },
  {
    what: "a gate weakened every way at once",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) =>
          Object.assign(g[0].rule, {
            numApprovalsRequired: 0,
            allowSelfApproval: true,
            requireReapprovalOnChange: false,
            eligibleApprovers: [
              { eligibilityType: "team_member", name: "sre" },
              { eligibilityType: "team_member", name: "outsiders" },
              { eligibilityType: "specific_user", user: { githubLogin: "mallory" } },
              { eligibilityType: "has_permission", permission: "admin" },
              { eligibilityType: "specific_user" },
            ],
          }),
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-gate-weakened",
        subject: "environment:payments/prod-breakglass",
        message:
          'open gate "secure-org break-glass payments/prod-breakglass" on break-glass environment payments/prod-breakglass is weaker than declared (tiers[2].roles.oncall.breakGlass): 0 approval(s) required, declared 1; self-approval allowed; re-approval on change not required; eligible approver team_member:sre is not a declared approver team; eligible approver team_member:outsiders is not a declared approver team (nor a declared team); eligible approver specific_user:mallory is not a declared approver team; eligible approver has_permission:admin is not a declared approver team; eligible approver specific_user: is not a declared approver team',
        declared: "1 approval(s), no self-approval, approvers security",
        live: "0 approval(s) required, declared 1; self-approval allowed; re-approval on change not required; eligible approver team_member:sre is not a declared approver team; eligible approver team_member:outsiders is not a declared approver team (nor a declared team); eligible approver specific_user:mallory is not a declared approver team; eligible approver has_permission:admin is not a declared approver team; eligible approver specific_user: is not a declared approver team",
      },
    ],
  },
  {
    what: "a gate with no rule fields and no eligible approver",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) => (g[1].rule = { ruleType: "approval_required" }),
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-gate-weakened",
        subject: "environment:web/prod-breakglass",
        message:
          'open gate "secure-org break-glass web/prod-breakglass" on break-glass environment web/prod-breakglass is weaker than declared (tiers[2].roles.oncall.breakGlass): 0 approval(s) required, declared 1; self-approval allowed; re-approval on change not required; no eligible approver listed',
        declared: "1 approval(s), no self-approval, approvers security",
        live: "0 approval(s) required, declared 1; self-approval allowed; re-approval on change not required; no eligible approver listed",
      },
    ],
  },
  {
    what: "a weakened gate beside a sound one on the same environment: the sound one bounds every open",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) => {
          const weak = JSON.parse(JSON.stringify(g[0]));
          weak.name = "weak";
          weak.rule.allowSelfApproval = true;
          g.push(weak);
        },
      }),
    want: [],
  },
  {
    what: "two weakened gates on one environment: both reported",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) => {
          g[0].rule.numApprovalsRequired = 0;
          const weak = JSON.parse(JSON.stringify(g[0]));
          weak.name = "weak";
          weak.rule.numApprovalsRequired = 1;
          weak.rule.allowSelfApproval = undefined;
          g.push(weak);
        },
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-gate-weakened",
        subject: "environment:payments/prod-breakglass",
        message:
          'open gate "secure-org break-glass payments/prod-breakglass" on break-glass environment payments/prod-breakglass is weaker than declared (tiers[2].roles.oncall.breakGlass): 0 approval(s) required, declared 1',
        declared: "1 approval(s), no self-approval, approvers security",
        live: "0 approval(s) required, declared 1",
      },
      {
        severity: "high",
        code: "break-glass-gate-weakened",
        subject: "environment:payments/prod-breakglass",
        message:
          'open gate "weak" on break-glass environment payments/prod-breakglass is weaker than declared (tiers[2].roles.oncall.breakGlass): self-approval allowed',
        declared: "1 approval(s), no self-approval, approvers security",
        live: "self-approval allowed",
      },
    ],
  },
  {
    what: "an open gate on an environment the pipeline opens; a disabled one is not",
    edit: (w) =>
      breakGlass(w, {
        gates: (g) => {
          const onProd = JSON.parse(JSON.stringify(g[0]));
          onProd.name = "prod gate";
          onProd.target.qualifiedName = "payments/prod";
          const off = { ...JSON.parse(JSON.stringify(onProd)), enabled: false };
          off.target.qualifiedName = "web/prod";
          g.push(onProd, off);
        },
      }),
    want: [
      {
        severity: "high",
        code: "gate-blocks-pipeline",
        subject: "environment:payments/prod",
        message:
          'open gate "prod gate" on payments/prod, which the github-actions pipeline opens: a gated open without an approved request fails, so every deploy stops. Gate the break-glass environment instead',
      },
    ],
  },
  // Requests and approvals.
  {
    what: "a request approved by an approver, opened within the hour: only the request (info)",
    edit: (w) => approvedOpen(w, T - HOUR),
    want: [
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "an open exactly the declared hour after the approval is approved; one second later is not",
    edit: (w) => {
      approvedOpen(w, T - HOUR);
      w.auditLog.events.push(openBy("heidi", T - HOUR + 1));
    },
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "heidi opened break-glass environment payments/prod-breakglass at 2026-11-25T11:00:01.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "an open before the approval is not approved",
    edit: (w) => approvedOpen(w, T - 2 * HOUR - 1),
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "heidi opened break-glass environment payments/prod-breakglass at 2026-11-25T09:59:59.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "an open by someone else than the requester is not approved by it (login case folded)",
    edit: (w) => {
      approvedOpen(w, T - HOUR - 60);
      w.auditLog.events.push(openBy("HEIDI", T - HOUR - 30), openBy("erin", T - HOUR - 30));
    },
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:erin environment:payments/prod-breakglass",
        message:
          "erin opened break-glass environment payments/prod-breakglass at 2026-11-25T10:59:30.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "an approval withdrawn before the open, and one superseded by a revision",
    edit: (w) => {
      breakGlass(w, {
        requests: [
          request("r1", "heidi", T - 4 * HOUR),
          request("r2", "heidi", T - 4 * HOUR, "web/prod-breakglass"),
        ],
        events: {
          r1: [
            event("unapproved_by_user", "ERIN", T - 2 * HOUR + 60),
            event("approved_by_user", "erin", T - 2 * HOUR),
          ],
          r2: [
            event("approved_by_user", "erin", T - 2 * HOUR),
            event("revision_added", "heidi", T - 2 * HOUR + 60),
          ],
        },
      });
      w.auditLog.events.push(
        openBy("heidi", T - 2 * HOUR + 30),
        openBy("heidi", T - 2 * HOUR + 120),
        openBy("heidi", T - 2 * HOUR + 120, "web/prod-breakglass"),
      );
    },
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "heidi opened break-glass environment payments/prod-breakglass at 2026-11-25T10:02:00.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:web/prod-breakglass",
        message:
          "heidi opened break-glass environment web/prod-breakglass at 2026-11-25T10:02:00.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T08:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z (withdrawn at 2026-11-25T10:01:00.000Z); declared at most 1h: incident r1",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:web/prod-breakglass",
        message:
          "break-glass request r2 on web/prod-breakglass by heidi at 2026-11-25T08:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z (superseded by a revision at 2026-11-25T10:01:00.000Z); declared at most 1h: incident r2",
      },
    ],
  },
  {
    what: "approvals by the requester and by someone in no approver team (a comment is no approval): invalid, and no approval",
    edit: (w) => {
      breakGlass(w, {
        requests: [request("r1", "heidi", T - 3 * HOUR, PAY, { status: "open" })],
        events: {
          r1: [
            event("approved_by_user", "heidi", T - 2 * HOUR),
            event("approved_by_user", "frank", T - 2 * HOUR + 1),
            event("comment_added", "erin", T - 2 * HOUR + 2),
          ],
        },
      });
      w.auditLog.events.push(openBy("heidi", T - HOUR - 60));
    },
    want: [
      {
        severity: "high",
        code: "break-glass-approval-invalid",
        subject: "actor:frank environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by heidi on payments/prod-breakglass was approved by frank at 2026-11-25T10:00:01.000Z, who is in no declared approver team (tiers[2].roles.oncall.breakGlass)",
      },
      {
        severity: "high",
        code: "break-glass-approval-invalid",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by heidi on payments/prod-breakglass was approved by heidi at 2026-11-25T10:00:00.000Z, the requester (tiers[2].roles.oncall.breakGlass)",
      },
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "heidi opened break-glass environment payments/prod-breakglass at 2026-11-25T10:59:00.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (open), approved by heidi at 2026-11-25T10:00:00.000Z, frank at 2026-11-25T10:00:01.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "a request whose requester is no member of a requesting team: another member of it is not 'the requesting team'",
    edit: (w) => {
      breakGlass(w, {
        requests: [request("r1", "mallory", T - 3 * HOUR)],
        events: { r1: [event("approved_by_user", "heidi", T - 2 * HOUR)] },
      });
    },
    want: [
      {
        severity: "high",
        code: "break-glass-approval-invalid",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by mallory on payments/prod-breakglass was approved by heidi at 2026-11-25T10:00:00.000Z, who is in no declared approver team (tiers[2].roles.oncall.breakGlass)",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:mallory environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by mallory at 2026-11-25T09:00:00.000Z (approved), approved by heidi at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "an approval by another member of the requesting team (on-call with heidi and zoe)",
    model: () => {
      const d = prodDoc();
      d.config["secure-org:teams"].find((t: Mutable) => t.name === "sre").members.push("zoe");
      return modelOf(d);
    },
    edit: (w) =>
      breakGlass(w, {
        requests: [request("r1", "heidi", T - 3 * HOUR)],
        events: { r1: [event("approved_by_user", "zoe", T - 2 * HOUR)] },
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-approval-invalid",
        subject: "actor:zoe environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by heidi on payments/prod-breakglass was approved by zoe at 2026-11-25T10:00:00.000Z, a member of the requesting team (tiers[2].roles.oncall.breakGlass)",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by zoe at 2026-11-25T10:00:00.000Z; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "a request asking for one second more access than declared, approved: high",
    edit: (w) =>
      approvedOpen(w, T - HOUR, [], { accessDurationSeconds: 3601, grantExpirationSeconds: 3600 }),
    want: [
      {
        severity: "high",
        code: "break-glass-request-too-long",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by heidi on payments/prod-breakglass asked for access 3601s, over the declared 1h (3600s; tiers[2].roles.oncall.breakGlass), and was approved: the gate does not bound the grant, the approver must refuse it",
        declared: "at most 3600s",
        live: "access 3601s",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z, asked for 3601s of access within a grant of 3600s; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "a request asking for exactly the declared hour: fine",
    edit: (w) =>
      approvedOpen(w, T - HOUR, [], { accessDurationSeconds: 3600, grantExpirationSeconds: 3600 }),
    want: [
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z, asked for 3600s of access within a grant of 3600s; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "a request asking for 0 and a grant one second over, not approved: medium",
    edit: (w) =>
      breakGlass(w, {
        requests: [request("r1", "heidi", T - 3 * HOUR, PAY, { status: "open" })],
        durations: { r1: { accessDurationSeconds: 0, grantExpirationSeconds: 3601 } },
      }),
    want: [
      {
        severity: "medium",
        code: "break-glass-request-too-long",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 by heidi on payments/prod-breakglass asked for access 0s and grant expiry 3601s, over the declared 1h (3600s; tiers[2].roles.oncall.breakGlass): the gate does not bound the grant, the approver must refuse it",
        declared: "at most 3600s",
        live: "access 0s, grant expiry 3601s",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (open), approved by nobody yet, asked for 0s of access within a grant of 3601s; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "a shorter grant bounds the window: an open after it is not approved",
    edit: (w) =>
      approvedOpen(w, T - 2 * HOUR + 1801, [], {
        accessDurationSeconds: 1800,
        grantExpirationSeconds: 1800,
      }),
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "heidi opened break-glass environment payments/prod-breakglass at 2026-11-25T10:30:01.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "info",
        code: "break-glass-request",
        subject: "actor:heidi environment:payments/prod-breakglass",
        message:
          "break-glass request r1 on payments/prod-breakglass by heidi at 2026-11-25T09:00:00.000Z (approved), approved by erin at 2026-11-25T10:00:00.000Z, asked for 1800s of access within a grant of 1800s; declared at most 1h: incident r1",
      },
    ],
  },
  {
    what: "requests of another action, entity type or environment are not read",
    edit: (w) =>
      breakGlass(w, {
        requests: [
          request("r1", "heidi", T - HOUR, PAY, { action: "update" }),
          request("r2", "heidi", T - HOUR, PAY, {
            entity: { entityType: "stack", project: "payments", name: "prod-breakglass" },
          }),
          request("r3", "heidi", T - HOUR, "payments/prod"),
          request("r4", "heidi", T - HOUR, PAY, { entity: { entityType: "environment" } }),
        ],
      }),
    want: [],
  },
];
