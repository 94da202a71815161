/**
 * Issue 27, class 1: the ids' name-keyed records (repository ids, sub formats) are read through
 * one function that folds case the way GitHub does and never reaches a prototype property.
 */
import assert from "node:assert/strict";
import { byRepository } from "../../model/oidc";

describe("byRepository: repository-keyed ids read by GitHub's name key", () => {
  it("finds the entry spelled in another case; the own spelling first", () => {
    const ids = { "Payments-Infra": 200, web: 300 };
    assert.equal(byRepository(ids, "payments-infra"), 200);
    assert.equal(byRepository(ids, "PAYMENTS-INFRA"), 200);
    assert.equal(byRepository(ids, "Web"), 300);
    assert.equal(byRepository({ a: 1, A: 2 }, "A"), 2);
  });

  it("never returns a prototype property, whatever the record's prototype", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      assert.equal(byRepository({}, name), undefined, name);
      assert.equal(byRepository(Object.create(null) as Record<string, number>, name), undefined);
    }
    assert.equal(byRepository(undefined, "web"), undefined);
  });

  it("does not fold what GitHub does not: look-alikes, invisible text and '.' stay distinct", () => {
    const ids = { "payments-infra": 200 };
    for (const other of [
      "payments\u2010infra", // hyphen U+2010
      "pаyments-infra", // Cyrillic а
      "payments-infra\u200b",
      "payments.infra",
      "payments_infra",
      "payments-infr.",
    ])
      assert.equal(byRepository(ids, other), undefined, JSON.stringify(other));
  });
});
