/** Policy: teams, tiers, projects and webhooks are each declared once (names compared case-blind). */
import { duplicates, PolicyContext } from "./shared";

export function checkDuplicateNames({ v, err }: PolicyContext): void {
  duplicates(
    v.teams.map((t) => t.name),
    "teams",
    "team",
    err,
  );
  duplicates(
    v.tiers.map((t) => t.name),
    "tiers",
    "tier",
    err,
  );
  duplicates(
    v.projects.map((p) => p.name),
    "projects",
    "project",
    err,
  );
  duplicates(
    v.webhooks.map((w) => w.name),
    "audit.webhooks",
    "webhook",
    err,
  );
}
