/**
 * Every ESC environment the bootstrap registers, from the same model lists its components create
 * them from: each stack's tier environment (components/environmentTier.ts, `model.stacks`), each
 * login environment (components/cloudLogin.ts, `model.cloud`) and each per-use break-glass
 * environment (components/breakGlass.ts, `model.breakGlass`). One entry per `project/name`.
 */
import type { AccessModel, EnvironmentRef } from "./types";

export function registeredEnvironments(
  model: Pick<AccessModel, "stacks" | "cloud" | "breakGlass">,
): EnvironmentRef[] {
  const refs = [
    ...model.stacks.map((s) => s.environment),
    ...model.cloud.map((c) => c.environment),
    ...model.breakGlass.map((b) => b.environment),
  ];
  return [
    ...new Map(
      refs.map((r) => [`${r.project}/${r.name}`, { project: r.project, name: r.name }]),
    ).values(),
  ];
}
