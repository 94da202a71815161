/**
 * Shared by the access report specs (test/accessReport/*.spec.ts): the prod example's plan, run
 * once in-process under mocks; a copy of any plan with hostile text in place of names and free
 * text; helpers that read a rendered page; and the system Chromium, driven by playwright-core
 * (which never downloads a browser), skipped when missing unless SECURE_ORG_REQUIRE_BROWSER=1.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BrowserContext, chromium } from "playwright-core";
import { AccessModel } from "../../model/access";
import { PlanReport, runPlan } from "../../plan";
import { ConfigEntry } from "../../model/load";
import { entriesOf, exampleDoc } from "./examples";

export interface Plan {
  readonly report: PlanReport;
  readonly model: AccessModel;
}

let prod: Promise<Plan> | undefined;

/** The prod example's plan (computed once per test process). */
export function prodPlan(): Promise<Plan> {
  prod ??= planOf(entriesOf(exampleDoc("prod")), "prod");
  return prod;
}

export async function planOf(entries: Record<string, ConfigEntry>, stack: string): Promise<Plan> {
  const r = await runPlan(entries, stack);
  if (!r.ok) throw new Error(`invalid config: ${JSON.stringify(r.errors)}`);
  return { report: r.report, model: r.model };
}

/** Markup, quotes and ampersands that must come out as text. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&amp;`;

/**
 * The plan with every occurrence of the given words in any string (names, reasons, messages,
 * paths) replaced, as if the config's name rules had let anything through: the renderer must
 * escape on its own.
 */
export function hostileCopy(plan: Plan, words: Readonly<Record<string, string>>): Plan {
  const pattern = new RegExp(`\\b(${Object.keys(words).join("|")})\\b`, "g");
  return JSON.parse(JSON.stringify(plan), (_k, v: unknown) =>
    typeof v === "string" ? v.replace(pattern, (w) => words[w]) : v,
  ) as Plan;
}

/** Elements and attributes the report may use; anything else in a page is an injection. */
const TAGS = new Set(
  (
    "html head meta title style body a header nav ul ol li main section h1 h2 h3 p div span b " +
    "strong small code table caption thead tbody tr th td figure figcaption details summary " +
    "svg defs marker path g rect text"
  ).split(" "),
);
const ATTRIBUTES = new Set(
  (
    "lang charset http-equiv content name class href id tabindex role aria-labelledby aria-label " +
    "aria-hidden focusable scope title value viewBox refX refY markerWidth markerHeight orient d " +
    "width height x y rx marker-end colspan"
  ).split(" "),
);

/**
 * Every tag of a page is one the report writes, with only its attributes, each double-quoted, and
 * no `<` is left outside tags (escaped text has none). Returns the tag names seen.
 */
export function assertOnlyReportMarkup(html: string): Set<string> {
  const seen = new Set<string>();
  const body = html.replace(/^<!doctype html>/, "");
  const tag = /<\/?([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*?)?)\/?>/g;
  for (const [whole, name, attrs] of body.matchAll(tag)) {
    assert.ok(TAGS.has(name), `unexpected element in ${whole}`);
    seen.add(name);
    const rest = attrs.replace(/\s([A-Za-z-]+)="([^"<>]*)"/g, (_m, a: string) => {
      assert.ok(ATTRIBUTES.has(a), `unexpected attribute ${a} in ${whole}`);
      return "";
    });
    assert.match(rest, /^\s*$/, `malformed attributes in ${whole}`);
  }
  assert.doesNotMatch(body.replace(tag, ""), /</, "a < outside a tag");
  return seen;
}

/** Every `id="..."` of a page. */
export const idsOf = (html: string): string[] =>
  [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);

/** Every `href` of a page. */
export const hrefsOf = (html: string): string[] =>
  [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);

// ---------------------------------------------------------------------------------------------
// The browser.

export const CHROMIUM = process.env.SECURE_ORG_CHROMIUM ?? "/usr/bin/chromium";

/** The launch flags: headless, no sandbox (containers), nothing that talks to Google. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Skips the test without Chromium, or fails it when SECURE_ORG_REQUIRE_BROWSER=1 (CI). */
export function requireBrowser(test: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env.SECURE_ORG_REQUIRE_BROWSER === "1")
    assert.fail(`no Chromium at ${CHROMIUM} and SECURE_ORG_REQUIRE_BROWSER=1`);
  console.warn(
    `      no Chromium at ${CHROMIUM}: skipping the browser tests (apt-get install chromium)`,
  );
  test.skip();
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** The system Chromium with a fresh profile directory, removed on close. */
export async function launchBrowser(colorScheme: "light" | "dark" = "light"): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "secure-org-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    colorScheme,
    offline: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
