/**
 * What a CI unit (model/ci/<ci>/unit.ts) declares about its CI for the config and the tools: its
 * system name, its identity block on a project tier, the repository hosts it builds from, the
 * pipeline file it reads, and how users may spell it. The registry (model/ci/registry.ts) lists
 * the units; everything that lists CIs derives from it.
 */
import type { z } from "zod";

export interface CiFacts {
  /** The value of a project tier's `ci:`. */
  readonly system: string;
  /** The config key of its identity block on a project tier. */
  readonly blockKey: string;
  /** Its identity block. */
  readonly block: z.ZodTypeAny;
  /** The repository hosts its projects may live on ("any": every host the registry knows). */
  readonly hosts: readonly string[] | "any";
  /** The repository host a project on this CI is assumed to live on when none is declared. */
  readonly impliedHost?: string;
  /** That host's domain, as other CIs name repositories on it (`<domain>/<owner>/<repository>`). */
  readonly impliedHostDomain?: string;
  /**
   * Whether it has a pull-request preview route by default (false: previews only where the project
   * tier asks for them, and validation then refuses them).
   */
  readonly previewRoute: boolean;
  /** The pipeline file it reads, one per repository. */
  readonly pipelineFile: string;
  /**
   * Whether its generated jobs run in the Pulumi image (`secure-org:images.pulumi`, which should
   * pin it by digest: the plan's `ci-image-unpinned` finding).
   */
  readonly runsPulumiImage: boolean;
  /** What a user may write for it where a deploy mode is expected (the config error's hint). */
  readonly words: RegExp;
  /** Other spellings `npm run init -- --ci` accepts. */
  readonly initAliases: readonly string[];
  /** The fields of its block a project must be given, as dotted paths (what init asks for). */
  readonly initRequired: readonly string[];
  /** An example block, shown by init's help and the file it writes (one unit gives it). */
  readonly initExample?: Readonly<Record<string, number>>;
  /**
   * Its published pipeline schema, vendored under test/fixtures/ci-schemas by
   * `npm run refresh-ci-schemas -- --<flag> <git dir>` (absent: no published schema).
   */
  readonly publishedSchema?: PublishedSchema;
}

export interface PublishedSchema {
  /** The refresh script's flag, and the entry's key in SOURCES.json. */
  readonly flag: string;
  readonly repository: string;
  readonly path: string;
  readonly fixture: string;
  readonly licence: string;
}

/** The cron grammar of a CI that runs the schedules this program writes (model/config/cron.ts). */
export interface CronGrammar {
  /** How a cron problem names the runner. */
  readonly label: string;
  /** Whether month and weekday names (JAN-DEC, SUN-SAT) are documented. */
  readonly names: boolean;
  /** The shortest documented interval between two runs (absent: none documented). */
  readonly minIntervalMinutes?: number;
}
