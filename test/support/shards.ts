/** The prod example split into shards, for the sharding specs (test/scale/shards*.spec.ts). */
import { AccessModel, buildAccessModel } from "../../model/access";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, StackDoc } from "./examples";

/** The prod example split into a payments and a web shard (custom roles off: see the policy). */
export function shardedDoc(edit?: (doc: StackDoc) => void): StackDoc {
  const doc = exampleDoc("prod");
  doc.config["secure-org:defaults"].customRoles = false;
  doc.config["secure-org:shards"] = [
    { name: "payments", projects: ["payments"] },
    { name: "web", teams: ["web"] },
  ];
  edit?.(doc);
  return doc;
}

export function shardedModel(edit?: (doc: StackDoc) => void): AccessModel {
  const r = loadOrgConfig(entriesOf(shardedDoc(edit)));
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return buildAccessModel(r.config, r.warnings);
}
