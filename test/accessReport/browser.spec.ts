/**
 * The access report in a real browser: the system Chromium (Debian's `chromium`), driven by
 * playwright-core, which downloads nothing. The prod example's page loads from disk with no
 * console message, no request but itself and no script; every team and project is in it; the prod
 * tier shows no standing human write or open, and the access on approval beside it; the keyboard reaches the tables and links;
 * dark mode and print change what they should; axe-core finds no accessibility violation in
 * either colour scheme. A screenshot goes to .ci/artifacts/ for CI.
 *
 * Without Chromium the tests are skipped with a message; SECURE_ORG_REQUIRE_BROWSER=1 (set by
 * .ci/run) makes that a failure. What this cannot prove: how other browsers or screen readers
 * render the page (the markup follows the standards they implement; only Chromium is run).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Page } from "playwright-core";
import { parse } from "yaml";
import { renderHtml, runPlan } from "../../plan";
import { entriesOf, ROOT, StackDoc } from "../support/examples";
import {
  Browser,
  HOSTILE,
  hostileCopy,
  launchBrowser,
  Plan,
  prodPlan,
  requireBrowser,
} from "../support/accessReport";

const ARTIFACTS = path.resolve(__dirname, "..", "..", ".ci", "artifacts");

/**
 * The 9-project org a new user wrote (test/fixtures/org9), planned against its base branch, where
 * developers had triage on GitHub and prod was approved by the platform team alone.
 */
async function org9WithBaseline() {
  const read = () =>
    parse(
      readFileSync(path.join(ROOT, "test", "fixtures", "org9", "Pulumi.org9.yaml"), "utf8"),
    ) as StackDoc;
  const base = read();
  base.config["secure-org:roles"].developer.repository = "triage";
  const prodTier = base.config["secure-org:tiers"].find((t: { name: string }) => t.name === "prod");
  prodTier.deploy.approvers = ["platform"];
  prodTier.deploy.requiredApprovals = 1;
  const before = await runPlan(entriesOf(base), "org9");
  assert.ok(before.ok);
  const now = await runPlan(entriesOf(read()), "org9", {
    baseline: { plan: before.report, file: "base.json" },
  });
  assert.ok(now.ok);
  return now;
}

interface Opened {
  readonly page: Page;
  readonly url: string;
  readonly console: string[];
  readonly requests: string[];
  readonly errors: string[];
}

