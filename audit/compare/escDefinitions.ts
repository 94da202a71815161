/**
 * What the ESC definitions do, against the config (issues 25 and 29): every tier's environments
 * and the login environments secure-org owns (`<project>/<env>-cloud`) are read, not only the
 * protected ones, since a dev environment that imports the prod login, or logs in to the prod
 * role itself, is the route this closes.
 *
 * - Imports (explicit and implicit, followed transitively through the definitions read): the only
 *   declared import is a tier environment's own login environment. An undeclared import of a
 *   protected tier's environment (its app environment or its login), or a protected environment
 *   importing one of an unprotected tier, is high: whoever may open the importer gains the
 *   imported environment's values and logins, and whoever edits the imported one changes the
 *   protected one. ⚠️ Which permission opening needs on imported environments is not settled by
 *   Pulumi's docs (docs/assumptions.md, "Audit: ESC definitions"), so an import is read as giving
 *   the importer everything the imported environment gives (fail closed). An import of another
 *   unprotected tier is medium; a protected environment importing one the config does not know is
 *   medium (whoever edits it changes the protected one).
 * - Logins: each login environment's `fn::open::*-login` against the declared identity (role ARN,
 *   session duration, policy ARNs, `subjectAttributes`; Azure client, tenant and subscription;
 *   GCP project, pool, provider and service account), high on a protected tier, medium otherwise.
 *   A login anywhere else that names a declared identity of another environment is high when that
 *   identity or the environment is on a protected tier; a login to an undeclared role in an
 *   environment whose cloud secure-org manages is medium (its trust is not the generated one).
 *
 * Names compare case-insensitively (fail closed: whether ESC folds case is not documented).
 */
import { AccessModel } from "../../model/access";
import { CloudEnvironmentSpec, loginCall } from "../../model/cloud/environments";
import { CloudIdentity, roleOf } from "../../model/cloud/identities";
import { EscDocument, EscLogin, readEscDocument } from "./escDocument";
import { stackKey } from "./helpers";
import { Resources } from "./resources";
import { Add, LiveSnapshot } from "./types";

/** What the audit knows about an environment by its name. */
export interface EnvInfo {
  readonly key: string;
  readonly tier?: string;
  readonly protected: boolean;
  readonly declared: boolean;
  /** The login environment spec, when it is one secure-org owns. */
  readonly login?: CloudEnvironmentSpec;
}

const lower = (s: string) => s.toLowerCase();

/** Classifies environments: declared tier environments, login environments, named like a tier. */
export function envClassifier(model: AccessModel, res: Resources): (key: string) => EnvInfo {
  const logins = new Map(
    model.cloud.map((c) => [lower(stackKey(c.environment.project, c.environment.name)), c]),
  );
  const envs = new Map([...res.envs].map(([k, v]) => [lower(k), v]));
  const tierOfEnv = new Map([...res.tierOfEnv].map(([k, v]) => [lower(k), v]));
  return (key) => {
    const k = lower(key);
    const login = logins.get(k);
    if (login) return { key, tier: login.tier, protected: login.protected, declared: true, login };
    const d = envs.get(k);
    if (d) return { key, tier: d.tier, protected: d.protected, declared: true };
    const name = k.slice(k.indexOf("/") + 1);
    const tier = tierOfEnv.get(name) ?? tierOfEnv.get(name.replace(/-cloud$/, ""));
    return {
      key,
      ...(tier !== undefined ? { tier } : {}),
      protected: tier !== undefined && res.protectedTiers.has(tier),
      declared: false,
    };
  };
}

export function compareEscDefinitions(
  model: AccessModel,
  definitions: NonNullable<LiveSnapshot["definitions"]>,
  res: Resources,
  add: Add,
): void {
  const info = envClassifier(model, res);
  const docs = new Map<string, { key: string; doc: EscDocument }>();
  for (const d of definitions) {
    const doc = readEscDocument(d.yaml);
    if (doc !== "unreadable")
      docs.set(lower(stackKey(d.project, d.name)), { key: stackKey(d.project, d.name), doc });
  }
  // Imports OF per-use break-glass environments are audit/compare/breakGlass.ts's
  // (gate-blocks-pipeline). What a break-glass
  // environment itself imports is compared here too (an approved open reveals it): an import of a
  // protected tier is high beside break-glass-env-imports.
  const breakGlass = new Set(
    model.breakGlass.map((b) => lower(stackKey(b.environment.project, b.environment.name))),
  );
  for (const { key, doc } of docs.values()) {
    if (breakGlass.has(lower(key))) continue;
    const kept = {
      ...doc,
      // By the name ESC resolves (an unqualified import is in the `default` project), so an
      // import that only looks like the project's break-glass environment is compared here.
      imports: doc.imports.filter((i) => !breakGlass.has(lower(i.name))),
    };
    docs.set(lower(key), { key, doc: kept });
  }
  for (const { key, doc } of docs.values()) {
    compareImports(model, info(key), doc, docs, info, add);
    compareLogins(model, info(key), doc, add);
  }
  for (const spec of model.cloud) {
    const key = stackKey(spec.environment.project, spec.environment.name);
    if (
      docs.has(lower(key)) ||
      definitions.some((d) => lower(stackKey(d.project, d.name)) === lower(key))
    )
      continue;
    add({
      severity: "medium",
      code: "esc-login-missing",
      subject: `environment:${key}`,
      message:
        `the login environment ${key} (owned by secure-org, imported by ` +
        `${spec.importedBy.project}/${spec.importedBy.name}) was not found: its stacks get no cloud credentials`,
    });
  }
}

