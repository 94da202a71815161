/**
 * Policy for repositories, which several projects may share: one default branch per repository
 * (the ruleset's target and every pipeline's PR base), and numeric ids that name exactly one
 * repository. Two repositories with the same id (or one repository with two ids) would make the
 * pipelines of both indistinguishable to the OIDC rules, which pin ids: one could obtain the
 * other's token. And one host (issue 24): a repository on GitHub gets its ruleset, CODEOWNERS and
 * committed CI files, one on another host none of them, so projects that disagree on
 * where it lives would make its protection depend on their order. Repository names are compared
 * case-insensitively (GitHub's are), and written one way.
 */
import { appendTo } from "../../collections";
import { githubNameKey } from "../../names";
import { View } from "../view";
import { repositoryHostOf } from "./ci";
import { PolicyContext, Report } from "./shared";

type ProjectView = View["projects"][number];

export function checkRepositories(ctx: PolicyContext): void {
  const { v, err } = ctx;
  checkRepositorySpelling(ctx);
  const byRepo = new Map<string, { project: ProjectView; index: number }[]>();
  v.projects.forEach((project, index) => {
    if (project.repository === undefined) return;
    appendTo(byRepo, githubNameKey(project.repository), { project, index });
  });
  const repoById = new Map<number, { repository: string; index: number }>();
  v.projects.forEach((project, index) => {
    if (typeof project.repositoryId === "number" && project.repositoryId === v.github.ownerId)
      err(
        `projects[${index}].repositoryId`,
        `is github.ownerId (${project.repositoryId}): a repository's id is its own, not its ` +
          "owner's; the OIDC rules pin both, so one would stand for the other. Look it up " +
          "(GET /repos/{owner}/{repo}, field id)",
      );
  });
  for (const entries of byRepo.values()) {
    const [first] = entries;
    for (const { project, index } of entries.slice(1))
      if (project.defaultBranch !== first.project.defaultBranch)
        err(
          `projects[${index}].defaultBranch`,
          `repository "${project.repository}" is shared with projects[${first.index}], which declares ` +
            `defaultBranch "${first.project.defaultBranch}": a repository has one default branch (its ` +
            "ruleset's target); declare the same one",
        );
    checkIds(entries, repoById, err);
    checkOneHost(v, entries, err);
  }
}

/**
 * The projects of one repository agree on its host and on how its name is written; each conflict
 * is reported at the later project with the earlier one's path, so it is found whatever the order.
 */
function checkOneHost(
  v: View,
  entries: { project: ProjectView; index: number }[],
  err: Report,
): void {
  const [first] = entries;
  const firstHost = repositoryHostOf(v, first.project);
  const why = (p: ProjectView) =>
    p.repositoryHost !== undefined ? "its repositoryHost" : "the CI of its pipelines";
  for (const { project, index } of entries.slice(1)) {
    if (project.repository !== first.project.repository)
      err(
        `projects[${index}].repository`,
        `"${project.repository}" is repository "${first.project.repository}" of ` +
          `projects[${first.index}] (repository names are case-insensitive): write it the same way ` +
          "in every project, or its ruleset, CODEOWNERS and files would be planned twice",
      );
    const host = repositoryHostOf(v, project);
    if (host !== firstHost)
      err(
        `projects[${index}].repository`,
        `repository "${project.repository}" is on ${host} for projects[${index}] (${why(project)}) ` +
          `but on ${firstHost} for projects[${first.index}] (${why(first.project)}): a repository ` +
          "has one host, which decides its ruleset, CODEOWNERS and committed CI files. Set the same " +
          "repositoryHost on both projects (their pipelines must run on a CI of that host), or use " +
          "two repositories",
      );
  }
}

function checkIds(
  entries: { project: ProjectView; index: number }[],
  repoById: Map<number, { repository: string; index: number }>,
  err: (path: string, message: string) => void,
): void {
  let own: { id: number; index: number } | undefined;
  for (const { project, index } of entries) {
    const id = project.repositoryId;
    if (typeof id !== "number") continue;
    const path = `projects[${index}].repositoryId`;
    if (own && own.id !== id) {
      err(
        path,
        `repository "${project.repository}" already has id ${own.id} (projects[${own.index}]); one ` +
          "repository has one numeric id",
      );
      continue;
    }
    own ??= { id, index };
    const other = repoById.get(id);
    if (other && githubNameKey(other.repository) !== githubNameKey(project.repository ?? ""))
      err(
        path,
        `id ${id} is also given to repository "${other.repository}" (projects[${other.index}]): the ` +
          "OIDC rules pin repository ids, so the pipelines of both repositories could obtain each " +
          "other's tokens. Each repository has its own id (Settings, or GET /repos/{owner}/{repo})",
      );
    else if (!other) repoById.set(id, { repository: project.repository ?? "", index });
  }
}

/**
 * One spelling per repository. GitHub compares repository names case-insensitively, so
 * `Payments-Infra` and `payments-infra` are one repository: spelled two ways, every check keyed by
 * the name would see two (two rulesets, two CODEOWNERS, admins of a repository that deploys a
 * protected tier going unnoticed). The platform repository's spelling, else the first project's,
 * is the one to use.
 */
function checkRepositorySpelling({ v, err }: PolicyContext): void {
  const first = new Map<string, { name: string; where: string }>();
  const platform = v.github.platformRepository;
  if (platform)
    first.set(githubNameKey(platform), { name: platform, where: "github.platformRepository" });
  v.projects.forEach((project, index) => {
    const name = project.repository;
    if (name === undefined) return;
    const seen = first.get(githubNameKey(name));
    if (!seen) first.set(githubNameKey(name), { name, where: `projects[${index}].repository` });
    else if (seen.name !== name)
      err(
        `projects[${index}].repository`,
        `"${name}" is repository "${seen.name}" (${seen.where}) spelled another way: GitHub compares ` +
          "repository names case-insensitively, so both name one repository, and its rulesets, " +
          `CODEOWNERS, admins and writers must be checked as one. Spell it "${seen.name}"`,
      );
  });
}
