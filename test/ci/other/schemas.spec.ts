/**
 * Every generated pipeline of the multi-ci example against its CI's published schema (vendored in
 * test/fixtures/ci-schemas, see SOURCES.json there), the Jenkinsfile against a structural check,
 * and the properties every CI's jobs share: pinned image, OIDC login with a bounded lifetime, no
 * stored Pulumi token, values through environment variables only.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { PULUMI_IMAGE } from "../../../model/ci/shared";
import { checkJenkinsfile } from "../../support/jenkinsfile";
import { multiCi, multiCiModel } from "../../support/multiCi";
import { setUp } from "../../support/stryker";

const DIR = path.resolve(__dirname, "..", "..", "fixtures", "ci-schemas");

function validator(file: string): ValidateFunction {
  // unicodeRegExp: false: the Azure schema has patterns that are valid JavaScript regexps only without the u flag.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    unicodeRegExp: false,
  });
  return ajv.compile(JSON.parse(readFileSync(path.join(DIR, file), "utf8")));
}

/** `failsafe` with every task step's `inputs` replaced by the same inputs read as YAML core. */
function withCoreTaskInputs(failsafe: unknown, core: unknown): unknown {
  if (Array.isArray(failsafe))
    return failsafe.map((x, i) => withCoreTaskInputs(x, (core as unknown[])[i]));
  if (failsafe === null || typeof failsafe !== "object") return failsafe;
  const f = failsafe as Record<string, unknown>;
  const c = core as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f))
    out[k] = k === "inputs" && typeof f.task === "string" ? c[k] : withCoreTaskInputs(v, c[k]);
  return out;
}

const SCHEMA_OF: Record<string, string> = {
  ".circleci/config.yml": "circleci.schema.json",
  "azure-pipelines.yml": "azure-pipelines.schema.json",
  ".gitlab-ci.yml": "gitlab-ci.schema.json",
};

describe("generated pipelines of other CIs (issue 16)", () => {
  let files: ReturnType<typeof multiCi>["files"];
  let model: ReturnType<typeof multiCi>["model"];
  setUp(() => {
    ({ files, model } = multiCi());
  });

  it("renders one file per repository and CI, and the REST caller", () => {
    assert.deepEqual(
      files.map((f) => [f.repository, f.path, f.commit]),
      [
        ["billing-infra", ".gitlab-ci.yml", false],
        ["ledger-infra", "azure-pipelines.yml", false],
        ["search-infra", "Jenkinsfile", true],
        ["mobile-infra", ".circleci/config.yml", true],
        ["web-app", ".secure-org/trigger-deployment.cjs", true],
      ],
    );
  });

  for (const [file, schema] of Object.entries(SCHEMA_OF))
    it(`${file} passes its CI's published schema (${schema})`, function () {
      if (!existsSync(path.join(DIR, schema))) {
        // Not vendored yet: say so instead of passing silently.
        assert.fail(
          `test/fixtures/ci-schemas/${schema} is missing: run npm run refresh-ci-schemas`,
        );
      }
      const f = files.find((x) => x.path === file);
      assert.ok(f, `no ${file} generated`);
      const validate = validator(schema);
      // Azure Pipelines reads every scalar as a string, and its schema says so: validate the
      // document as its language server does (YAML's failsafe schema).
      // Except task inputs: their schemas come from each task's task.json, whose boolean inputs
      // (AzureCLI@2's addSpnToEnvironment) are JSON booleans, so they are read as YAML core.
      const doc = schema.startsWith("azure")
        ? withCoreTaskInputs(parse(f.content, { schema: "failsafe" }), parse(f.content))
        : parse(f.content);
      const ok = validate(doc);
      assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    });

  it("each schema check can fail: a job with an unknown key is refused", () => {
    const circle = parse(files.find((x) => x.path === ".circleci/config.yml")!.content);
    circle.jobs["pulumi-up-mobile-prod"].dockr = circle.jobs["pulumi-up-mobile-prod"].docker;
    delete circle.jobs["pulumi-up-mobile-prod"].docker;
    assert.equal(validator("circleci.schema.json")(circle), false);
    const azure = parse(files.find((x) => x.path === "azure-pipelines.yml")!.content, {
      schema: "failsafe",
    });
    azure.stages[0].jobz = azure.stages[0].jobs;
    delete azure.stages[0].jobs;
    assert.equal(validator("azure-pipelines.schema.json")(azure), false);
    const gitlab = parse(files.find((x) => x.path === ".gitlab-ci.yml")!.content);
    gitlab["pulumi-up-billing-prod"].environment = { name: "prod", action: "deploy-it" };
    assert.equal(validator("gitlab-ci.schema.json")(gitlab), false);
  });

  it("the Jenkinsfile passes the structural check, which refuses unbalanced blocks and Groovy interpolation", () => {
    const text = files.find((x) => x.path === "Jenkinsfile")!.content;
    assert.deepEqual(checkJenkinsfile(text), []);
    assert.notDeepEqual(checkJenkinsfile(text.replace(/\n}\n$/, "\n")), []);
    assert.notDeepEqual(
      checkJenkinsfile(text.replace("sh '''", 'sh """echo ${env.BRANCH_NAME}\n')),
      [],
    );
    assert.notDeepEqual(checkJenkinsfile(text.replace("  stages {", "  stagez {")), []);
  });

  it("every job logs in by OIDC with a lifetime within the issuers' cap, in the pinned image, with no stored token", () => {
    const max = model.oidc.maxExpirationSeconds;
    for (const f of files.filter((x) => x.path !== ".secure-org/trigger-deployment.cjs")) {
      assert.ok(f.content.includes(PULUMI_IMAGE), `${f.path}: the pinned image`);
      assert.match(PULUMI_IMAGE, /^[a-z0-9/-]+:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/);
      assert.doesNotMatch(f.content, /PULUMI_ACCESS_TOKEN|secrets\.|\$\(\s*pulumiToken/i, f.path);
      for (const m of f.content.matchAll(/PULUMI_TOKEN_EXPIRATION[:=]\s*'?(\d+)m/g))
        assert.ok(Number(m[1]) * 60 <= max, `${f.path}: ${m[1]}m exceeds ${max}s`);
      if (!f.path.includes("trigger"))
        assert.match(
          f.content,
          /pulumi login "\$PULUMI_BACKEND_URL" --oidc-token "file:\/\/\$PULUMI_OIDC_TOKEN_FILE" --oidc-org "\$PULUMI_ORG" --oidc-team "\$PULUMI_TEAM" --oidc-expiration "\$PULUMI_TOKEN_EXPIRATION"/,
        );
    }
  });

  it("keeps the lifetime within a lower cap, and fails loudly for values that could reach a shell", () => {
    const lower = multiCiModel((d) => (d.config["secure-org:oidc"].maxExpirationSeconds = 600));
    const { renderCiFiles } =
      require("../../../model/ci/files") as typeof import("../../../model/ci/files");
    for (const f of renderCiFiles(lower))
      for (const m of f.content.matchAll(/PULUMI_TOKEN_EXPIRATION[:=]\s*'?(\d+)m/g))
        assert.equal(m[1], "10", f.path);
    const evil = { ...lower, organization: "acme'; rm -rf /" };
    assert.throws(() => renderCiFiles(evil), /organization/);
  });
});
