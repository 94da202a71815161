/**
 * A hardening audit of one GitHub Actions workflow: the checks people run on deploy workflows
 * (actionlint, zizmor, OpenSSF Scorecard), written down as named rules so a generated workflow
 * is tested against each one and a hand-edited workflow can be audited the same way. Pure: no
 * Pulumi imports.
 *
 * A "deploy job" is a job that changes a stack: it runs pulumi/actions with a command other than
 * `preview`, or runs `pulumi up|destroy|refresh|import|cancel|state` itself.
 */
import { Document, isMap, isSeq, LineCounter, Node, parseDocument, Scalar, visit } from "yaml";
import { ACTIONS, pinnedRef } from "./pins";

export interface HardeningFinding {
  rule: string;
  message: string;
  /** Job id. */
  job?: string;
  /** Index of the step in the job's `steps`, from 0. */
  step?: number;
}

/** Rule id -> what the rule requires. */
const RULES = {
  "valid-workflow": "the file is a YAML mapping with a `jobs` mapping",
  "workflow-name": "the workflow has a `name:`",
  "top-level-permissions": "the workflow sets `permissions: {}` at the top level",
  "job-permissions":
    "job permissions are a mapping with at most `contents: read`, `id-token: write` and " +
    "`pull-requests: write` (no `write-all`/`read-all`, no other scope, no `contents: write`)",
  "id-token-scope": "`id-token: write` only on a job that exchanges a token (pulumi/auth-actions)",
  "pull-requests-scope":
    "`pull-requests: write` only on a preview job that comments (pulumi/actions " +
    "`command: preview` with `comment-on-pr: true`)",
  "uses-pinned": "every `uses:` is pinned to a 40-hex commit with a `# vX.Y.Z` comment",
  "uses-allow-list":
    "every `uses:` is one of the pinned actions of model/ci/github/pins.ts, and its version comment is " +
    "the pinned version",
  "checkout-credentials": "actions/checkout runs with `persist-credentials: false`",
  "risky-trigger": "no `pull_request_target`, `workflow_run` or `issue_comment` trigger",
  "run-expression": "no `${{ }}` inside `run:` (values go through `env:`)",
  "secrets-use":
    "no `secrets.*` (or `secrets: inherit`): Pulumi and cloud credentials come from OIDC",
  "deploy-environment": "deploy jobs declare `environment:`",
  "deploy-timeout": "deploy jobs declare `timeout-minutes`",
  "deploy-concurrency":
    "deploy jobs are in a `concurrency` group (job or workflow level) with " +
    "`cancel-in-progress: false`",
  "npm-ci-only": "dependencies install with `npm ci`: no `npm install`/`add`, no `curl | sh`",
  "deploy-no-cache":
    "deploy jobs use no dependency cache: no actions/cache, no `cache:` input, and " +
    "actions/setup-node with `package-manager-cache: false` (v5+ caches npm by default)",
  "github-hosted-runner": "jobs run on GitHub-hosted runners (ubuntu-*, windows-*, macos-*)",
} as const;
/** A rule id: every finding names one, checked when this module compiles. */
type Rule = keyof typeof RULES;
export const HARDENING_RULES: Readonly<Record<string, string>> = RULES;

type Obj = Record<string, unknown>;

const RISKY_TRIGGERS = ["pull_request_target", "workflow_run", "issue_comment"];
const ALLOWED_JOB_PERMISSIONS: Record<string, readonly string[]> = {
  contents: ["read", "none"],
  "id-token": ["write", "none"],
  "pull-requests": ["write", "read", "none"],
};
const HOSTED_RUNNER =
  /^(?:ubuntu|windows|macos)-(?:latest|\d+(?:\.\d+)?)(?:-(?:arm|arm64|large|xlarge|intel))?$/;
const USES = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(\/[^@]*)?@(.+)$/;
const VERSION_COMMENT = /^#\s*(v\d+\.\d+\.\d+)(?:\s|$)/;
const NPM_INSTALL =
  /\b(?:npm|pnpm|yarn)\s+(?:-\S+\s+(?:[^-\s]\S*\s+)?)*?(?:install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add)\b/;
