import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import * as github from "@pulumi/github";
import { TeamSpec } from "../model/access";
import { componentType } from "./types";

/**
 * What the rest of the program needs of a team: its name, the resource to wait for (absent when
 * another stack created it: a shard names the core's teams), and its numeric GitHub team id.
 */
export interface TeamHandle {
  readonly teamName: string;
  readonly team?: pulumi.Resource;
  /** What pipelines and workflows wait for: the whole team component (absent with `team`). */
  readonly ready?: pulumi.Resource;
  readonly githubTeamId?: pulumi.Input<number>;
}

export interface SecureTeamArgs {
  /** Pulumi Cloud organization. */
  readonly organization: string;
  /** The team as the access model declares it (human or machine). */
  readonly team: TeamSpec;
  /**
   * The Pulumi Cloud login that runs `pulumi up`. Pulumi Cloud adds the creating identity to every
   * new team; listing it keeps the declared member list equal to the live one, so refresh shows no
   * drift. That identity must be an org admin, which already holds every permission, so the
   * membership grants nothing new. Omit only in tests that do not model it.
   */
  readonly deployer?: pulumi.Input<string>;
  /** GitHub provider for the mirror (required when the team has a GitHub mirror). */
  readonly githubProvider?: github.Provider;
}

/**
 * A Pulumi Cloud team (`teamType: pulumi`) with exactly its declared members and, when the config
 * gives GitHub logins, a GitHub team mirror with authoritative membership and the repository
 * permissions the team's roles imply. Machine teams (pipeline identities) have no human members.
 */
export class SecureTeam extends pulumi.ComponentResource implements TeamHandle {
  public readonly team: ps.Team;
  public readonly ready: pulumi.Resource = this;
  public readonly teamName: string;
  public readonly githubTeam?: github.Team;
  /** Numeric GitHub team id, for environment reviewers. */
  public readonly githubTeamId?: pulumi.Output<number>;

  constructor(name: string, args: SecureTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("SecureTeam"), name, {}, mergeAliases(opts, args.team.formerNames));
    const { team, organization } = args;
    if (team.kind === "machine" && team.members.length > 0)
      throw new Error(`machine team ${team.name} must not have human members`);
    if (team.github && !args.githubProvider)
      throw new Error(`team ${team.name} has a GitHub mirror but no GitHub provider was given`);

    const members = args.deployer
      ? pulumi
          .output(args.deployer)
          .apply((d) => [...new Set([...team.members, d])].sort((a, b) => a.localeCompare(b)))
      : [...team.members].sort((a, b) => a.localeCompare(b));

    this.teamName = team.name;
    this.team = new ps.Team(
      `${name}-pulumi`,
      {
        organizationName: organization,
        teamType: "pulumi",
        name: team.name,
        displayName: team.displayName,
        description: team.description,
        members,
      },
      { parent: this },
    );

    if (team.github) {
      this.githubTeam = createGithubMirror(this, name, team, team.github, args.githubProvider);
      this.githubTeamId = this.githubTeam.id.apply(Number);
    }

    this.registerOutputs({
      teamName: this.teamName,
      githubTeamId: this.githubTeamId,
    });
  }
}

/**
 * The team's GitHub mirror: a closed team with authoritative membership and the repository
 * permissions the team's roles imply.
 */
export function createGithubMirror(
  parent: pulumi.Resource,
  name: string,
  team: TeamSpec,
  mirror: NonNullable<TeamSpec["github"]>,
  provider: github.Provider | undefined,
): github.Team {
  const githubTeam = new github.Team(
    `${name}-github`,
    {
      name: team.name,
      description: team.description,
      privacy: "closed",
      createDefaultMaintainer: false,
    },
    { parent, provider },
  );
  new github.TeamMembers(
    `${name}-github-members`,
    {
      teamId: githubTeam.id,
      members: [...mirror.members]
        .sort((a, b) => a.localeCompare(b))
        .map((username) => ({ username, role: "member" })),
    },
    { parent, provider },
  );
  for (const access of mirror.repositories)
    createTeamRepository(parent, name, githubTeam.id, access, provider);
  return githubTeam;
}

/** The team's permission on one repository (named as it always was, under the team's name). */
export function createTeamRepository(
  parent: pulumi.Resource,
  name: string,
  teamId: pulumi.Input<string>,
  access: { repository: string; permission: string },
  provider: github.Provider | undefined,
): github.TeamRepository {
  return new github.TeamRepository(
    `${name}-github-repo-${access.repository}`,
    { teamId, repository: access.repository, permission: access.permission },
    { parent, provider },
  );
}

/** Caller options plus aliases to the component's former names, never replacing the caller's. */
export function mergeAliases<T extends pulumi.ResourceOptions>(
  opts: T | undefined,
  formerNames: readonly string[],
): T {
  if (formerNames.length === 0) return (opts ?? {}) as T;
  return pulumi.mergeOptions(opts, {
    aliases: formerNames.map((name) => ({ name })),
  }) as T;
}
