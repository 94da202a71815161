/**
 * The JSON Schema of a stack file (`Pulumi.<stack>.yaml`), generated from the zod config schema
 * (zod 4's `z.toJSONSchema`, input side: what a writer may leave out has a default) for editors:
 * a file whose first line is `# yaml-language-server: $schema=schema/stack-config.schema.json`
 * gets completion of every key and enum value, and a warning on a misspelt key.
 *
 * It describes shape only: the name rules, cross references and least-privilege checks stay with
 * validation (`npm run plan`). `npm run refresh-config-schema` rewrites the file;
 * test/configSchema.spec.ts fails when it is stale.
 */
import { z } from "zod";
import { NAMESPACE } from "../load";
import { orgConfigSchema } from "./schema";

export const STACK_CONFIG_SCHEMA_FILE = "schema/stack-config.schema.json";

type JsonSchema = Record<string, unknown>;

/** A secret stack config value (`pulumi config set --secret`): `{ secure: <ciphertext> }`. */
const SECRET: JsonSchema = {
  type: "object",
  properties: { secure: { type: "string" } },
  required: ["secure"],
  additionalProperties: false,
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function stackConfigJsonSchema(): JsonSchema {
  const org = z.toJSONSchema(orgConfigSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as { properties: Record<string, JsonSchema>; required?: string[] };
  const keys = Object.keys(org.properties);
  const config: Record<string, JsonSchema> = Object.create(null) as Record<string, JsonSchema>;
  for (const key of keys) config[`${NAMESPACE}:${key}`] = org.properties[key];
  config["github:owner"] = {
    type: "string",
    description: "The GitHub organization the GitHub provider manages (the same as github.owner)",
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "secure-org stack file (Pulumi.<stack>.yaml)",
    description:
      "Generated from the zod config schema by `npm run refresh-config-schema`; do not edit. " +
      "Shape only: `npm run plan` also checks names, references and least privilege.",
    type: "object",
    properties: {
      config: {
        type: "object",
        properties: config,
        required: (org.required ?? []).map((k) => `${NAMESPACE}:${k}`),
        // Any other `secure-org:` key is a secret a webhook names (secretConfigKey or
        // urlSecretConfigKey), so a misspelt policy key is an error; other namespaces are free.
        patternProperties: {
          [`^${escapeRegExp(NAMESPACE)}:(?!(?:${keys.map(escapeRegExp).join("|")})$)`]: SECRET,
        },
      },
      environment: {
        description: "ESC environments the stack imports (e.g. the bootstrap's GitHub App keys)",
        type: "array",
        items: { type: "string" },
      },
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
      encryptionsalt: { type: "string" },
    },
    required: ["config"],
  };
}

/** The file's text: stable key order, two-space indentation, a final newline. */
export const stackConfigJsonSchemaText = () =>
  JSON.stringify(stackConfigJsonSchema(), null, 2) + "\n";