/** The environments a definition reaches through imports, with the path to each. */
function reachable(
  start: string,
  docs: ReadonlyMap<string, { key: string; doc: EscDocument }>,
): Map<string, { via: string[]; implicit: boolean }> {
  const out = new Map<string, { via: string[]; implicit: boolean }>();
  const queue: { key: string; via: string[] }[] = [{ key: start, via: [] }];
  while (queue.length) {
    const { key, via } = queue.shift()!;
    const d = docs.get(lower(key));
    if (!d) continue;
    for (const i of d.doc.imports) {
      const k = lower(i.name);
      if (k === lower(start) || out.has(k)) continue;
      out.set(k, { via, implicit: i.implicit });
      queue.push({ key: i.name, via: [...via, i.name] });
    }
  }
  return out;
}

function compareImports(
  model: AccessModel,
  me: EnvInfo,
  _doc: EscDocument,
  docs: ReadonlyMap<string, { key: string; doc: EscDocument }>,
  info: (key: string) => EnvInfo,
  add: Add,
): void {
  const own = model.cloud.find(
    (c) => lower(stackKey(c.importedBy.project, c.importedBy.name)) === lower(me.key),
  );
  const declared = own ? lower(stackKey(own.environment.project, own.environment.name)) : undefined;
  for (const [k, { via, implicit }] of reachable(me.key, docs)) {
    if (k === declared && via.length === 0) continue;
    const it = info(docs.get(k)?.key ?? k);
    const verdict = importVerdict(me, it);
    if (!verdict) continue;
    const how =
      (via.length ? `through ${via.join(" -> ")}` : "directly") +
      (implicit ? " (an implicit ${environments...} reference)" : "");
    add({
      severity: verdict.severity,
      code: "esc-import-undeclared",
      subject: `environment:${me.key} import:${it.key}`,
      message:
        `environment ${me.key}${me.tier ? ` (tier ${me.tier}${me.protected ? ", protected" : ""})` : ""} ` +
        `imports ${it.key}${it.tier ? ` (tier ${it.tier}${it.protected ? ", protected" : ""})` : " (not in the config)"} ` +
        `${how}, which the config does not declare: ${verdict.why}. Remove the import`,
      live: { via, implicit },
    });
  }
}

function importVerdict(
  me: EnvInfo,
  it: EnvInfo,
): { severity: "high" | "medium"; why: string } | undefined {
  if (it.protected && (it.login || lower(it.key) !== lower(me.key)))
    return {
      severity: "high",
      why: it.login
        ? "whoever may open the importer obtains the protected tier's cloud login"
        : "whoever may open the importer reads the protected environment's values and secrets",
    };
  if (me.protected && it.tier !== undefined)
    return {
      severity: "high",
      why: `whoever may edit ${it.key} (an unprotected tier) changes what the protected environment gives its stacks`,
    };
  if (me.protected)
    return {
      severity: "medium",
      why: `whoever may edit ${it.key} changes what the protected environment gives its stacks`,
    };
  if (it.tier !== undefined && me.tier !== undefined && it.tier !== me.tier)
    return { severity: "medium", why: `it mixes tier ${it.tier} into tier ${me.tier}` };
  if (it.login) return { severity: "medium", why: "it uses another environment's cloud identity" };
  return undefined;
}

/** The identity a live login names, as a role key (see model/cloud/identities.ts). */
function liveRole(l: EscLogin): { key?: string; role: string } {
  const a = l.args;
  const oidc = (a.oidc && typeof a.oidc === "object" ? a.oidc : {}) as Record<string, unknown>;
  const settings =
    l.cloud === "aws"
      ? { roleArn: oidc.roleArn }
      : l.cloud === "azure"
        ? { clientId: a.clientId, tenantId: a.tenantId }
        : { serviceAccount: oidc.serviceAccount };
  const r = roleOf(l.cloud, settings);
  const text = String(settings.roleArn ?? settings.clientId ?? settings.serviceAccount ?? "(none)");
  return r ? { key: r.key, role: r.role } : { role: text };
}

