/**
 * The HTML access report as text: self-contained (no script, no request), escaped, every link
 * resolving to an element, table semantics, the findings and the access diff where they belong,
 * and the pure helpers (markup, ids, wrapping, merged contexts). The browser spec renders it.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CONTENT_SECURITY_POLICY, renderHtml } from "../../plan";
import { AccessDiff } from "../../plan/accessDiff";
import { wrap } from "../../plan/html/graph";
import { esc, h, Ids, joinHtml } from "../../plan/html/markup";
import { STYLE } from "../../plan/html/style";
import { mergeContexts } from "../../plan/html/trust";
import { buildView, covers, reasonPaths } from "../../plan/html/view";
import { syntheticConfig, syntheticEntries } from "../../bench/synthetic";
import {
  assertOnlyReportMarkup,
  HOSTILE,
  hostileCopy,
  hrefsOf,
  idsOf,
  Plan,
  planOf,
  prodPlan,
} from "../support/accessReport";
import { entriesOf, exampleDoc, key } from "../support/examples";

/** Checks every page must pass: self-contained, links resolve, ids unique, tables captioned. */
function assertWellFormed(html: string): void {
  const tags = assertOnlyReportMarkup(html);
  for (const t of ["script", "img", "iframe", "link", "base"]) assert.ok(!tags.has(t), t);
  assert.doesNotMatch(html, /url\((?!#arrow-(ok|bad)\))/, "no url() but the arrowheads");
  const ids = idsOf(html);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  for (const href of hrefsOf(html)) {
    assert.match(href, /^#[A-Za-z0-9_-]+$/, `only links within the page: ${href}`);
    assert.ok(ids.includes(href.slice(1)), `link ${href} has a target`);
  }
  const tables = html.match(/<table[\s>]/g) ?? [];
  assert.equal(
    (html.match(/<caption[\s>]/g) ?? []).length,
    tables.length,
    "every table has a caption",
  );
  for (const th of html.match(/<th(?:\s[^>]*)?>/g) ?? [])
    assert.match(th, /\sscope="(col|row)"/, `header cell without scope: ${th}`);
}

describe("access report (HTML)", function () {
  this.timeout(120_000);
  let plan: Plan;
  let html: string;
  before(async () => {
    plan = await prodPlan();
    html = renderHtml(plan);
  });

  it("is one self-contained page under 1 MB with a CSP that allows only its stylesheet", () => {
    assert.ok(html.startsWith('<!doctype html>\n<html lang="en">'));
    assert.ok(Buffer.byteLength(html) < 1_000_000, `${Buffer.byteLength(html)} bytes`);
    assertWellFormed(html);
    const hash = createHash("sha256").update(STYLE).digest("base64");
    assert.equal(
      CONTENT_SECURITY_POLICY,
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    assert.ok(html.includes(`content="${CONTENT_SECURITY_POLICY.replace(/'/g, "&#39;")}"`));
    assert.ok(html.includes(`<style>${STYLE}</style>`), "the hashed text is the style element's");
    assert.equal((html.match(/<style>/g) ?? []).length, 1);
    assert.doesNotMatch(html, /\sstyle="/, "no style attributes (the CSP would block them)");
  });

  it("is deterministic", () => assert.equal(renderHtml(plan), html));

  it("has a heatmap per tier with every human team, the tier's machine teams and projects", () => {
    const view = buildView(plan);
    assert.deepEqual(
      view.tiers.map((t) => t.name),
      ["dev", "staging", "prod"],
    );
    const humans = plan.model.teams.filter((t) => t.kind === "human").map((t) => t.name);
    for (const tier of view.tiers) {
      const machine = [
        ...new Set(
          plan.model.grants
            .filter((g) => g.tier === tier.name && g.identity === "machine")
            .map((g) => g.team),
        ),
      ];
      assert.deepEqual(
        tier.rows.map((r) => r.label),
        [...humans, ...machine],
      );
      assert.deepEqual(
        tier.columns.map((c) => c.project),
        plan.model.stacks.filter((s) => s.tier === tier.name).map((s) => s.project),
      );
      const section = html.slice(html.indexOf(`id="${tier.id}"`));
      for (const name of [...humans, ...machine])
        assert.ok(section.includes(`<span class="team-name">${name}</span>`), name);
    }
  });

  it("shows human write or open on the protected tier only with a break-glass mark", () => {
    const prod = buildView(plan).tiers.find((t) => t.name === "prod");
    assert.ok(prod?.protected);
    let breakGlass = 0;
    for (const row of prod.rows.filter((r) => r.kind === "human"))
      for (const e of [...row.cells.values()].flat()) {
        const g = e.grant;
        assert.ok(g);
        if (
          g.stackPermission === "write" ||
          g.stackPermission === "admin" ||
          (g.environmentPermission !== "none" && g.environmentPermission !== "read")
        ) {
          assert.ok(g.breakGlass, `${row.label} on ${g.project}`);
          breakGlass++;
        }
      }
    // Issue 28: oncall (sre) is per use, so no human holds standing open on prod at all ...
    assert.equal(breakGlass, 0, "no standing human write or open on prod");
    assert.equal((html.match(/break-glass \(max 1h\)/g) ?? []).length, 0);
    // ... and the access on approval sits beside the heatmap: who may request what, approved by
    // whom, for how long.
    const table = html.slice(
      html.indexOf('<table class="on-approval">'),
      html.indexOf("</table>", html.indexOf('<table class="on-approval">')),
    );
    assert.match(table, /Tier prod: access on approval, each use/);
    for (const env of ["payments/prod-breakglass", "web/prod-breakglass"])
      assert.match(
        table,
        new RegExp(
          `<tr><td>sre \\(role oncall\\)</td><td>open</td><td>${env}</td><td>security, never the requester or a member of the requesting team</td><td>1</td><td>1h</td>`,
        ),
      );
  });

  it("links every finding to where its config path shows and marks it where it applies", () => {
    const view = buildView(plan);
    const byPath = new Map(view.findings.map((f) => [f.finding.path, f]));
    const oncall = byPath.get("tiers[2].roles.oncall");
    assert.ok(oncall);
    assert.deepEqual(view.targetOf.get(oncall), { id: "tier-prod", label: "tier prod" });
    // Per use: sre has no standing cell on prod; the finding points at the tier (its access on
    // approval table).
    assert.deepEqual(view.related.get(oncall), [{ id: "tier-prod-cap", label: "tier prod" }]);
    const maintainer = byPath.get("tiers[2].roles.maintainer.stack");
    assert.ok(maintainer);
    assert.equal(view.related.get(maintainer)?.length, 3, "platform on every prod project");
    const deployments = byPath.get("projects[1].tiers.prod");
    assert.ok(deployments);
    assert.deepEqual(view.targetOf.get(deployments)?.label, "pipeline web/prod");
    assert.deepEqual(
      view.related.get(deployments)?.map((r) => r.label),
      ["project web on tier prod"],
    );
    // A finding about a whole project is marked on the project's columns.
    const bootstrap = byPath.get("projects[2]");
    assert.ok(bootstrap);
    assert.deepEqual(view.targetOf.get(bootstrap)?.label, "project secure-org");
    assert.deepEqual(
      view.related.get(bootstrap)?.map((r) => r.label),
      ["project secure-org on tier prod"],
    );
    for (const f of view.findings) {
      assert.ok(html.includes(`<li id="${f.id}" value="${f.n}"`), f.id);
      assert.ok(html.includes(`href="#${f.id}"`), `${f.id} is marked somewhere`);
    }
  });

  it("says how many of what in the summary line", () => {
    const summary = html.slice(
      html.indexOf('<ul class="summary">'),
      html.indexOf("</ul>", html.indexOf('<ul class="summary">')),
    );
    assert.match(
      summary,
      new RegExp(`<strong>${plan.report.summary.resources}</strong> resources`),
    );
    // Only grants that decrypt secrets count (issue 26): on prod platform's 3 (stack read
    // decrypts the stack's config) and sre's 2 (env open, break-glass); security's 3 (env read
    // only) decrypt nothing and are not counted.
    assert.match(
      summary,
      /<strong>5<\/strong> human grants on protected tiers that decrypt secrets \(<strong>2<\/strong> break-glass; 3 read-only not counted\)/,
    );
    // The legend says which permissions decrypt secrets, and that env read does not.
    const legend = html.slice(
      html.indexOf('<p id="decrypts">'),
      html.indexOf("</p>", html.indexOf('<p id="decrypts">')),
    );
    assert.match(legend, /stack:decrypt/);
    assert.match(legend, /env <span class="p l2">open<\/span>.*decrypt the environment's secrets/s);
    assert.match(
      legend,
      /env <span class="p l1">read<\/span> shows the environment's definition only, never a\s+secret value/,
    );
    assert.match(
      summary,
      new RegExp(`<strong>${plan.model.identities.length}</strong> machine identities`),
    );
    assert.match(summary, /<strong>2<\/strong> organization admins<\/a> \(above every grant\)/);
    // The admins hold everything without a grant: the page says so above the heatmaps.
    assert.ok(
      html.includes("2 organization admins (alice, bob), who can do anything on every tier"),
    );
    assert.match(html, /<th scope="row">alice<\/th><td><strong>admin<\/strong>/);
    for (const s of ["high", "medium", "low", "info"]) {
      const n = plan.report.findings.filter((f) => f.severity === s).length;
      assert.match(summary, new RegExp(`href="#findings-${s}"><strong>${n}</strong> ${s}`));
    }
    assert.doesNotMatch(html, /id="changes"/, "no diff, no changes section");
  });

  it("draws every simulated context once per sub-format pair, denied ones greyed", () => {
    const contexts = plan.report.oidc.contexts;
    const merged = [...new Set(contexts.map((c) => c.pipeline))].flatMap((p) =>
      mergeContexts(contexts.filter((c) => c.pipeline === p)),
    );
    assert.equal(merged.length * 2, contexts.length, "both formats agree on every context here");
    const drawn = html.match(/<g class="ctx (ok|denied|bad)">/g) ?? [];
    assert.equal(drawn.length, merged.length);
    assert.equal(
      drawn.filter((d) => d.includes("denied")).length,
      merged.filter((m) => m.tokens.length === 0).length,
    );
    assert.equal(drawn.filter((d) => d.includes("bad")).length, 0, "no unexpected token here");
    assert.ok(html.includes('id="pipeline-web-prod"'), "pipelines without OIDC are listed");
  });
});

describe("access report: hostile text", function () {
  this.timeout(120_000);

  it("escapes free text from the config (descriptions, justifications)", async () => {
    const doc = exampleDoc("prod");
    doc.config[key.teams][0].description = `Platform ${HOSTILE}`;
    doc.config[key.tiers][2].roles.oncall.breakGlass.justification =
      `Incidents only </style><script>alert(2)</script> & "quoted" 'single' (SEC-7)`;
    const html = renderHtml(await planOf(entriesOf(doc), "prod"));
    assertWellFormed(html);
    assert.ok(html.includes(`Platform ${esc(HOSTILE)}</td>`));
    assert.ok(
      html.includes(
        "Incidents only &lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39; (SEC-7)",
      ),
    );
  });

  it("escapes names, paths and messages even where the config's name rules would refuse them", async () => {
    const plan = hostileCopy(await prodPlan(), {
      sre: `sre"><script>alert(1)</script>`,
      web: "web&<b>x</b>",
      payments: "pay'ments onload=alert(3)",
    });
    const html = renderHtml(plan);
    assertWellFormed(html);
    assert.ok(html.includes("sre&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("web&amp;&lt;b&gt;x&lt;/b&gt;"));
    assert.ok(html.includes("pay&#39;ments onload=alert(3)"));
    assert.doesNotMatch(html, /<b>x<\/b>/);
  });
});

describe("access report: access diff (plan --baseline)", function () {
  this.timeout(120_000);
  const before = { stackPermission: "none", environmentPermission: "read" };
  const diff: AccessDiff = {
    baseline: `main <abc> & "approved"`,
    grants: [
      {
        change: "raised",
        tier: "prod",
        team: "platform",
        kind: "human",
        project: "payments",
        before,
        after: { stackPermission: "read", environmentPermission: "read" },
      },
      {
        change: "removed",
        tier: "dev",
        team: "web",
        kind: "human",
        project: "payments",
        before: { stackPermission: "write", environmentPermission: "open" },
      },
      {
        change: "removed",
        tier: "prod",
        team: "contractors",
        kind: "human",
        project: "web",
        before,
      },
      {
        change: "added",
        tier: "staging",
        team: "payments-staging-deploy",
        kind: "machine",
        project: "payments",
        after: { stackPermission: "write", environmentPermission: "open" },
      },
    ],
    members: [{ change: "added", team: "sre", member: "mallory" }],
    tokens: [
      {
        pipeline: "payments/prod",
        context: "deploy: push to main in environment prod [legacy sub]",
        gained: ["team:payments-prod-deploy"],
        lost: [],
      },
    ],
  };

  it("lists every change, links each grant change to its marked cell, and counts them", async () => {
    const plan = await prodPlan();
    const html = renderHtml({ ...plan, accessDiff: diff });
    assertWellFormed(html);
    assert.ok(
      html.includes(
        '<h2 id="changes-h">Access changes since main &lt;abc&gt; &amp; &quot;approved&quot;</h2>',
      ),
    );
    assert.match(html, /<strong>4<\/strong> access changes<\/a> since the baseline/);
    const table = html.slice(
      html.indexOf('id="changes-cap"'),
      html.indexOf("</table>", html.indexOf('id="changes-cap"')),
    );
    const rows =
      table.match(
        /<tr class="chg-[a-z]+"><th scope="row">[a-z]+<\/th>.*?<a href="#(cell-[^"]+)">/g,
      ) ?? [];
    assert.equal(rows.length, 4, "every grant change links to a cell");
    assert.ok(html.includes("raised (was stack none, env read)"));
    assert.ok(html.includes("removed (was stack write, env open)"));
    assert.ok(html.includes("added since the baseline"));
    assert.ok(html.includes("mallory"));
    assert.ok(html.includes("now obtains team:payments-prod-deploy"));
    const view = buildView({ ...plan, accessDiff: diff });
    const prod = view.tiers.find((t) => t.name === "prod");
    const gone = prod?.rows.find((r) => r.label === "contractors");
    assert.ok(gone?.removed, "a team no longer declared gets a row of its own");
    assert.equal(gone.cells.get("web")?.[0].change?.change, "removed");
    const dev = view.tiers.find((t) => t.name === "dev");
    const web = dev?.rows.find((r) => r.label === "web")?.cells.get("payments");
    assert.deepEqual(
      web?.map((e) => [e.grant, e.change?.change]),
      [[undefined, "removed"]],
    );
  });
});

describe("access report: a larger org (synthetic, 4 projects)", function () {
  this.timeout(180_000);

  it("groups machine teams of one purpose into one row, naming each team in its cell", async () => {
    const plan = await planOf(syntheticEntries(syntheticConfig(4)), "prod");
    const html = renderHtml(plan);
    assertWellFormed(html);
    const view = buildView(plan);
    for (const tier of view.tiers) {
      const machine = [
        ...new Set(
          plan.model.grants
            .filter((g) => g.tier === tier.name && g.identity === "machine")
            .map((g) => g.team),
        ),
      ];
      const shown = tier.rows.flatMap((r) =>
        r.kind === "machine" ? [...r.cells.values()].flat().map((e) => e.team) : [],
      );
      assert.deepEqual(new Set(shown), new Set(machine), tier.name);
      for (const r of tier.rows.filter((x) => x.grouped))
        assert.match(r.label, /^(deploy|preview|drift) identities \(\d+ machine teams\)$/);
    }
    const staging = view.tiers.find((t) => t.name === "staging");
    assert.ok(staging?.rows.some((r) => r.grouped && r.label.startsWith("deploy identities")));
    assert.ok(html.includes('<span class="who">svc-000-staging-deploy</span>'));
  });
});

describe("access report helpers", () => {
  it("h escapes text and keeps its own markup; joinHtml escapes the separator", () => {
    const name = `<b>&"'`;
    assert.equal(
      h`<td title="${name}">${name}</td>`.text,
      '<td title="&lt;b&gt;&amp;&quot;&#39;">&lt;b&gt;&amp;&quot;&#39;</td>',
    );
    assert.equal(
      h`<p>${h`<i>${name}</i>`}${[1, "<", null, undefined, false, true]}</p>`.text,
      "<p><i>&lt;b&gt;&amp;&quot;&#39;</i>1&lt;</p>",
    );
    assert.equal(joinHtml([h`<i>a</i>`, "", h``, null, "<"], " & ").text, "<i>a</i> &amp; &lt;");
  });

  it("Ids: stable per key, unique across keys that slug alike, only safe characters", () => {
    const ids = new Ids();
    assert.equal(ids.id("team", "a/b"), "team-a-b");
    assert.equal(ids.id("team", "a-b"), "team-a-b-2");
    assert.equal(ids.id("team", "a/b"), "team-a-b");
    assert.equal(ids.id("team", `"><script>`), "team-script");
    assert.equal(ids.id("team", "<>"), "team-x");
    assert.equal(ids.find("team", "a-b"), "team-a-b-2");
    assert.equal(ids.find("team", "nope"), undefined);
  });

  it("covers and reasonPaths read config paths", () => {
    assert.ok(covers("tiers[2].roles.oncall", "tiers[2].roles.oncall"));
    assert.ok(covers("tiers[2].roles.maintainer", "tiers[2].roles.maintainer.stack"));
    assert.ok(covers("teams[1]", "teams[1][0]"));
    assert.ok(!covers("tiers[2].roles.on", "tiers[2].roles.oncall"));
    assert.ok(!covers("teams[1]", "teams[10]"));
    assert.deepEqual(
      reasonPaths(
        'teams[0].access["*"] = maintainer; tiers[2].roles.maintainer = stack read, environment read',
      ),
      ['teams[0].access["*"]', "tiers[2].roles.maintainer"],
    );
  });

  it("wrap breaks at spaces, and inside words longer than a line", () => {
    assert.deepEqual(wrap("push to main in environment prod", 12), [
      "push to main",
      "in",
      "environment",
      "prod",
    ]);
    assert.deepEqual(wrap("abcdefghij kl", 4), ["abcd", "efgh", "ij", "kl"]);
    assert.deepEqual(wrap("", 10), [""]);
  });

  it("mergeContexts merges the two sub formats only when they agree, and flags unexpected tokens", () => {
    const row = (context: string, tokens: string[], expected: string[]) => ({
      pipeline: "p",
      context,
      claims: {},
      tokens,
      expected,
    });
    const merged = mergeContexts([
      row("deploy: push [legacy sub]", ["team:a"], ["team:a"]),
      row("deploy: push [immutable sub]", ["team:a"], ["team:a"]),
      row("preview: pr [legacy sub]", ["team:b"], []),
      row("preview: pr [immutable sub]", [], []),
    ]);
    assert.deepEqual(
      merged.map((m) => [m.label, m.formats, m.tokens, m.unexpected]),
      [
        ["deploy: push", ["legacy", "immutable"], ["team:a"], []],
        ["preview: pr", ["legacy"], ["team:b"], ["team:b"]],
        ["preview: pr", ["immutable"], [], []],
      ],
    );
  });
});
