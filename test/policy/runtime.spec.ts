/**
 * The pack in the real policy runtime: policy/pack started the way the Pulumi CLI starts a Node.js
 * policy pack (`@pulumi/pulumi/cmd/run-policy-pack <engine> .` in the pack's directory, which
 * loads index.ts through ts-node with type checking), then driven over gRPC as the engine drives
 * it: GetAnalyzerInfo, Configure with the very config the bootstrap puts in the mandatory policy
 * group, Analyze with resources as the engine marshals them (secrets with Pulumi's secret
 * signature), AnalyzeStack. What this cannot show: the Pulumi CLI downloading the published pack
 * from Pulumi Cloud and installing its dependencies (that needs the service).
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { groupPackConfig } from "../../model/access";
import { packDirectory } from "../../policy/source";
import { exampleModel } from "../support/examples";

// The generated gRPC and protobuf modules of @pulumi/pulumi, as the policy SDK uses them.
/* eslint-disable @typescript-eslint/no-explicit-any */
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as any;
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as any;
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as any;
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as any;

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const LEVEL = ["advisory", "mandatory", "disabled", "remediate"];

function call<T>(client: any, method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
  );
}

interface Diagnostic {
  policy: string;
  level: string;
  message: string;
}

describe("guardrails pack: in the real policy runtime (run-policy-pack, gRPC)", function () {
  this.timeout(120000);
  let child: ChildProcess;
  let client: any;
  let stderr = "";

  before(async () => {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    child = spawn(process.execPath, [path.dirname(runner), "127.0.0.1:1", "."], {
      cwd: packDirectory(),
      env: {
        ...process.env,
        // What the CLI passes: the stack's config, secrets decrypted, and no secret-key list.
        PULUMI_CONFIG: JSON.stringify({ "payments:db": "postgres://app:Sup3rS3cret@db/app" }),
        PULUMI_CONFIG_SECRET_KEYS: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`the pack exited (${code}): ${stderr}`)));
    });
    client = new analyzerGrpc.AnalyzerClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    // Configure exactly as the mandatory group of the prod example does.
    const m = exampleModel("prod");
    const config = groupPackConfig(m.guardrails, m.guardrails.groups[0]);
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    for (const [policy, c] of Object.entries(config)) {
      const { enforcementLevel, ...props } = c;
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL.indexOf(String(enforcementLevel)));
      pc.setProperties(Struct.fromJavaScript(props));
      req.getPolicyconfigMap().set(policy, pc);
    }
    await call(client, "configure", req);
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  async function analyze(
    type: string,
    props: Record<string, unknown>,
    opts: { stack?: string; protect?: boolean; secretOutputs?: string[] } = {},
  ): Promise<Diagnostic[]> {
    const [project, stack] = (opts.stack ?? "payments/prod").split("/");
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(type);
    req.setName("r");
    req.setUrn(`urn:pulumi:${stack}::${project}::${type}::r`);
    req.setProperties(Struct.fromJavaScript(props));
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(opts.protect ?? false);
    o.setAdditionalsecretoutputsList(opts.secretOutputs ?? []);
    req.setOptions(o);
    const res = await call<any>(client, "analyze", req);
    return res.getDiagnosticsList().map((d: any) => ({
      policy: d.getPolicyname(),
      level: LEVEL[d.getEnforcementlevel()],
      message: d.getMessage(),
    }));
  }

  it("loads (type-checked by ts-node) and describes its four policies", async () => {
    const info = await call<any>(client, "getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "secure-org-guardrails");
    assert.deepEqual(
      info.getPoliciesList().map((p: any) => p.getName()),
      [
        "no-pulumi-tokens",
        "no-pulumi-access-management",
        "no-plaintext-secrets",
        "protect-stateful-resources",
      ],
    );
  });

  it("blocks a token in an application stack, with the group's level and platform stacks", async () => {
    assert.deepEqual(await analyze("pulumiservice:index:OrgAccessToken", { name: "ci" }), [
      {
        policy: "no-pulumi-tokens",
        level: "mandatory",
        // The SDK puts the policy's description before the message.
        message:
          "Pulumi access tokens (personal, organization, team) may be created only by the " +
          "platform stacks: a token's secret lands in the stack's state, readable by anyone who " +
          "can read it.\n" +
          'pulumiservice:index:OrgAccessToken "r" is a long-lived Pulumi token: its secret would ' +
          "be stored in this stack's state, readable by anyone who can read the stack. Only the " +
          "platform stacks (secure-org/prod) may create tokens; obtain a short-lived token by " +
          "OIDC (pulumi/auth-actions, pulumi login --oidc-token) instead.",
      },
    ]);
    assert.deepEqual(
      await analyze("pulumiservice:index:Team", { name: "t" }, { stack: "secure-org/prod" }),
      [],
    );
  });

  it("sees a secret input unwrapped: only additionalSecretOutputs tells it apart", async () => {
    const value = { ...SECRET_SIG, value: `pul-${"ab".repeat(20)}` };
    const plain = await analyze("aws:ssm/parameter:Parameter", { value });
    assert.deepEqual(
      plain.map((d) => [d.policy, d.level]),
      [["no-plaintext-secrets", "mandatory"]],
    );
    assert.deepEqual(
      await analyze("aws:ssm/parameter:Parameter", { value }, { secretOutputs: ["value"] }),
      [],
    );
  });

  it("requires protect on stateful resources", async () => {
    assert.deepEqual(
      (await analyze("aws:dynamodb/table:Table", {})).map((d) => d.policy),
      ["protect-stateful-resources"],
    );
    assert.deepEqual(await analyze("aws:dynamodb/table:Table", {}, { protect: true }), []);
  });

  it("reports the config half not applicable: the CLI passes no secret-key list", async () => {
    const res = await call<any>(client, "analyzeStack", new analyzerPb.AnalyzeStackRequest());
    assert.deepEqual(res.getDiagnosticsList(), []);
    const na = res.getNotApplicableList().map((n: any) => [n.getPolicyName(), n.getReason()]);
    assert.deepEqual(
      na.filter((n: string[]) => n[0] === "no-plaintext-secrets"),
      [
        [
          "no-plaintext-secrets",
          "the Pulumi CLI did not tell the policy pack which config keys are secret " +
            "(PULUMI_CONFIG_SECRET_KEYS), so plaintext config cannot be told from secret config",
        ],
      ],
    );
  });
});