const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^\n|]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/;
const SHELL_OF_DOWNLOAD = /\b(?:ba|z|da|k)?sh\b[^\n]*(?:<\(|\$\()\s*(?:curl|wget)\b/;
const DEPLOY_RUN = /\bpulumi\s+(?:up|update|destroy|refresh|import|cancel|state)\b/;

/** `owner/repo@sha` -> version: the patterns of ALLOWED_ACTION_PATTERNS (pins.ts), with versions. */
const PIN_BY_PATTERN = new Map<string, string>(
  Object.values(ACTIONS).map((a) => [pinnedRef(a), a.version]),
);

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isFalse = (v: unknown) => v === false || v === "false";
const isTrue = (v: unknown) => v === true || v === "true";

type Add = (rule: Rule, message: string, job?: string, step?: number) => void;
/** `add` of one job: the job id is filled in. */
type AddToJob = (rule: Rule, message: string, step?: number) => void;
/** The `# ...` comment after a node on its last line, if any. */
type CommentAfter = (node: Node | null | undefined) => string | undefined;

const usesOf = (s: Obj) => (typeof s.uses === "string" ? s.uses : "");
const actionOf = (s: Obj) => usesOf(s).split("@")[0];
const withOf = (s: Obj): Obj => (isObj(s.with) ? s.with : {});

/** One job with its YAML nodes (for comments) and its steps that are mappings. */
interface JobView {
  readonly id: string;
  readonly job: Obj;
  readonly node: unknown;
  readonly steps: Obj[];
  readonly stepNodes: unknown;
  readonly add: AddToJob;
}

/** Audits a workflow file's text against HARDENING_RULES; an empty list means it passes. */
export function auditWorkflow(text: string): HardeningFinding[] {
  const findings: HardeningFinding[] = [];
  const add: Add = (rule, message, job, step) => {
    findings.push({
      rule,
      message,
      ...(job !== undefined ? { job } : {}),
      ...(step !== undefined ? { step } : {}),
    });
  };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    add("valid-workflow", `not valid YAML: ${doc.errors[0].message}`);
    return findings;
  }
  const wf: unknown = doc.toJS();
  if (!isObj(wf) || !isObj(wf.jobs)) {
    add("valid-workflow", "a workflow is a mapping with a `jobs` mapping");
    return findings;
  }
  const lines = text.split("\n");
  const commentAfter: CommentAfter = (node) => {
    if (!node?.range) return undefined;
    const end = lineCounter.linePos(node.range[1]);
    // linePos gives a line of this text, so lines[end.line - 1] exists.
    const rest = lines[end.line - 1].slice(end.col - 1).trim();
    return rest.startsWith("#") ? rest : undefined;
  };

  checkWorkflowLevel(wf, add);
  checkSecretExpressions(doc, add);
  const jobsNode = doc.get("jobs");
  for (const [jobId, jobValue] of Object.entries(wf.jobs)) {
    if (!isObj(jobValue)) {
      add("valid-workflow", `job ${jobId} is not a mapping`, jobId);
      continue;
    }
    const node = isMap(jobsNode) ? jobsNode.get(jobId, true) : undefined;
    const j: JobView = {
      id: jobId,
      job: jobValue,
      node,
      // A step that is not a mapping counts as an empty step, so step indices (in findings and
      // into stepNodes, for the version comments) stay those of the file.
      steps: Array.isArray(jobValue.steps)
        ? jobValue.steps.map((s: unknown): Obj => (isObj(s) ? s : {}))
        : [],
      stepNodes: isMap(node) ? node.get("steps", true) : undefined,
      add: (rule, message, step) => add(rule, message, jobId, step),
    };
    auditJob(j, wf, commentAfter);
  }
  return findings;
}

/** The rules of one job, in the order their findings are reported. */
function auditJob(j: JobView, wf: Obj, commentAfter: CommentAfter): void {
  if (j.job.secrets !== undefined)
    j.add("secrets-use", "`secrets:` passes repository secrets to a called workflow");
  checkRunner(j);
  checkJobPermissions(j);
  if (isDeployJob(j.steps)) checkDeployJob(j, wf);
  checkUsesPinning(j, commentAfter);
  checkSteps(j);
}

/** Name, top-level permissions and triggers. */
function checkWorkflowLevel(wf: Obj, add: Add): void {
  if (typeof wf.name !== "string" || wf.name.trim() === "")
    add("workflow-name", "the workflow has no `name:`");
  if (!isObj(wf.permissions) || Object.keys(wf.permissions).length > 0)
    add(
      "top-level-permissions",
      `top-level permissions must be {} (found ${JSON.stringify(wf.permissions) ?? "none"})`,
    );
  const on = wf.on ?? wf[String(true)];
  const triggers =
    typeof on === "string"
      ? [on]
      : Array.isArray(on)
        ? on.map(String)
        : isObj(on)
          ? Object.keys(on)
          : [];
  for (const t of triggers.filter((x) => RISKY_TRIGGERS.includes(x)))
    add("risky-trigger", `trigger ${t} runs with the base repository's rights on untrusted input`);
}

/** `${{ secrets.* }}` in any expression of the file. */
function checkSecretExpressions(doc: Document, add: Add): void {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== "string") return;
      for (const m of node.value.matchAll(/\$\{\{([\s\S]*?)\}\}/g))
        if (/\bsecrets\b/.test(m[1]))
          add("secrets-use", `expression \${{${m[1]}}} reads a repository secret`);
    },
  });
}

