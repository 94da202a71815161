/**
 * The comparison's details, without the server: pinned and live GitHub ids, wildcards, static
 * credentials, event names and actors.
 */
import assert from "node:assert/strict";
import {
  compareAccess,
  impliedSnapshot,
  LiveSnapshot,
  normalizeEvent,
  staticCredentialPaths,
} from "../../audit/compare";
import {
  cleanOrg,
  clone,
  DEPLOYER,
  HOUR,
  IDS,
  key,
  model,
  modelOf,
  NOW,
  Mutable,
  policyIndex,
  prodDeployAllow,
  prodDoc,
  T,
} from "./harness";

describe("audit: comparison details (pure)", () => {
  const compare = (w: LiveSnapshot, deployer: string | null = DEPLOYER) =>
    compareAccess(model, w, { deployer })
      .findings.filter((f) => f.severity !== "info")
      .map(key);

  it("uses the ids pinned in config over the live ones, and then catches an id swap", () => {
    const pinned = modelOf(
      (() => {
        const d = prodDoc();
        d.config["secure-org:github"].ownerId = 1001;
        for (const p of d.config["secure-org:projects"])
          if (p.repository === "payments-infra") p.repositoryId = 2001;
          else if (p.repository === "platform") p.repositoryId = 2003;
        return d;
      })(),
    );
    const world = clone(impliedSnapshot(pinned, IDS, { deployer: DEPLOYER, now: NOW }));
    const ok = compareAccess(pinned, world, {
      deployer: DEPLOYER,
      pinnedIds: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    });
    // Repository names are data: the ids come back in a null-prototype object.
    assert.deepEqual(JSON.parse(JSON.stringify(ok.githubIds)), { source: "config", ids: IDS });
    assert.equal(Object.getPrototypeOf(ok.githubIds.ids?.repositoryIds), null);
    // Every policy of payments-infra now trusts another repository id.
    for (const p of world.oidcIssuers[0].policies)
      if (p.rules.repository_id === "2001") p.rules.repository_id = "9999";
    const swapped = compareAccess(pinned, world, {
      deployer: DEPLOYER,
      pinnedIds: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    });
    assert.equal(swapped.findings.filter((f) => f.code === "oidc-policy-changed").length, 23);
    // With ids from the live policies, that consistent swap goes unnoticed (documented).
    const fromLive = compareAccess(pinned, world, { deployer: DEPLOYER });
    assert.equal(fromLive.githubIds.source, "live");
    assert.equal(fromLive.findings.filter((f) => f.code.startsWith("oidc-policy")).length, 0);
  });

  it("does not compare policies when the live ids disagree", () => {
    const world = clone(cleanOrg());
    const p = world.oidcIssuers[0].policies[policyIndex(world, prodDeployAllow)];
    p.rules.repository_owner_id = "1002";
    assert.deepEqual(compare(world), ["medium oidc-ids-unknown oidc:github-actions"]);
  });

  it("flags wildcards in any issuer's allow policies but not in deny policies", () => {
    const world = clone(cleanOrg());
    world.oidcIssuers.push({
      id: "gitlab",
      name: "gitlab",
      url: "https://gitlab.com",
      policies: [
        { decision: "deny", tokenType: "team", teamName: "x", rules: { sub: "project_path:*" } },
        {
          decision: "allow",
          tokenType: "team",
          teamName: "x",
          rules: { sub: "project_path:acme/?" },
        },
        {
          decision: "allow",
          tokenType: "team",
          teamName: "x",
          rules: { sub: "project_path:acme/infra" },
        },
      ],
    });
    // Undeclared, and with allow policies: high as an issuer too (issuers.spec.ts).
    assert.deepEqual(compare(world), [
      "high oidc-issuer-undeclared oidc:gitlab",
      "high oidc-policy-wildcard oidc:gitlab#1",
    ]);
  });

  it("reads static credentials, and not OIDC logins or interpolations", () => {
    assert.deepEqual(
      staticCredentialPaths(impliedSnapshot(model, IDS).definitions?.[0].yaml ?? ""),
      [],
    );
    assert.deepEqual(
      staticCredentialPaths(
        [
          "values:",
          "  azure:",
          "    login:",
          "      fn::open::azure-login:",
          "        clientId: 00000000-0000-0000-0000-000000000000",
          "        clientSecret: {fn::secret: hunter2}",
          "  gcp:",
          "    GOOGLE_CREDENTIALS:",
          "      fn::secret:",
          "        ciphertext: abc",
          "  aws:",
          "    login:",
          "      fn::open::aws-login:",
          "        static:",
          "          accessKeyId: AKIAIOSFODNN7EXAMPLE",
          "          secretAccessKey: {fn::secret: {ciphertext: abc}}",
          "  environmentVariables:",
          "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
          "    TOKEN_NOTE: key ASIAIOSFODNN7EXAMPLE in a note",
          "  pulumiConfig:",
          "    aws:secretKey: plain",
          "",
        ].join("\n"),
      ),
      [
        "values.azure.login.fn::open::azure-login.clientSecret",
        "values.gcp.GOOGLE_CREDENTIALS",
        "values.aws.login.fn::open::aws-login.static.accessKeyId",
        "values.aws.login.fn::open::aws-login.static.secretAccessKey",
        "values.environmentVariables.TOKEN_NOTE",
        "values.pulumiConfig.aws:secretKey",
      ],
    );
    assert.equal(staticCredentialPaths("values: [unclosed"), "unreadable");
  });

  it("flags static credentials in unprotected environments too, as medium (issue 29: any managed environment)", () => {
    const world = clone(cleanOrg());
    world.definitions.find((d: Mutable) => d.project === "payments" && d.name === "dev").yaml =
      "values:\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n";
    assert.deepEqual(compare(world), ["medium esc-static-credentials environment:payments/dev"]);
  });

  it("normalizes event ids and display names alike", () => {
    assert.equal(normalizeEvent("Environment Open"), "environment-open");
    assert.equal(normalizeEvent("environment-open"), "environment-open");
    assert.equal(normalizeEvent("Stack  Update Started "), "stack-update-started");
  });

  it("does not trust a token's name: a known human is a human", () => {
    const world = clone(cleanOrg());
    world.auditLog.events.push({
      timestamp: T - HOUR,
      event: "stack-update-started",
      description: 'Started update "x" for stack "payments/prod"',
      user: { name: "Dave", githubLogin: "dave" },
      tokenName: "payments-prod-deploy",
      actorName: "payments-prod-deploy",
    });
    assert.deepEqual(compare(world), [
      "high protected-update-outside-pipeline actor:dave stack:payments/prod",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
