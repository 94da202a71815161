/**
 * Issue 27, class 6: every name is validated before anything is built. A shard stack (explicit,
 * or `<core stack>-<name>`) also names its pipeline's tier and GitHub environment; an Azure DevOps
 * service connection name reaches the generated pipeline. Through the command line (./support.ts).
 */
import { assertAccepted, assertRefused, key, planEdited, shards } from "./support";

describe("hardening: names validated before anything is built (issue 27, class 6)", () => {
  for (const [stack, args] of [
    ["prod.web", []],
    ["Prod-Payments", []],
    ["prod.payments", ["--shard", "payments"]],
    ["PROD-PAYMENTS", ["--shard", "payments"]],
  ] as const)
    it(`refuses shard stack "${stack}" ${args.length ? "planning the shard" : "planning the core"}: exit 1 with the path`, async () => {
      const run = await planEdited((d) => shards(d, { stack }), "prod", [...args]);
      assertRefused(
        run,
        "shards[0].stack",
        `the shard's stack "${stack}" also names its pipeline's tier`,
      );
    });

  it("refuses a derived shard stack from a core stack the tier rule does not allow", async () => {
    const run = await planEdited((d) => {
      shards(d, {});
      d.config[key.projects][2].tiers.prod = { stack: "Prod" };
    });
    assertRefused(
      run,
      "shards[0].name",
      'the shard\'s stack "Prod-payments"',
      'from core stack "Prod"',
    );
  });

  it("accepts a shard stack of lower-case letters, digits, '_' and '-'", async () => {
    assertAccepted(
      await planEdited((d) => shards(d, { stack: "prod_payments-2" }), "prod", [
        "--shard",
        "payments",
      ]),
    );
  });

  it("accepts (and renders) an Azure DevOps service connection with '_' in its name", async () => {
    assertAccepted(
      await planEdited((d) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const ledger = d.config[key.projects].find((p: any) => p.name === "ledger");
        ledger.tiers.prod.azureDevops.serviceConnection.name = "Pulumi_Ledger_Prod";
      }, "multi-ci"),
    );
  });
});
