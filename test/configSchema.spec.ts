/**
 * The JSON Schema editors use for stack files (schema/stack-config.schema.json): generated from
 * the zod config schema and up to date, it accepts every example stack file and what
 * `npm run init` writes, and rejects a misspelt key at the top, a misspelt nested key and a value
 * outside an enum, as yaml-language-server would (ajv, JSON Schema 2020-12).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { STACK_CONFIG_SCHEMA_FILE, stackConfigJsonSchemaText } from "../model/config/jsonSchema";
import { renderInitConfig } from "../scripts/initTemplate";
import { ROOT } from "./support/examples";

const EXAMPLES = readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
const SCHEMA_LINE = "# yaml-language-server: $schema=schema/stack-config.schema.json";

function validator() {
  const schema = JSON.parse(readFileSync(path.join(ROOT, STACK_CONFIG_SCHEMA_FILE), "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(schema as object);
}

type Doc = { config: Record<string, unknown> };
const example = (file: string) => parse(readFileSync(path.join(ROOT, file), "utf8")) as Doc;

describe("config JSON Schema: schema/stack-config.schema.json", () => {
  const validate = validator();
  const errors = (doc: unknown) =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  it("is what `npm run refresh-config-schema` generates from the zod schema now", () => {
    assert.equal(
      readFileSync(path.join(ROOT, STACK_CONFIG_SCHEMA_FILE), "utf8"),
      stackConfigJsonSchemaText(),
      "stale: run npm run refresh-config-schema",
    );
  });

  it("there are examples to validate", () => {
    assert.ok(EXAMPLES.length >= 3, EXAMPLES.join(", "));
  });

  for (const file of EXAMPLES) {
    it(`accepts ${file}, which names the schema on its first line`, () => {
      assert.deepEqual(errors(example(file)), []);
      assert.equal(readFileSync(path.join(ROOT, file), "utf8").split("\n")[0], SCHEMA_LINE);
    });
  }

  const typos: [string, (d: Doc) => void, RegExp][] = [
    [
      "a misspelt top-level key (secure-org:team)",
      (d) => {
        d.config["secure-org:team"] = d.config["secure-org:teams"];
        delete d.config["secure-org:teams"];
      },
      /\/config\/secure-org:team must be object|must have required property 'secure-org:teams'/,
    ],
    [
      "a misspelt nested key (github.platformRepo)",
      (d) => {
        const g = d.config["secure-org:github"] as Record<string, unknown>;
        g.platformRepo = g.platformRepository;
        delete g.platformRepository;
      },
      /must NOT have additional properties/,
    ],
    [
      "a misspelt key in a tier's deploy (aprovers)",
      (d) => {
        const tiers = d.config["secure-org:tiers"] as { deploy: Record<string, unknown> }[];
        tiers[0].deploy.aprovers = ["platform"];
      },
      /\/config\/secure-org:tiers\/0\/deploy must NOT have additional properties/,
    ],
    [
      "a mode outside the enum (gitlab-ci)",
      (d) => {
        const tiers = d.config["secure-org:tiers"] as { deploy: Record<string, unknown> }[];
        tiers[0].deploy.mode = "gitlab-ci";
      },
      /\/config\/secure-org:tiers\/0\/deploy\/mode must be equal to one of the allowed values/,
    ],
    [
      "a repository permission outside the enum (read)",
      (d) => {
        d.config["secure-org:roles"] = { developer: { repository: "read" } };
      },
      /\/config\/secure-org:roles\/developer\/repository must be equal to one of the allowed/,
    ],
    [
      "a policy key set as a secret",
      (d) => {
        d.config["secure-org:organization"] = { secure: "AAAB" };
      },
      /\/config\/secure-org:organization must be string/,
    ],
  ];
  for (const [what, edit, message] of typos)
    it(`rejects ${what}`, () => {
      const doc = example("Pulumi.prod.yaml");
      edit(doc);
      const found = errors(doc);
      assert.ok(
        found.some((e) => message.test(e)),
        `expected ${message}, got:\n${found.join("\n")}`,
      );
    });

  it("accepts what npm run init writes, with a GitLab project", () => {
    const text = renderInitConfig({
      organization: "acme",
      githubOwner: "acme",
      stack: "prod",
      platformRepository: "platform",
      platform: [{ pulumi: "alice", github: "alice-gh" }],
      teams: [{ name: "billing", projects: ["billing"] }],
      projects: [
        {
          name: "billing",
          repository: "billing",
          ci: "gitlab",
          block: { projectId: 1, namespaceId: 2 },
        },
        { name: "web", repository: "web", ci: "pulumi-deployments" },
      ],
      schemaPath: "schema/stack-config.schema.json",
    });
    assert.equal(text.split("\n")[0], SCHEMA_LINE);
    assert.deepEqual(errors(parse(text)), []);
  });

  it("accepts a webhook's secret and other namespaces' keys", () => {
    const doc = example("Pulumi.prod.yaml");
    assert.equal(
      typeof (doc.config["secure-org:siemWebhookSecret"] as { secure?: unknown }).secure,
      "string",
    );
    doc.config["aws:region"] = "eu-west-1";
    assert.deepEqual(errors(doc), []);
    doc.config["secure-org:siemWebhookSecret"] = "plain text";
    assert.ok(errors(doc).some((e) => /secure-org:siemWebhookSecret must be object/.test(e)));
  });
});
