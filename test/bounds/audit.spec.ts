/**
 * Bounds and pins of the audit's comparisons (audit/compare/): each pin a live GitHub allow policy
 * must carry, dropped alone; the issuer's token lifetime at, one over and one under the declared
 * one (and 0, unset); what mints an organization admin token; the count of a custom role's
 * environment conditions at, one over and one under the declared count.
 */
import assert from "node:assert/strict";
import { compareAccess, LiveSnapshot } from "../../audit/compare";
import { roleDifferences } from "../../audit/compare/roles";
import {
  cleanOrg,
  clone,
  DEPLOYER,
  key,
  model,
  Mutable,
  policyIndex,
  prodDeployAllow,
} from "../audit/harness";

const findings = (w: LiveSnapshot) => compareAccess(model, w, { deployer: DEPLOYER }).findings;
const notInfo = (w: LiveSnapshot) =>
  findings(w)
    .filter((f) => f.severity !== "info")
    .map(key);

describe("bounds: the audit's pins on live GitHub allow policies", () => {
  it("the clean org has no finding above info", () => assert.deepEqual(notInfo(cleanOrg()), []));

  for (const pin of ["aud", "repository_id", "repository_owner_id"])
    for (const how of ["dropped", "empty"] as const)
      it(`${pin} ${how} alone is reported unpinned, naming ${pin}`, () => {
        const w = clone(cleanOrg());
        const i = policyIndex(w, prodDeployAllow);
        const rules = w.oidcIssuers[0].policies[i].rules;
        if (how === "dropped") delete rules[pin];
        else rules[pin] = "";
        const f = findings(w).filter((x) => x.code === "oidc-policy-unpinned");
        assert.deepEqual(
          f.map((x) => [x.severity, x.subject]),
          [["high", `oidc:github-actions#${i}`]],
        );
        assert.match(f[0].message, new RegExp(`does not pin ${pin}:`));
      });

  it("a deny policy without pins is not reported", () => {
    const w = clone(cleanOrg());
    w.oidcIssuers[0].policies.push({
      decision: "deny",
      tokenType: "team",
      teamName: "payments-prod-deploy",
      rules: { sub: "x" },
    });
    assert.equal(findings(w).filter((x) => x.code === "oidc-policy-unpinned").length, 0);
  });
});

describe("bounds: the issuer's maxExpiration against oidc.maxExpirationSeconds (3600)", () => {
  const at = (v: number | undefined) => {
    const w = clone(cleanOrg());
    if (v === undefined) delete w.oidcIssuers[0].maxExpiration;
    else w.oidcIssuers[0].maxExpiration = v;
    return findings(w)
      .filter((f) => f.code === "oidc-issuer-expiration")
      .map((f) => [f.severity, f.live]);
  };

  it("exactly 3600: nothing", () => assert.deepEqual(at(3600), []));
  it("3601: high", () => assert.deepEqual(at(3601), [["high", 3601]]));
  it("3599: info (narrower)", () => assert.deepEqual(at(3599), [["info", 3599]]));
  it("1: info", () => assert.deepEqual(at(1), [["info", 1]]));
  it("0 (no maximum set): high", () => assert.deepEqual(at(0), [["high", 0]]));
  it("unset: high", () => assert.deepEqual(at(undefined), [["high", null]]));
  it("the message of 0 says no maximum is set", () => {
    const w = clone(cleanOrg());
    w.oidcIssuers[0].maxExpiration = 0;
    const f = findings(w).find((x) => x.code === "oidc-issuer-expiration");
    assert.match(f?.message ?? "", /as long as the service allows \(no maximum set\)/);
  });
});