/** A job that runs steps (not a reusable workflow) runs on one GitHub-hosted runner label. */
function checkRunner({ job, add }: JobView): void {
  if (job.uses !== undefined) return;
  const runsOn = job["runs-on"];
  const labels = typeof runsOn === "string" ? [runsOn] : Array.isArray(runsOn) ? runsOn : [];
  if (labels.length !== 1 || typeof labels[0] !== "string" || !HOSTED_RUNNER.test(labels[0]))
    add(
      "github-hosted-runner",
      `runs-on ${JSON.stringify(runsOn)} is not a GitHub-hosted runner label`,
    );
}

/** Allowed scopes and levels, and `id-token`/`pull-requests` only on the jobs that need them. */
function checkJobPermissions({ job, steps, add }: JobView): void {
  const perms = job.permissions;
  if (perms !== undefined) {
    if (!isObj(perms))
      add("job-permissions", `permissions ${JSON.stringify(perms)} is not a list of scopes`);
    else
      for (const [scope, level] of Object.entries(perms))
        if (!ALLOWED_JOB_PERMISSIONS[scope]?.includes(String(level)))
          add("job-permissions", `permission ${scope}: ${String(level)} is not allowed`);
  }
  const permission = (scope: string) => (isObj(perms) ? perms[scope] : undefined);
  const exchangesToken = steps.some((s) => actionOf(s) === ACTIONS.pulumiAuth.uses);
  if (permission("id-token") === "write" && !exchangesToken)
    add("id-token-scope", "id-token: write on a job that does not exchange a token");
  const commentingPreview = steps.some(
    (s) =>
      actionOf(s) === ACTIONS.pulumiActions.uses &&
      withOf(s).command === "preview" &&
      isTrue(withOf(s)["comment-on-pr"]),
  );
  if (permission("pull-requests") === "write" && !commentingPreview)
    add("pull-requests-scope", "pull-requests: write on a job that is not a commenting preview");
}

/** See the module comment: pulumi/actions with a changing command, or `pulumi up` & co. */
function isDeployJob(steps: readonly Obj[]): boolean {
  return steps.some(
    (s) =>
      (actionOf(s) === ACTIONS.pulumiActions.uses &&
        !["preview", "output"].includes(String(withOf(s).command))) ||
      (typeof s.run === "string" && DEPLOY_RUN.test(s.run)),
  );
}

