/**
 * `pulumi up` entry point: read this stack's `secure-org:*` config, validate all of it (every
 * problem at once, with its config path), then build the organization.
 */
import * as pulumi from "@pulumi/pulumi";
import { programFromEntries } from "./components/program";
import { ConfigEntry } from "./model/load";

// `isConfigSecret` is exported by the runtime module but missing from its type declarations.
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
  isConfigSecret(key: string): boolean;
};

const entries: Record<string, ConfigEntry> = {};
for (const [key, value] of Object.entries(pulumi.runtime.allConfig()))
  entries[key] = { value, secret: runtimeConfig.isConfigSecret(key) };

const org = programFromEntries(entries, {}, (message) => void pulumi.log.warn(message));

export const organization = org.model.organization;
export const teams = [...org.teams.keys()];
export const pipelines = org.model.pipelines.map((p) => `${p.key} (${p.mode})`);
export const oidcIssuerId = org.oidc.issuer.id;
export const findings = org.model.findings.map((f) => `${f.severity} ${f.path}: ${f.message}`);
