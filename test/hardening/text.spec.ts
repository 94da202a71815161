/**
 * Issue 14, classes 1, 2, 8 and 9: text that only looks present, unbounded elevation, token
 * lifetimes longer than any job needs, and credentials in webhook URLs. Each case is a hostile
 * edit of the prod example planned through the command line (see ./support.ts).
 */
import { assertAccepted, assertRefused, breakGlass, key, planEdited } from "./support";

const JUSTIFICATION = "tiers[2].roles.oncall.breakGlass.justification";

describe("hardening: text that only looks present (class 1)", () => {
  const cases: [string, string][] = [
    ["zero-width spaces", "\u200b".repeat(40)],
    ["no-break, em and ideographic spaces", "\u00a0\u2003\u3000\u2007".repeat(10)],
    ["Hangul fillers and the braille blank", "\u3164\u2800\u115f\u1160".repeat(8)],
    ["joiners, word joiners and variation selectors", "\u200d\u2060\ufe0f\u180e".repeat(8)],
    ["tag characters", "\u{E0041}\u{E0042}\u{E0043}".repeat(10)],
    ["combining marks alone", "\u0301\u0302\u0303".repeat(10)],
  ];
  for (const [what, text] of cases)
    it(`refuses a break-glass justification of ${what}`, async () => {
      const run = await planEdited((d) => (breakGlass(d).justification = text));
      assertRefused(run, JUSTIFICATION, "at least 20 visible characters", "this has 0");
    });

  it("refuses a few words padded to length with invisible characters", async () => {
    const run = await planEdited((d) => (breakGlass(d).justification = "ok" + "\u200b".repeat(40)));
    assertRefused(run, JUSTIFICATION, "this has 2");
  });

  it("refuses punctuation posing as a justification", async () => {
    const run = await planEdited((d) => (breakGlass(d).justification = "-=".repeat(20)));
    assertRefused(run, JUSTIFICATION, "letters or digits");
  });

  it("refuses bidirectional overrides that make the text read differently", async () => {
    const text = "On-call may open prod \u202eSEC-7 koobnur\u202c during incidents";
    const run = await planEdited((d) => (breakGlass(d).justification = text));
    assertRefused(run, JUSTIFICATION, "bidirectional control characters");
  });

  it("applies the same rule to a repository-admin break-glass", async () => {
    const run = await planEdited((d) => {
      d.config[key.roles].maintainer = {
        repository: "admin",
        breakGlass: { justification: "\u2800".repeat(30) },
      };
    });
    assertRefused(run, "roles.maintainer.breakGlass.justification", "visible characters");
  });

  it("refuses bidirectional controls in descriptions reviewers read", async () => {
    const run = await planEdited(
      (d) => (d.config[key.teams][1].description = "Payments\u2066 team"),
    );
    assertRefused(run, "teams[1].description", "bidirectional control characters");
  });

  it("accepts a justification in any script", async () => {
    const run = await planEdited(
      (d) =>
        (breakGlass(d).justification =
          "本番障害の宣言中のみ、当番が本番の認証情報を読みます（SEC-7）"),
    );
    assertAccepted(run);
  });
});

