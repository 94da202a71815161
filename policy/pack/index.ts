/**
 * The secure-org guardrails policy pack: serves the policies of ./policies.ts to the Pulumi CLI.
 * Published by the bootstrap (components/guardrails.ts) and enforced on every stack through the
 * policy groups it creates; run it locally with `pulumi preview --policy-pack policy/pack` after
 * `npm install` in this directory.
 *
 * This directory is tarballed as it is (`npm pack`) and must stay self-contained: it imports only
 * its own modules and its own dependencies (package.json), never the rest of the repository.
 */
import { PolicyPack } from "@pulumi/policy";
import { DEFAULT_ENFORCEMENT, PACK_DISPLAY_NAME, PACK_NAME } from "./metadata";
import { POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
  displayName: PACK_DISPLAY_NAME,
  enforcementLevel: DEFAULT_ENFORCEMENT,
  policies: POLICIES,
});
