/**
 * The bootstrap deploys the stack its config belongs to (issue 24): the workflow it generates
 * plans `--stack <stack>` (reading `Pulumi.<stack>.yaml`) and deploys `<org>/<project>/<stack>`,
 * and the scheduled audit and the shards' stacks are named after it. Copying `Pulumi.prod.yaml`
 * to `Pulumi.acme.yaml` must give a bootstrap that deploys `acme`, so the bootstrap's stack is
 * the config's own (`resolveBootstrapStack`); a declaration that says otherwise is refused here,
 * with the two ways to make them agree.
 */
import { OrgConfig } from "../schema";
import { obj, str } from "../view";
import { list, PolicyContext } from "./shared";

export function checkBootstrapStack({ v, err, owner }: PolicyContext): void {
  const index = v.projects.findIndex((p) => p.bootstrap);
  if (index < 0) return;
  const boot = v.projects[index];
  const base = `projects[${index}]`;
  if (owner.project !== undefined && boot.name !== undefined && boot.name !== owner.project)
    err(
      `${base}.name`,
      `the bootstrap project is this Pulumi program, whose project is "${owner.project}" ` +
        `(Pulumi.yaml name), but it is named "${boot.name}": its workflow would deploy stack ` +
        `<org>/${boot.name}/<stack>, which this program never is. Name it "${owner.project}" ` +
        `(or rename the project in Pulumi.yaml)`,
    );
  const { stack } = owner;
  if (stack === undefined) return;
  const tiers = Object.keys(boot.tiers);
  if (tiers.length > 1)
    err(
      `${base}.tiers`,
      `the bootstrap deploys one stack, the one this config belongs to ("${stack}", ` +
        `Pulumi.${stack}.yaml), but lists tiers ${list(tiers)}: every other stack of this program ` +
        `has its own config file. Keep the one tier the bootstrap deploys from`,
    );
  else if (tiers.length === 1) {
    const declared = str(obj(boot.tiers[tiers[0]]).stack);
    if (declared !== undefined && declared !== stack)
      err(
        `${base}.tiers.${tiers[0]}.stack`,
        `the bootstrap would deploy stack "${declared}", but this config is stack "${stack}"'s ` +
          `(Pulumi.${stack}.yaml): its workflow would plan and deploy another stack's config. ` +
          `Remove this stack (the bootstrap deploys the stack its config belongs to), or plan ` +
          `and deploy this file as stack "${declared}" (Pulumi.${declared}.yaml)`,
      );
  }
}

/**
 * The parsed config with the bootstrap's stack made the config's own: its one tier's `stack`
 * becomes `stack` (validation refused any other declaration). Everything generated for the
 * bootstrap reads that one field.
 */
export function resolveBootstrapStack(config: OrgConfig, stack: string | undefined): void {
  if (stack === undefined) return;
  const boot = config.projects.find((p) => p.bootstrap);
  if (!boot) return;
  const tiers = Object.keys(boot.tiers);
  if (tiers.length !== 1) return;
  const entry = boot.tiers[tiers[0]];
  if (entry.stack === undefined) boot.tiers[tiers[0]] = { ...entry, stack };
}