/** Writes the page to a temporary file and opens it, recording what the browser does. */
async function open(browser: Browser, dir: string, name: string, html: string): Promise<Opened> {
  const file = path.join(dir, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const seen: Omit<Opened, "page" | "url"> = { console: [], requests: [], errors: [] };
  page.on("console", (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => seen.errors.push(e.message));
  page.on("dialog", (d) => {
    seen.errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => seen.requests.push(r.url()));
  await page.goto(url, { waitUntil: "load" });
  return { page, url, ...seen };
}

/** Text of every row header and column header of one tier's heatmap. */
async function headers(page: Page, tier: string) {
  const table = page.locator(`#tier-${tier} table.heat`);
  return {
    rows: await table.locator("tbody th[scope=row] .team-name").allTextContents(),
    columns: await table.locator("thead th[scope=col] .proj").allTextContents(),
    human: await table.locator("tbody tr.human").count(),
  };
}

describe("access report in Chromium", function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let dir: string;
  let plan: Plan;
  let prod: Opened;

  before(async function () {
    requireBrowser(this);
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-report-"));
    plan = await prodPlan();
    browser = await launchBrowser();
    prod = await open(browser, dir, "prod.html", renderHtml(plan));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("loads with no console message, no error and no request but the page itself", async () => {
    assert.deepEqual(prod.console, []);
    assert.deepEqual(prod.errors, []);
    assert.deepEqual(prod.requests, [prod.url]);
    assert.equal(await prod.page.locator("script, img, iframe, object, embed, link").count(), 0);
    assert.match(await prod.page.title(), /^Access report: acme \(stack prod\)$/);
  });

  it("shows every team and every project", async () => {
    const { page } = prod;
    const teams = plan.model.teams.map((t) => t.name);
    assert.deepEqual(await page.locator("#teams tbody th[scope=row]").allTextContents(), teams);
    const humans = plan.model.teams.filter((t) => t.kind === "human").map((t) => t.name);
    const shown = new Set<string>();
    for (const tier of ["dev", "staging", "prod"]) {
      const h = await headers(page, tier);
      assert.deepEqual(h.rows.slice(0, humans.length), humans, `human rows of ${tier}`);
      assert.equal(h.human, humans.length);
      h.rows.forEach((r) => shown.add(r));
      assert.deepEqual(
        h.columns,
        plan.model.stacks.filter((s) => s.tier === tier).map((s) => s.project),
      );
    }
    const withGrants = new Set(plan.model.grants.map((g) => g.team));
    for (const t of teams.filter((n) => withGrants.has(n)))
      assert.ok(shown.has(t), `${t} has a heatmap row`);
    const projects = [...new Set(plan.model.stacks.map((s) => s.project))];
    assert.deepEqual(
      await page.locator("#projects tbody th[scope=row]").allTextContents(),
      projects,
    );
  });

  it("shows no standing human write or open on prod, and sre's access on approval", async () => {
    const cells = prod.page.locator("#tier-prod table.heat tbody tr.human td");
    const texts = await cells.allTextContents();
    // Every human row covers the 3 projects (neighbouring "none" cells are merged).
    const spans = await prod.page.evaluate<number[]>(
      `[...document.querySelectorAll("#tier-prod table.heat tbody tr.human")].map((tr) =>
        [...tr.cells].slice(1).reduce((n, td) => n + td.colSpan, 0))`,
    );
    assert.deepEqual(spans, [3, 3, 3, 3, 3], "5 human teams x 3 projects");
    const elevated = texts.filter((t) => /stack (write|admin)|env (open|write|admin)/.test(t));
    // Issue 28: sre's break-glass is per use, so no human cell on prod is elevated; the access on
    // approval table beside the heatmap shows what sre may request, approved by security.
    assert.deepEqual(elevated, [], "no standing human write or open on prod");
    const onApproval = await prod.page
      .locator("#tier-prod table.on-approval tbody tr")
      .allTextContents();
    assert.equal(onApproval.length, 2, "sre's requests on payments and web");
    for (const t of onApproval)
      assert.match(t, /^sre \(role oncall\)open(payments|web)\/prod-breakglasssecurity/);
    const machine = await prod.page
      .locator("#tier-prod table.heat tbody tr.machine td")
      .allTextContents();
    assert.ok(
      machine.some((t) => t.includes("stack write")),
      "the deploy identity writes prod",
    );
  });

  it("is reachable by keyboard: skip link, table regions, finding and identity links", async () => {
    const { page } = prod;
    await page.locator("body").focus();
    const reached: string[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press("Tab");
      reached.push(
        await page.evaluate<string>(`(() => {
          const e = document.activeElement;
          if (!e) return "";
          const table = e.querySelector("table");
          if (table) return "region:" + table.className + ":" + (e.closest("section")?.id ?? "");
          return e.tagName.toLowerCase() + ":" + (e.getAttribute("href") ?? "");
        })()`),
      );
    }
    assert.equal(reached[0], "a:#main", "the skip link comes first");
    for (const tier of ["dev", "staging", "prod"])
      assert.ok(reached.includes(`region:heat:tier-${tier}`), `the ${tier} heatmap`);
    assert.ok(
      reached.some((r) => /^a:#finding-\d+$/.test(r)),
      "a finding mark",
    );
    assert.ok(
      reached.some((r) => /^a:#tier-prod$/.test(r)),
      "a finding's config path link",
    );
    assert.ok(
      reached.some((r) => /^a:#identity-/.test(r)),
      "an identity link",
    );
  });

  it("follows the OS dark mode, and prints without scroll boxes or navigation", async () => {
    const { page } = prod;
    const background = () =>
      page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
    assert.equal(await background(), "rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    assert.equal(await background(), "rgb(13, 17, 23)");
    await page.emulateMedia({ colorScheme: "light", media: "print" });
    const style = (selector: string, property: string) =>
      page.evaluate<string>(
        `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`,
      );
    assert.equal(await style("nav", "display"), "none");
    const overflow = await style("#tier-prod .scroll", "overflow");
    assert.equal(overflow, "visible");
    await page.emulateMedia({ media: "screen" });
  });

  it("passes axe-core (WCAG A and AA, best practices) in light and dark mode", async () => {
    assert.ok(browser);
    const opened = await open(browser, dir, "axe.html", renderHtml(plan));
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await opened.page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    for (const colorScheme of ["light", "dark"] as const) {
      await opened.page.emulateMedia({ colorScheme });
      const violations = await opened.page.evaluate<{ id: string; nodes: { html: string }[] }[]>(
        `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
          r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ html: n.html })) })))`,
      );
      assert.deepEqual(violations, [], colorScheme);
    }
    await opened.page.close();
  });

  it("keeps hostile text as text", async () => {
    assert.ok(browser);
    const hostile = hostileCopy(plan, { sre: `sre ${HOSTILE}` });
    const opened = await open(browser, dir, "hostile.html", renderHtml(hostile));
    assert.deepEqual(opened.errors, []);
    assert.deepEqual(opened.console, []);
    assert.equal(await opened.page.locator("script, img").count(), 0);
    const rows = await headers(opened.page, "prod");
    assert.ok(rows.rows.includes(`sre ${HOSTILE}`), "the name reads as written");
    await opened.page.close();
  });

  it("fits 1280 px: a 9-project org's page scrolls sideways nowhere, and shows its GitHub changes", async () => {
    assert.ok(browser);
    const { report, model } = await org9WithBaseline();
    assert.ok(report.accessDiff);
    const html = renderHtml({ report, model, accessDiff: report.accessDiff });
    const opened = await open(browser, dir, "org9.html", html);
    const { page } = opened;
    await page.setViewportSize({ width: 1280, height: 900 });
    const widths = await page.evaluate<{
      page: number;
      regions: { label: string; scroll: number; client: number }[];
    }>(`({
      page: document.documentElement.scrollWidth,
      regions: [...document.querySelectorAll(".scroll")].map((e) => ({
        label: e.getAttribute("aria-labelledby") ?? "",
        scroll: e.scrollWidth,
        client: e.clientWidth,
      })),
    })`);
    assert.ok(widths.page <= 1280, `the page is ${widths.page} px wide`);
    assert.ok(
      widths.regions.some((r) => r.label.startsWith("tier-prod")),
      "the prod heatmap",
    );
    for (const r of widths.regions)
      assert.ok(r.scroll <= r.client + 1, `${r.label}: ${r.scroll} px in ${r.client} px`);
    const changes = await page.locator("#changes").innerText();
    assert.match(changes, /GitHub repository permissions/);
    assert.match(changes, /raised: team checkout on services: triage -> push/);
    assert.match(
      changes,
      /changed: services environment prod: reviewers platform, branch main only -> reviewers platform, security/,
    );
    assert.match(changes, /\d+ GitHub access changes/);
    await page.close();
  });

  it("saves a screenshot for CI (.ci/artifacts/access-report.png)", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, "access-report.png");
    const png = await prod.page.screenshot({ path: file, fullPage: true });
    assert.ok(png.length > 10_000, `${png.length} bytes`);
  });

  // UPDATE_DOCS_SCREENSHOTS=1 rewrites the README's screenshots (then shrink them, e.g. with
  // `pngquant --quality 60-85 --strip`).
  it("renders the README's screenshots when asked", async function () {
    if (process.env.UPDATE_DOCS_SCREENSHOTS !== "1") this.skip();
    const page = await browser?.context.newPage();
    assert.ok(page);
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(prod.url);
    const top = await page.locator("#tier-prod").boundingBox();
    assert.ok(top);
    const docs = path.resolve(__dirname, "..", "..", "docs");
    const height = Math.ceil(top.y + top.height + 8);
    await page.screenshot({
      path: path.join(docs, "access-report.png"),
      clip: { x: 0, y: 0, width: 1100, height },
      fullPage: true,
    });
    await page
      .locator("figure.trust")
      .nth(1)
      .screenshot({
        path: path.join(docs, "access-report-trust.png"),
      });
    await page.close();
  });
});
