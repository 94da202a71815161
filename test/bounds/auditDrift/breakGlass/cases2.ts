/** Drift cases of breakGlass.ts, part 2 of 2. */
import { HOUR, Mutable, T } from "../../../audit/harness";
import { DriftCase } from "../case";
import { PAY, breakGlass, openBy } from "./support";

export const CASES: DriftCase[] = [
  // Opens and imports.
  {
    what: "opens of a break-glass environment without any request, by a user and by tokens with no user (named by actor, token, or unknown)",
    edit: (w) => {
      breakGlass(w);
      w.auditLog.events.push(
        openBy("heidi", T - HOUR, "web/prod-breakglass"),
        { ...openBy("x", T - HOUR), user: undefined, tokenName: "cli" },
        { ...openBy("x", T - HOUR), user: { name: "sre", githubLogin: " " }, actorName: "sre" },
        { ...openBy("x", T - HOUR), user: undefined },
        { ...openBy("heidi", T - HOUR), event: "environment-updated" },
      );
    },
    want: [
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:(unknown actor) environment:payments/prod-breakglass",
        message:
          "(unknown actor), with no user login (a token), opened break-glass environment payments/prod-breakglass at 2026-11-25T11:00:00.000Z: no request can approve an open by a token",
      },
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:cli environment:payments/prod-breakglass",
        message:
          "cli, with no user login (a token), opened break-glass environment payments/prod-breakglass at 2026-11-25T11:00:00.000Z: no request can approve an open by a token",
      },
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:heidi environment:web/prod-breakglass",
        message:
          "heidi opened break-glass environment web/prod-breakglass at 2026-11-25T11:00:00.000Z without a request of theirs approved in the 1h before",
      },
      {
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: "actor:sre environment:payments/prod-breakglass",
        message:
          "sre, with no user login (a token), opened break-glass environment payments/prod-breakglass at 2026-11-25T11:00:00.000Z: no request can approve an open by a token",
      },
    ],
  },
  {
    what: "a protected environment importing a break-glass environment (an unqualified name is in the default project: not it)",
    edit: (w) => {
      breakGlass(w);
      const d = w.definitions.find((x: Mutable) => `${x.project}/${x.name}` === "payments/prod");
      d.yaml = d.yaml.replace(
        "  - payments/prod-cloud",
        "  - payments/prod-cloud\n  - payments/prod-breakglass",
      );
      w.definitions.push({
        project: "default",
        name: "x",
        yaml: "imports:\n  - prod-breakglass\n",
      });
    },
    want: [
      {
        severity: "high",
        code: "gate-blocks-pipeline",
        subject: "environment:payments/prod",
        message:
          "protected environment payments/prod imports break-glass environment payments/prod-breakglass: its open gate then applies to the pipeline's opens of payments/prod too, so deploys stop (or wait on a break-glass approval). Remove the import",
      },
    ],
  },
  {
    what: "a break-glass environment importing the bootstrap's environment (high) and a login (medium)",
    edit: (w) => {
      breakGlass(w);
      const d = (k: string) => w.definitions.find((x: Mutable) => `${x.project}/${x.name}` === k);
      d(PAY).yaml = "imports:\n  - secure-org/prod\n  - payments/prod-cloud\n";
      d("web/prod-breakglass").yaml = "imports:\n  - web/prod-cloud\n";
    },
    want: [
      {
        severity: "high",
        code: "break-glass-env-imports",
        subject: "environment:payments/prod-breakglass",
        message:
          "break-glass environment payments/prod-breakglass imports secure-org/prod, payments/prod-cloud: each approved open (tiers[2].roles.oncall.breakGlass) reveals them too, including the bootstrap's secure-org/prod (the GitHub App key). Keep its definition its own, or make sure the approvers know what they approve",
        live: ["secure-org/prod", "payments/prod-cloud"],
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod-breakglass import:payments/prod-cloud",
        message:
          "environment payments/prod-breakglass imports payments/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:payments/prod-breakglass import:secure-org/prod",
        message:
          "environment payments/prod-breakglass imports secure-org/prod (tier prod, protected) directly, which the config does not declare: whoever may open the importer reads the protected environment's values and secrets. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "high",
        code: "esc-import-undeclared",
        subject: "environment:web/prod-breakglass import:web/prod-cloud",
        message:
          "environment web/prod-breakglass imports web/prod-cloud (tier prod, protected) directly, which the config does not declare: whoever may open the importer obtains the protected tier's cloud login. Remove the import",
        live: { via: [], implicit: false },
      },
      {
        severity: "medium",
        code: "break-glass-env-imports",
        subject: "environment:web/prod-breakglass",
        message:
          "break-glass environment web/prod-breakglass imports web/prod-cloud: each approved open (tiers[2].roles.oncall.breakGlass) reveals it too. Keep its definition its own, or make sure the approvers know what they approve",
        live: ["web/prod-cloud"],
      },
    ],
  },
  {
    what: "a break-glass environment whose definition cannot be read: not compared here",
    edit: (w) => {
      breakGlass(w);
      w.definitions.find((x: Mutable) => `${x.project}/${x.name}` === PAY).yaml = "values: [x\n";
    },
    want: [],
  },
];
