/**
 * Shared setup that mutation testing (scripts/mutate.mjs, Stryker) can see. Stryker credits code to
 * a test only while the test or its `beforeEach` hooks run; code run while mocha loads the spec
 * files, or in a `before` hook, is "static", and every mutant it reaches is then tested in a fresh
 * process that reloads every spec (a mutant a minute on the shared machine, instead of several a
 * second). So the specs of a mutation group build their shared values with these: once, as
 * before, in an ordinary run; for each test (or each mutant) under Stryker.
 */

/** Stryker's context in the test process (its instrumenter's global), when it runs the specs. */
interface StrykerContext {
  activeMutant?: string;
  currentTestId?: string;
}
const stryker = (): StrykerContext | undefined =>
  (globalThis as { __stryker__?: StrykerContext }).__stryker__;

/** Whether Stryker is running these specs. */
export const UNDER_STRYKER = stryker() !== undefined;

/** `setup` once before the describe's tests (an ordinary run), or before each test under Stryker. */
export function setUp(setup: () => void): void {
  if (UNDER_STRYKER) beforeEach(setup);
  else before(setup);
}

/**
 * A value made on first use, made again whenever the test or the active mutant changes under
 * Stryker (so each test that uses it is credited with the code that makes it, and each mutant
 * sees a value made with that mutant active); made once otherwise.
 */
export function lazyValue<T>(make: () => T): () => T {
  let key: string | undefined;
  let value: T;
  return () => {
    const s = stryker();
    const k = `${s?.activeMutant}\u0000${s?.currentTestId}`;
    if (key !== k) {
      value = make();
      key = k;
    }
    return value;
  };
}
