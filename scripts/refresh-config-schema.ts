/**
 * Rewrites schema/stack-config.schema.json, the JSON Schema editors use for Pulumi.<stack>.yaml
 * (model/config/jsonSchema.ts), from the zod config schema. Run it after changing the schema;
 * test/configSchema.spec.ts fails while the file is stale.
 *
 *   npm run refresh-config-schema
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { STACK_CONFIG_SCHEMA_FILE, stackConfigJsonSchemaText } from "../model/config/jsonSchema";

if (require.main === module) {
  const file = path.resolve(__dirname, "..", STACK_CONFIG_SCHEMA_FILE);
  const text = stackConfigJsonSchemaText();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${STACK_CONFIG_SCHEMA_FILE} (${text.length} bytes)`);
}
