/**
 * Which Pulumi Cloud permissions decrypt secrets (model/access/decrypts.ts), pinned to the
 * sentences of the sources recorded in docs/assumptions.md ("Pulumi permissions").
 */
import assert from "node:assert/strict";
import {
  ENV_RANK,
  environmentDecrypts,
  grantDecrypts,
  STACK_RANK,
  stackDecrypts,
} from "../model/access";

describe("Pulumi permissions that decrypt secrets", () => {
  it("stack read decrypts: the Stack Read permission set includes stack:decrypt; write and admin include Stack Read", () => {
    // "Stack Read | Basic read-only access to stacks. Allows for running previews. |
    //  stack:read, stack:export, stack:encrypt, stack:decrypt, ..."
    assert.equal(stackDecrypts("read"), true);
    // "Stack Write | ... | Stack Read, + stack:import, ..."
    assert.equal(stackDecrypts("write"), true);
    assert.equal(stackDecrypts("admin"), true);
    assert.equal(stackDecrypts("none"), false);
  });

  it("environment open decrypts, read does not: 'open' can decrypt secrets, 'read' sees only the definition", () => {
    // "read: Members can view only plaintext key values ... They won't be able to see the secret
    //  values in plaintext"
    assert.equal(environmentDecrypts("read"), false);
    // "open: Members with 'open' permissions can decrypt secrets and see them in plaintext."
    assert.equal(environmentDecrypts("open"), true);
    // "write: Members will have permissions to open and update any environment"
    assert.equal(environmentDecrypts("write"), true);
    assert.equal(environmentDecrypts("admin"), true);
    assert.equal(environmentDecrypts("none"), false);
  });

  it("a grant is elevated when either side decrypts; every permission above one that decrypts does too", () => {
    assert.equal(grantDecrypts({ stackPermission: "none", environmentPermission: "read" }), false);
    assert.equal(grantDecrypts({ stackPermission: "read", environmentPermission: "none" }), true);
    assert.equal(grantDecrypts({ stackPermission: "none", environmentPermission: "open" }), true);
    // Monotone in the ranks: nothing above a decrypting permission stops decrypting.
    for (const [p, r] of Object.entries(STACK_RANK))
      for (const [q, s] of Object.entries(STACK_RANK))
        if (s > r && stackDecrypts(p)) assert.ok(stackDecrypts(q), `${q} above ${p}`);
    for (const [p, r] of Object.entries(ENV_RANK))
      for (const [q, s] of Object.entries(ENV_RANK))
        if (s > r && environmentDecrypts(p)) assert.ok(environmentDecrypts(q), `${q} above ${p}`);
    // Case variants and unknown strings never count as a known permission.
    for (const odd of ["Read", "OPEN", "open ", "constructor", "__proto__", ""])
      assert.equal(stackDecrypts(odd) || environmentDecrypts(odd), false, odd);
  });
});
