/**
 * Issue 24, item 2: which issuer an Azure DevOps service connection uses (Azure DevOps or
 * Microsoft Entra), and configs that mix them up. Hostile edits of the multi-ci example through the
 * command line (see ./support.ts).
 */
import assert from "node:assert/strict";
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const LEDGER = 2;
const TENANT = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const SUBJECT = "/eid1/c/pub/t/AbCdEf_gh-12/a/ZyXw_v-98/sc/6f1c2d3e/2e8c0d3a";
const PROD = `projects[${LEDGER}].tiers.prod.azureDevops.serviceConnection`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sc = (d: StackDoc, tier = "prod", which = "serviceConnection"): any =>
  d.config[key.projects][LEDGER].tiers[tier].azureDevops[which];

describe("hardening: Azure DevOps service connection issuers (issue 24, item 2)", () => {
  it("accepts an Entra connection with its tenant, verbatim subject and matching issuerUrl", async () => {
    const run = await planEdited((d) => {
      Object.assign(sc(d), {
        issuer: "entra",
        tenantId: TENANT,
        subject: SUBJECT,
        issuerUrl: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      });
    }, "multi-ci");
    assertAccepted(run);
    assert.ok(
      run.stdout.includes(`https://login.microsoftonline.com/${TENANT}/v2.0`),
      "Entra issuer in the plan",
    );
  });

  it("refuses an Entra connection without tenantId", async () => {
    const run = await planEdited(
      (d) => Object.assign(sc(d), { issuer: "entra", subject: SUBJECT }),
      "multi-ci",
    );
    assertRefused(run, `${PROD}.tenantId`, "needs tenantId");
  });

  it("refuses an Entra connection without its subject (never derived: no source gives its format)", async () => {
    const run = await planEdited(
      (d) => Object.assign(sc(d), { issuer: "entra", tenantId: TENANT }),
      "multi-ci",
    );
    assertRefused(run, `${PROD}.subject`, "copied verbatim");
  });

  it("refuses tenantId and subject on an Azure DevOps issuer connection", async () => {
    const run = await planEdited(
      (d) => Object.assign(sc(d), { tenantId: TENANT, subject: SUBJECT }),
      "multi-ci",
    );
    assertRefused(run, `${PROD}.tenantId`, "add issuer: entra");
    assertRefused(run, `${PROD}.subject`, "only for the Microsoft Entra issuer");
  });

  for (const subject of ["sc://acme/ledger/pulumi-ledger-prod", "SC://acme/ledger/x"])
    it(`refuses the Azure DevOps subject ${subject} under the Entra issuer`, async () => {
      const run = await planEdited(
        (d) => Object.assign(sc(d), { issuer: "entra", tenantId: TENANT, subject }),
        "multi-ci",
      );
      assertRefused(run, `${PROD}.subject`, "Azure DevOps issuer's subject");
    });

  for (const subject of [
    `${SUBJECT}.x`,
    `${SUBJECT}*`,
    `${SUBJECT}?`,
    `${SUBJECT}\u202e`,
    `${SUBJECT} `,
    "eid1/no-slash",
  ])
    it(`refuses the Entra subject ${JSON.stringify(subject)} (wildcard, invisible or malformed)`, async () => {
      const run = await planEdited(
        (d) => Object.assign(sc(d), { issuer: "entra", tenantId: TENANT, subject }),
        "multi-ci",
      );
      assertRefused(run, `${PROD}.subject`, "not a subject this program pins");
    });

  it("refuses an issuerUrl of the other issuer", async () => {
    const run = await planEdited(
      (d) =>
        Object.assign(sc(d), { issuerUrl: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      "multi-ci",
    );
    assertRefused(run, `${PROD}.issuerUrl`, "set issuer: entra");
  });

  it("refuses an Entra issuerUrl naming another tenant", async () => {
    const run = await planEdited(
      (d) =>
        Object.assign(sc(d), {
          issuer: "entra",
          tenantId: TENANT,
          subject: SUBJECT,
          issuerUrl: "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0",
        }),
      "multi-ci",
    );
    assertRefused(run, `${PROD}.issuerUrl`, "is not the issuer");
  });

  it("refuses two connections of one organization with the same Entra subject", async () => {
    const run = await planEdited((d) => {
      Object.assign(sc(d), { issuer: "entra", tenantId: TENANT, subject: SUBJECT });
      Object.assign(sc(d, "staging"), {
        issuer: "entra",
        tenantId: TENANT,
        subject: SUBJECT.toUpperCase(),
      });
    }, "multi-ci");
    assertRefused(run, `${PROD}.subject`, "one subject is one service connection");
  });

  it("refuses an unknown issuer keyword", async () => {
    const run = await planEdited((d) => Object.assign(sc(d), { issuer: "Entra" }), "multi-ci");
    assertRefused(run, `${PROD}.issuer`);
  });
});
