/** Drift cases of access.ts, part 4 of 4. */
import { Mutable } from "../../../audit/harness";
import { DriftCase } from "../case";
import { member } from "./support";

export const CASES: DriftCase[] = [
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
