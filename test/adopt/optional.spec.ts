/**
 * Hostile: features an organization's edition may not have. The OpenAPI spec documents 404 for
 * listing change gates (ESC approval rules) and policy groups; adopt then adopts none of them and
 * still writes a proposal that validates, instead of failing with an API error (exit 3).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { adoptResponder } from "../support/adoptServer";
import { ORG } from "../support/messyOrg";
import { GH_TOKEN, Harness, TOKEN } from "./harness";

describe("adopt: an edition without approval rules or policy groups (404)", function () {
  this.timeout(300_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  for (const [what, route] of [
    ["ESC approval rules", /^\/api\/change-gates\/[^/]+$/],
    ["policy groups", /^\/api\/orgs\/[^/]+\/policygroups$/],
  ] as const)
    it(`a 404 listing ${what} means none; the proposal is still written and validates`, async () => {
      const inner = adoptResponder(() => h.world, {
        token: TOKEN,
        githubToken: GH_TOKEN,
        baseUrl: () => h.cloud.url,
        api: h.api,
        problems: h.problems,
      });
      h.cloud.respond((req) =>
        route.test(req.path.split("?")[0])
          ? { status: 404, body: { code: 404, message: "Not Found" } }
          : inner(req),
      );
      const out = h.file(`Pulumi.no-${what.replace(/ /g, "-")}.yaml`);
      const r = await h.adopt(["--org", ORG, "--out", out]);
      assert.notEqual(r.code, 3, r.stderr);
      assert.match(r.stderr, new RegExp(`${what}: not available to this organization \\(404\\)`));
      const loaded = loadOrgConfig(entriesFromStackFile(parse(readFileSync(out, "utf8"))));
      assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
      // Any other failure still stops adopt.
      h.cloud.respond((req) =>
        route.test(req.path.split("?")[0])
          ? { status: 403, body: { code: 403, message: "Forbidden" } }
          : inner(req),
      );
      assert.equal((await h.adopt(["--org", ORG, "--out", out])).code, 3);
    });

  it("hostile: a live OIDC policy with a rule on the claim __proto__ is reported and left out; the proposal and its record validate", async () => {
    h.cloud.respond(
      adoptResponder(() => h.world, {
        token: TOKEN,
        githubToken: GH_TOKEN,
        baseUrl: () => h.cloud.url,
        api: h.api,
        problems: h.problems,
      }),
    );
    const before = h.world;
    try {
      const [issuer, ...others] = before.oidcIssuers;
      const rules = JSON.parse('{"__proto__": "x", "aud": "urn:pulumi:org:acme"}') as Record<
        string,
        string
      >;
      const policy = { decision: "allow" as const, tokenType: "team", teamName: "platform", rules };
      h.world = {
        ...before,
        oidcIssuers: [{ ...issuer, policies: [...issuer.policies, policy] }, ...others],
      };
      const out = h.file("Pulumi.proto.yaml");
      const r = await h.adopt(["--org", ORG, "--out", out]);
      assert.doesNotMatch(r.stderr, /does not validate/);
      assert.match(readFileSync(out, "utf8"), /oidc-policy-reserved-claim/);
      const loaded = loadOrgConfig(
        entriesFromStackFile(parse(readFileSync(out, "utf8")) as Record<string, unknown>),
      );
      assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
      assert.ok(
        loaded.ok &&
          loaded.config.oidc.adoptedPolicies.every(
            (x) => !Object.keys(x.rules).includes("__proto__"),
          ),
      );
    } finally {
      h.world = before;
    }
  });
});