describe("bounds: an undeclared issuer that mints an organization admin token", () => {
  const undeclared = (policy: Mutable) => {
    const w = clone(cleanOrg());
    w.oidcIssuers.push({
      id: "x",
      name: "rogue",
      url: "https://rogue.example.com",
      policies: [{ decision: "allow", tokenType: "organization", rules: { aud: "a" }, ...policy }],
    });
    const f = findings(w).find((x) => x.code === "oidc-issuer-undeclared");
    assert.equal(f?.severity, "high");
    return /mints an organization admin token/.test(f?.message ?? "");
  };

  it("no authorized permissions (all of them): admin", () =>
    assert.equal(undeclared({ authorizedPermissions: [] }), true));
  it("authorized permissions unset: admin", () => assert.equal(undeclared({}), true));
  it("[admin]: admin", () => assert.equal(undeclared({ authorizedPermissions: ["admin"] }), true));
  it("[member]: not admin", () =>
    assert.equal(undeclared({ authorizedPermissions: ["member"] }), false));
  it("a role id: not an admin token", () =>
    assert.equal(undeclared({ authorizedPermissions: [], roleID: "r1" }), false));
  it("a team token: not admin", () =>
    assert.equal(undeclared({ tokenType: "team", teamName: "platform" }), false));
  it("a deny policy: not admin", () =>
    assert.deepEqual(
      (() => {
        const w = clone(cleanOrg());
        w.oidcIssuers.push({
          id: "x",
          name: "rogue",
          url: "https://rogue.example.com",
          policies: [{ decision: "deny", tokenType: "organization", rules: {} }],
        });
        const f = findings(w).find((x) => x.code === "oidc-issuer-undeclared");
        return [f?.severity, /mints/.test(f?.message ?? "")];
      })(),
      ["low", false],
    ));
});

describe("bounds: a custom role's environment conditions, counted", () => {
  const spec = model.roles.find((r) => r.environments.length > 0);
  const live = () => {
    const w = clone(cleanOrg());
    const r = w.roles.find((x: Mutable) => x.name === spec?.name);
    assert.ok(r, `no live role ${spec?.name}`);
    return r;
  };
  const conditions = (r: Mutable): Mutable[] =>
    r.details.entries.filter((e: Mutable) => e.__type === "PermissionDescriptorCondition");

  it("the prod example declares a role with environment conditions, and the clean org matches it", () => {
    assert.ok(spec && spec.environments.length >= 1);
    assert.deepEqual(roleDifferences(spec, live()), { more: [], less: [] });
    assert.equal(conditions(live()).length, spec.environments.length);
  });

  it("one extra condition (a copy of one that pins an environment) is reported as more", () => {
    const r = live();
    r.details.entries.push(clone(conditions(r)[0]));
    const n = spec?.environments.length ?? 0;
    assert.deepEqual(roleDifferences(spec!, r), {
      more: [`${n + 1} environment conditions, declared ${n}`],
      less: [],
    });
  });

  it("one condition fewer is reported as less", () => {
    const r = live();
    const i = r.details.entries.indexOf(conditions(r)[0]);
    r.details.entries.splice(i, 1);
    const n = spec?.environments.length ?? 0;
    assert.deepEqual(roleDifferences(spec!, r), {
      more: [],
      less: [`${n - 1} environment conditions, declared ${n}`],
    });
  });

  it("a condition that pins no environment is reported once as unpinned", () => {
    const r = live();
    conditions(r)[0].condition.right.identity = "";
    assert.deepEqual(roleDifferences(spec!, r).more, [
      "1 condition(s) not pinned to one environment",
    ]);
  });

  it("one more scope on an environment is more; one fewer is less", () => {
    const extra = live();
    conditions(extra)[0].subNode.permissions.push("environment:delete");
    assert.deepEqual(roleDifferences(spec!, extra).more, ["on an environment: environment:delete"]);
    const fewer = live();
    const perms = conditions(fewer)[0].subNode.permissions as string[];
    const dropped = perms.pop();
    assert.deepEqual(roleDifferences(spec!, fewer).less, [
      `no longer on an environment: ${dropped}`,
    ]);
  });
});
