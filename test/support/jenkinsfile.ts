/**
 * A structural check of a declarative Jenkinsfile (there is no published schema): balanced braces,
 * parentheses and quotes outside strings, the declarative sections (`pipeline`, `agent`, `stages`,
 * each `stage` with `steps`), only single-quoted Groovy strings (no `"..."` or `"""..."""`, which
 * interpolate `${...}`), and no `${` anywhere outside the shell scripts' `$VAR` references.
 */
export function checkJenkinsfile(text: string): string[] {
  const problems: string[] = [];
  const code = stripComments(text);
  let depth = 0;
  let parens = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (code.startsWith("'''", i)) {
      const end = code.indexOf("'''", i + 3);
      if (end < 0) return [...problems, "unterminated ''' string"];
      const body = code.slice(i + 3, end);
      if (body.includes("${")) problems.push("a shell script uses ${...}");
      i = end + 2;
      continue;
    }
    if (c === "'") {
      const end = code.indexOf("'", i + 1);
      if (end < 0 || code.slice(i + 1, end).includes("\n"))
        return [...problems, "unterminated '...' string"];
      i = end;
      continue;
    }
    if (c === '"') problems.push(`a double-quoted (interpolating) Groovy string at offset ${i}`);
    if (c === "{") depth++;
    if (c === "}") depth--;
    if (c === "(") parens++;
    if (c === ")") parens--;
    if (depth < 0 || parens < 0) return [...problems, `unbalanced at offset ${i}`];
  }
  if (depth !== 0) problems.push(`unbalanced braces (${depth})`);
  if (parens !== 0) problems.push(`unbalanced parentheses (${parens})`);
  if (!/^pipeline \{$/m.test(code)) problems.push("no pipeline block");
  if (!/^ {2}agent /m.test(code)) problems.push("no top-level agent");
  if (!/^ {2}stages \{$/m.test(code)) problems.push("no stages block");
  const stages = code.split(/\n {4}stage\(/).slice(1);
  if (stages.length === 0) problems.push("no stage");
  stages.forEach((s, i) => {
    if (!/\n {6}steps \{/.test(s)) problems.push(`stage ${i} has no steps`);
  });
  return problems;
}

function stripComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("//"))
    .join("\n");
}