/** The fields of a login call that must equal the declared ones, flattened. */
function loginFields(cloud: EscLogin["cloud"], args: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const put = (k: string, v: unknown) => {
    if (v === undefined) return;
    const text = Array.isArray(v) ? JSON.stringify([...v].map(String).sort()) : String(v);
    out.set(k, cloud === "azure" && /Id$/.test(k) ? text.toLowerCase() : text);
  };
  const oidc = (args.oidc && typeof args.oidc === "object" ? args.oidc : {}) as Record<
    string,
    unknown
  >;
  if (cloud === "aws") {
    for (const k of ["roleArn", "duration", "policyArns", "subjectAttributes"])
      put(`oidc.${k}`, oidc[k]);
    put("static", args.static === undefined ? undefined : "(static credentials)");
  } else if (cloud === "azure") {
    for (const k of ["clientId", "tenantId", "subscriptionId", "oidc", "subjectAttributes"])
      put(k, args[k]);
    put("clientSecret", args.clientSecret === undefined ? undefined : "(a client secret)");
  } else {
    put("project", args.project);
    for (const k of ["workloadPoolId", "providerId", "serviceAccount", "subjectAttributes"])
      put(`oidc.${k}`, oidc[k]);
    put("accessToken", args.accessToken === undefined ? undefined : "(a static token)");
  }
  return out;
}

function compareLogins(model: AccessModel, me: EnvInfo, doc: EscDocument, add: Add): void {
  const identities = model.cloud.flatMap((c) => c.identities);
  if (me.login) compareOwnedLogins(me, me.login, doc, identities, add);
  else
    for (const l of doc.logins) {
      const r = liveRole(l);
      const owner = identities.find((i) => r.key !== undefined && i.roleKey === r.key);
      const managed = model.cloud.some(
        (c) => lower(stackKey(c.importedBy.project, c.importedBy.name)) === lower(me.key),
      );
      if (!owner && !managed) continue;
      const prot = me.protected || owner?.protected === true;
      add({
        severity: prot && owner ? "high" : "medium",
        code: "esc-login-undeclared",
        subject: `environment:${me.key} login:${l.cloud}`,
        message:
          `environment ${me.key} opens ${l.cloud} credentials itself (${l.path}) as ${r.role}` +
          (owner
            ? `, the identity declared for ${owner.environment} (tier ${owner.tier}${owner.protected ? ", protected" : ""})`
            : ", a role the config does not declare") +
          ": cloud logins belong in the secure-org-owned login environment, whose trust pins the environment opened. Remove it",
        live: { path: l.path, role: r.role },
      });
    }
}

function compareOwnedLogins(
  me: EnvInfo,
  spec: CloudEnvironmentSpec,
  doc: EscDocument,
  identities: readonly CloudIdentity[],
  add: Add,
): void {
  const seen = new Set<string>();
  for (const l of doc.logins) {
    const want = spec.identities.find((i) => i.cloud === l.cloud);
    const r = liveRole(l);
    const owner = identities.find((i) => r.key !== undefined && i.roleKey === r.key);
    const severity = spec.protected || owner?.protected ? "high" : "medium";
    if (!want || seen.has(l.cloud)) {
      add({
        severity,
        code: "esc-login-changed",
        subject: `environment:${me.key} login:${l.cloud}`,
        message: `login environment ${me.key} opens an undeclared ${l.cloud} login (${l.path}) as ${r.role}`,
        live: l.args,
      });
      continue;
    }
    seen.add(l.cloud);
    const expected = loginFields(
      l.cloud,
      Object.values(loginCall(want))[0] as Record<string, unknown>,
    );
    const actual = loginFields(l.cloud, l.args);
    const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
    const diffs = keys.filter((k) => expected.get(k) !== actual.get(k));
    if (!diffs.length) continue;
    add({
      severity,
      code: "esc-login-changed",
      subject: `environment:${me.key} login:${l.cloud}`,
      message:
        `the ${l.cloud} login of ${me.key} differs from the declared identity (${want.path}): ` +
        diffs
          .map((k) => `${k}: ${expected.get(k) ?? "(none)"} -> ${actual.get(k) ?? "(none)"}`)
          .join("; ") +
        (owner && owner !== want
          ? `; it logs in as the identity of ${owner.environment} (tier ${owner.tier})`
          : ""),
      declared: Object.fromEntries(expected),
      live: Object.fromEntries(actual),
    });
  }
  for (const want of spec.identities)
    if (!seen.has(want.cloud))
      add({
        severity: "medium",
        code: "esc-login-changed",
        subject: `environment:${me.key} login:${want.cloud}`,
        message: `login environment ${me.key} has no ${want.cloud} login, declared at ${want.path}: its stacks get no ${want.cloud} credentials`,
        declared: want.role,
      });
}