/** Environment, timeout, non-cancelling concurrency and no dependency cache. */
function checkDeployJob({ job, steps, add }: JobView, wf: Obj): void {
  const env = job.environment;
  if (!(typeof env === "string" && env) && !(isObj(env) && env.name))
    add("deploy-environment", "deploy job has no environment");
  if (job["timeout-minutes"] === undefined)
    add("deploy-timeout", "deploy job has no timeout-minutes");
  const conc = job.concurrency ?? wf.concurrency;
  if (!isObj(conc) || !conc.group || !isFalse(conc["cancel-in-progress"]))
    add(
      "deploy-concurrency",
      "deploy job needs a concurrency group with cancel-in-progress: false",
    );
  steps.forEach((s, i) => {
    const w = withOf(s);
    if (actionOf(s) === "actions/cache" || actionOf(s).startsWith("actions/cache/"))
      add("deploy-no-cache", "actions/cache in a deploy job", i);
    if (w.cache !== undefined && w.cache !== "" && !isFalse(w.cache))
      add("deploy-no-cache", `cache: ${String(w.cache)} in a deploy job`, i);
    if (actionOf(s) === ACTIONS.setupNode.uses && !isFalse(w["package-manager-cache"]))
      add(
        "deploy-no-cache",
        "actions/setup-node needs package-manager-cache: false in a deploy job",
        i,
      );
  });
}

/** `uses:` of the job (reusable workflow) and of each step: pinned, commented, allow-listed. */
function checkUsesPinning(j: JobView, commentAfter: CommentAfter): void {
  const { job, node, steps, stepNodes, add } = j;
  const usesChecks: { value: string; node: Node | null | undefined; step?: number }[] = [];
  if (typeof job.uses === "string")
    usesChecks.push({
      value: job.uses,
      node: isMap(node) ? (node.get("uses", true) as Node) : undefined,
    });
  steps.forEach((s, i) => {
    if (typeof s.uses !== "string") return;
    const stepNode = isSeq(stepNodes) ? stepNodes.items[i] : undefined;
    usesChecks.push({
      value: s.uses,
      node: isMap(stepNode) ? (stepNode.get("uses", true) as Scalar) : undefined,
      step: i,
    });
  });
  for (const u of usesChecks) {
    const m = USES.exec(u.value);
    const comment = commentAfter(u.node);
    const version = comment ? VERSION_COMMENT.exec(comment)?.[1] : undefined;
    if (!m || !/^[0-9a-f]{40}$/.test(m[3]))
      add("uses-pinned", `${u.value} is not pinned to a full commit`, u.step);
    else if (!version) add("uses-pinned", `${u.value} has no "# vX.Y.Z" version comment`, u.step);
    const pinned = m && !m[2] ? PIN_BY_PATTERN.get(`${m[1]}@${m[3]}`) : undefined;
    // PIN_BY_PATTERN has exactly the patterns of ALLOWED_ACTION_PATTERNS (both from ACTIONS).
    if (!pinned) add("uses-allow-list", `${u.value} is not one of the pinned actions`, u.step);
    else if (version && version !== pinned)
      add(
        "uses-allow-list",
        `${u.value} is pinned ${pinned} but its comment says ${version}`,
        u.step,
      );
  }
}

/** Checkout credentials and `run:` scripts: expressions, installs, downloads piped to a shell. */
function checkSteps({ steps, add }: JobView): void {
  steps.forEach((s, i) => {
    if (actionOf(s) === ACTIONS.checkout.uses && !isFalse(withOf(s)["persist-credentials"]))
      add("checkout-credentials", "actions/checkout without persist-credentials: false", i);
    if (typeof s.run === "string") {
      if (s.run.includes("${{"))
        add("run-expression", "`${{ }}` inside run: pass the value through env:", i);
      if (NPM_INSTALL.test(s.run))
        add("npm-ci-only", "installs packages with install/add instead of npm ci", i);
      if (PIPE_TO_SHELL.test(s.run) || SHELL_OF_DOWNLOAD.test(s.run))
        add("npm-ci-only", "pipes a download into a shell", i);
    }
  });
}
