/**
 * Which identity deployed, inferred from the live teams (audit/compare/teams.ts `resolveDeployer`),
 * exactly, on small hand-made models: only a login the config vouches for (a declared admin or the
 * organization's own name) on every declared team is inferred; any other such login is
 * `unconfirmed`. Pure; nothing is computed at module load (test/support/stryker.ts).
 */
import assert from "node:assert/strict";
import type { LiveSnapshot } from "../../audit/compare";
import { resolveDeployer } from "../../audit/compare/teams";
import type { AccessModel } from "../../model/access";

const ORG = "acme";
/** A model with teams `a` (declares `dev`) and `b`, admin `root`, member `dev`. */
const mk = (teamB: string[] = []): AccessModel =>
  ({
    organization: ORG,
    members: [
      { login: "root", role: "admin" },
      { login: "dev", role: "member" },
      { login: "root2", role: "admin" },
    ],
    teams: [
      { name: "a", kind: "human", members: ["dev"] },
      { name: "b", kind: "human", members: teamB },
    ],
  }) as unknown as AccessModel;
const live = (teams: { name: string; members: string[] }[] | undefined) =>
  ({ teams }) as unknown as LiveSnapshot;
const infer = (teams: { name: string; members: string[] }[] | undefined, m = mk()) =>
  resolveDeployer(m, live(teams), undefined);

describe("audit: the deploying identity, inferred from the teams (unit)", () => {
  it("an explicit option wins; null means none", () => {
    assert.deepEqual(resolveDeployer(mk(), live([{ name: "a", members: ["root"] }]), null), {
      source: "none",
    });
    assert.deepEqual(resolveDeployer(mk(), live(undefined), "x"), { login: "x", source: "option" });
  });

  it("no declared team live: none", () => {
    assert.deepEqual(infer(undefined), { source: "none" });
    assert.deepEqual(infer([]), { source: "none" });
    // Only undeclared teams (names are data: case variants, `__proto__`) count for nothing.
    assert.deepEqual(
      infer([
        { name: "A", members: ["root"] },
        { name: "__proto__", members: ["root"] },
        { name: "a\u200b", members: ["root"] },
      ]),
      { source: "none" },
    );
  });

  it("a declared admin on every declared team is inferred; on one team only, nothing", () => {
    assert.deepEqual(
      infer([
        { name: "a", members: ["dev", "root"] },
        { name: "b", members: ["root"] },
      ]),
      { login: "root", source: "inferred" },
    );
    // An undeclared team without it does not stop the inference.
    assert.deepEqual(
      infer([
        { name: "a", members: ["dev", "root"] },
        { name: "b", members: ["root"] },
        { name: "zzz", members: ["dev"] },
      ]),
      { login: "root", source: "inferred" },
    );
    // Missing from the second team: not on every team.
    assert.deepEqual(
      infer([
        { name: "a", members: ["dev", "root"] },
        { name: "b", members: ["mallory"] },
      ]),
      { source: "none" },
    );
    // The organization's own name is vouched for too.
    assert.deepEqual(
      infer([
        { name: "a", members: [ORG] },
        { name: "b", members: [ORG] },
      ]),
      { login: ORG, source: "inferred" },
    );
  });

  it("a login declared on every team is a member in its own right, not a candidate", () => {
    const m = mk(["dev"]);
    assert.deepEqual(
      infer(
        [
          { name: "a", members: ["dev", "root"] },
          { name: "b", members: ["dev", "root"] },
        ],
        m,
      ),
      { login: "root", source: "inferred" },
    );
    // Declared on one team only: on every team it is an unconfirmed candidate.
    assert.deepEqual(
      infer([
        { name: "a", members: ["dev"] },
        { name: "b", members: ["dev"] },
      ]),
      { source: "none", unconfirmed: ["dev"] },
    );
  });

  it("a non-admin or case-variant login on every team: unconfirmed, beside the one inferred", () => {
    assert.deepEqual(
      infer([
        { name: "a", members: ["root", "Root", "mallory"] },
        { name: "b", members: ["root", "Root", "mallory"] },
      ]),
      { login: "root", source: "inferred", unconfirmed: ["Root", "mallory"] },
    );
    // Two vouched-for logins: which one deployed is not settled, none.
    assert.deepEqual(
      infer([
        { name: "a", members: ["root", "root2"] },
        { name: "b", members: ["root", "root2"] },
      ]),
      { source: "none" },
    );
  });
});
