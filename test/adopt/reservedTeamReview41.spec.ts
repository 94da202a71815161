/**
 * review41: a live team named like a pipeline identity the program derives (here the scheduled
 * audit's `secure-org-auditor`) that holds a human member and admin on a protected environment.
 * Adopt skips it as reserved ("pipeline-team-exists", info); whether the proposal then declares
 * the identity or not, the human's admin on the protected environment must be a high finding,
 * as it is for any other team (unmanaged-protected-grant).
 */
import assert from "node:assert/strict";
import type { LiveTeamFull } from "../../adopt/live";
import { AUDITOR_TEAM } from "../../model/names";
import type { World } from "../support/adoptServer";
import { Harness } from "./harness";
import { type Mutable, roundTrip } from "./roundTrip";

type Team = Mutable<LiveTeamFull> & {
  members: string[];
  environments: LiveTeamFull["environments"][number][];
};

describe("adopt: a reserved-name team with a human and a protected grant (review41)", function () {
  this.timeout(900_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it("mallory in secure-org-auditor with admin on payments/prod: reported high", async () => {
    const o = await roundTrip(h, "prod", h.env(), (w: Mutable<World>) => {
      const t = w.teams.find((x) => x.name === AUDITOR_TEAM) as Team;
      t.members.push("mallory");
      t.environments.push({ project: "payments", name: "prod", permission: "admin" });
      // No policy for the audit workflow: the proposal declares no audit.schedule, so the team
      // and its grants stay as they are.
      for (const i of w.oidcIssuers as unknown as { policies: { teamName?: string }[] }[])
        i.policies = i.policies.filter((p) => p.teamName !== AUDITOR_TEAM);
    });
    assert.match(
      o.text ?? "",
      /\[high\] unmanaged-protected-access team:secure-org-auditor: .*member mallory \(no org admin\) and holds environment admin on payments\/prod/,
    );
    // The program's own machine teams (the deploying admin on each) are not reported.
    assert.deepEqual(
      o.high.filter((c) => c === "unmanaged-protected-access"),
      ["unmanaged-protected-access"],
    );
  });
});
