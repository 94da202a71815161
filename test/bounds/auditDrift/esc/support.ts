/** The helpers esc.ts's drift cases share (split so each file stays under 600 lines). */
import { Mutable } from "../../../audit/harness";

export const def = (w: Mutable, key: string) =>
  w.definitions.find((d: Mutable) => `${d.project}/${d.name}` === key);
export const setYaml = (w: Mutable, key: string, yaml: string) => (def(w, key).yaml = yaml);
export const edit = (w: Mutable, key: string, from: string | RegExp, to: string) =>
  (def(w, key).yaml = def(w, key).yaml.replace(from, to));
export const lines = (...l: string[]) => [...l, ""].join("\n");