describe("hardening: unbounded elevation (class 2)", () => {
  // Issue 28: the bound is maxDuration (maxOpenDuration is its former name).
  const DURATION = "tiers[2].roles.oncall.breakGlass.maxDuration";
  it("refuses a break-glass session of thousands of hours", async () => {
    const run = await planEdited((d) => (breakGlass(d).maxDuration = "5000h"));
    assertRefused(run, DURATION, "longer than 24h");
  });

  it("refuses one just over a day, written in minutes", async () => {
    const run = await planEdited((d) => (breakGlass(d).maxDuration = "1441m"));
    assertRefused(run, DURATION, "longer than 24h");
  });

  it("refuses a zero bound, which a service may read as no limit", async () => {
    for (const zero of ["0m", "0h", "0h0m"]) {
      const run = await planEdited((d) => (breakGlass(d).maxDuration = zero));
      assertRefused(run, DURATION, "not zero");
    }
  });

  it("refuses leading zeros that hide a large number", async () => {
    const run = await planEdited((d) => (breakGlass(d).maxDuration = "0001h"));
    assertRefused(run, DURATION, "no leading zeros");
  });

  it("refuses an elevated environment grant without a bound", async () => {
    const run = await planEdited((d) => delete breakGlass(d).maxDuration);
    assertRefused(run, DURATION, "is required", 'environment "open" is an elevated grant');
  });

  it("refuses a bound above the organization's lower cap", async () => {
    const run = await planEdited((d) => {
      d.config[key.defaults].maxBreakGlassDuration = "30m";
      breakGlass(d).maxDuration = "1h";
    });
    assertRefused(run, DURATION, "longer than defaults.maxBreakGlassDuration");
  });

  it("refuses a cap above a day", async () => {
    const run = await planEdited((d) => (d.config[key.defaults].maxBreakGlassDuration = "48h"));
    assertRefused(run, "defaults.maxBreakGlassDuration", "longer than 24h");
  });
});

describe("hardening: token lifetime (class 8)", () => {
  for (const seconds of [3601, 7200, 43200, 86400])
    it(`refuses an issuer lifetime of ${seconds} seconds (jobs ask for at most 3600)`, async () => {
      const run = await planEdited((d) => (d.config[key.oidc].maxExpirationSeconds = seconds));
      assertRefused(run, "oidc.maxExpirationSeconds", "at most 3600 seconds");
    });
});

describe("hardening: credentials in webhook URLs (class 9)", () => {
  const URL_PATH = "audit.webhooks[0].url";
  const cases: [string, string, string][] = [
    ["user info", "https://bot:hunter2@hooks.example.com/pulumi", "user info"],
    ["a token in the query", "https://siem.example.com/in?token=abc123", 'query parameter "token"'],
    ["an access_token", "https://siem.example.com/in?x=1&access_token=abc", "access_token"],
    ["an API key spelled differently", "https://siem.example.com/in?Api-Key=abc", "Api-Key"],
    ["a signature", "https://x.blob.core.windows.net/c?sv=2020&sig=abc", '"sig"'],
    ["a token in the fragment", "https://siem.example.com/in#token=abc", "fragment"],
    ["a Slack webhook", "https://hooks.slack.com/services/T000/B000/XXXX", "Slack webhook URL"],
    ["a Teams webhook", "https://acme.webhook.office.com/webhookb2/x", "Microsoft Teams"],
    ["a Discord webhook", "https://discord.com/api/webhooks/1/abc", "Discord"],
  ];
  for (const [what, url, says] of cases)
    it(`refuses a webhook URL with ${what}`, async () => {
      const run = await planEdited((d) => (d.config[key.audit].webhooks[0].url = url));
      assertRefused(run, URL_PATH, says, "urlSecretConfigKey");
    });

  it("refuses a webhook with both url and urlSecretConfigKey, or neither", async () => {
    const both = await planEdited(
      (d) => (d.config[key.audit].webhooks[0].urlSecretConfigKey = "securityWebhookSecret"),
    );
    assertRefused(both, URL_PATH, "not both");
    const neither = await planEdited((d) => delete d.config[key.audit].webhooks[0].url);
    assertRefused(neither, URL_PATH, "is required");
  });

  it("accepts the URL from a secret config key, which must then be set as a secret", async () => {
    const ok = await planEdited((d) => {
      const w = d.config[key.audit].webhooks[0];
      delete w.url;
      w.urlSecretConfigKey = "slackUrl";
      d.config["secure-org:slackUrl"] = { secure: "AAABAHNsYWNr" };
    });
    assertAccepted(ok);
    const plain = await planEdited((d) => {
      const w = d.config[key.audit].webhooks[0];
      delete w.url;
      w.urlSecretConfigKey = "slackUrl";
      d.config["secure-org:slackUrl"] = "https://hooks.slack.com/services/T/B/X";
    });
    assertRefused(plain, "slackUrl", "must be a secret");
  });
});
