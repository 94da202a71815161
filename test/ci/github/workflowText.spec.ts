/**
 * The workflow printer (model/ci/github/workflowText.ts) against the yaml library's document, which
 * printed every workflow before: the same bytes for every workflow the plan of each example and
 * of a synthetic org renders, and for random strings as keys, map values and sequence items.
 */
import assert from "node:assert/strict";
import * as workflowTextModule from "../../../model/ci/github/workflowText";
import {
  documentWorkflowText,
  fastWorkflowText,
  isSurelyPlain,
} from "../../../model/ci/github/workflowText";
import { pinVersionOf } from "../../../model/ci/github/workflow";
import { runPlan } from "../../../plan";
import { syntheticConfig, syntheticEntries } from "../../../bench/synthetic";
import { entriesOf, exampleDoc } from "../../support/examples";

type Captured = { value: Record<string, unknown>; commentBefore: string };

/** Runs a plan and returns every workflow value it printed (through the module's export). */
async function captured(plan: () => Promise<unknown>): Promise<Captured[]> {
  const mod = workflowTextModule as { workflowText: typeof workflowTextModule.workflowText };
  const original = mod.workflowText;
  const seen: Captured[] = [];
  mod.workflowText = (value, commentBefore, versionOf) => {
    seen.push({ value, commentBefore });
    return original(value, commentBefore, versionOf);
  };
  try {
    await plan();
  } finally {
    mod.workflowText = original;
  }
  return seen;
}

describe("workflow printer (issue 31)", function () {
  this.timeout(120_000);

  const plans: [string, () => Promise<unknown>][] = [
    ["dev", () => runPlan(entriesOf(exampleDoc("dev")), "dev")],
    ["prod", () => runPlan(entriesOf(exampleDoc("prod")), "prod")],
    ["multi-ci", () => runPlan(entriesOf(exampleDoc("multi-ci")), "multi-ci")],
    ["synthetic 10", () => runPlan(syntheticEntries(syntheticConfig(10)), "bench")],
  ];
  for (const [name, plan] of plans)
    it(`prints every workflow of the ${name} plan as the library's document does`, async () => {
      const all = await captured(plan);
      assert.ok(all.length > 0, "the plan printed no workflow through workflowText");
      for (const { value, commentBefore } of all) {
        const fast = fastWorkflowText(value, commentBefore, pinVersionOf);
        assert.ok(fast !== undefined, `the printer gave up on ${String(value.name)}`);
        assert.equal(fast, documentWorkflowText(value, commentBefore, pinVersionOf));
      }
    });

  it("refuses an unpinned action, as the document path does", () => {
    const value = { jobs: { a: { steps: [{ uses: "evil/action@main" }] } } };
    assert.throws(
      () => fastWorkflowText(value, "", pinVersionOf),
      /unpinned action evil\/action@main/,
    );
    assert.throws(
      () => documentWorkflowText(value, "", pinVersionOf),
      /unpinned action evil\/action@main/,
    );
  });

  it("gives up on what it does not print (null, fractions, nested lists) and the text is the document's", () => {
    for (const v of [null, 1.5, [["x"]], -0]) {
      const value = { name: "x", jobs: { j: { steps: [{ run: v }] } } };
      assert.equal(fastWorkflowText(value, " c", pinVersionOf), undefined, String(v));
      assert.equal(
        workflowTextModule.workflowText(value, " c", pinVersionOf),
        documentWorkflowText(value, " c", pinVersionOf),
      );
    }
  });

  it("prints random strings as keys, map values and sequence items as the library does", () => {
    const alphabet = [
      ..."abcXYZ019 _./@-:#?'\"{}[],&*!|>%`~=+\t\\",
      "true",
      "null",
      "on",
      "No",
      "0x1F",
      "1e5",
      ".inf",
      "${{ github.ref }}",
      "- ",
      ": ",
      " #",
      "\u00e9",
      "\u202e",
      "\u{1F600}",
      "\u0000",
      "\n",
      "\n\n",
      "\r\n",
      " \n",
    ];
    let seed = 31;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let printed = 0;
    let plain = 0;
    for (let i = 0; i < 4000; i++) {
      let s = "";
      const len = rand(6);
      for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
      if (isSurelyPlain(s)) plain++;
      const value = {
        name: s,
        [s || "empty"]: "k",
        jobs: { j: { steps: [s, { name: s, with: { [`k${s}`]: s } }], list: [s] } },
      };
      const fast = fastWorkflowText(value, ` ${s}`, pinVersionOf);
      const doc = documentWorkflowText(value, ` ${s}`, pinVersionOf);
      if (fast === undefined) continue;
      printed++;
      assert.equal(fast, doc, JSON.stringify(s));
    }
    assert.ok(printed > 3000, `printed ${printed}`);
    assert.ok(plain > 100, `surely plain ${plain}`);
  });
});
