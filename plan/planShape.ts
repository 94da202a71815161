/**
 * The parts of the plan report that the access diff reads and the renderings share (plan/report.ts
 * re-exports them): the access matrix, the OIDC section, team members and a rendering's style.
 */
import { CiSystem } from "../model/config";
import { ContextRow, GithubIds, OidcPolicy } from "../model/oidc";

export interface AccessRow {
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly role?: string;
  readonly project: string;
  readonly stack: string;
  readonly stackPermission: string;
  readonly environment: string;
  readonly environmentPermission: string;
  readonly breakGlass?: string;
  readonly maxOpenDuration?: string;
  /**
   * `standing`: held at any moment; `on-approval`: per-use break-glass, usable only through an
   * open request approved by `approvers` (docs/break-glass.md).
   */
  readonly access: "standing" | "on-approval";
  readonly approvers?: readonly string[];
  readonly requiredApprovals?: number;
}

/** One tier of the access matrix. */
export interface PlanAccessTier {
  readonly tier: string;
  readonly protected: boolean;
  readonly rows: readonly AccessRow[];
}

/** The plan's OIDC section. */
export interface PlanOidc {
  readonly issuer: string;
  readonly maxExpirationSeconds: number;
  readonly githubIds: GithubIds;
  readonly policies: readonly OidcPolicy[];
  readonly contexts: readonly ContextRow[];
  /** Every issuer (the default CI's first, then one per issuer URL of the other CIs). */
  readonly issuers: readonly {
    ci: CiSystem;
    name: string;
    url: string;
    policies: readonly OidcPolicy[];
  }[];
}

export interface PlanMember {
  readonly team: string;
  readonly login: string;
  readonly service: "pulumi" | "github";
  readonly human: boolean;
}

/** How a rendering lays out headings, tables and list items. */
export interface Style {
  readonly md: boolean;
  readonly heading: (s: string) => string;
  readonly table: (headers: string[], rows: string[][]) => string[];
  /** Prefix of a placeholder or generated-file line. */
  readonly item: string;
  /** A value as the rendering shows it: as is in text, inert in Markdown (plan/markdownText.ts). */
  readonly esc: (s: string) => string;
}
