/** Rewrite the golden outputs in test/golden (see test/golden/cases.ts). Run: npm run golden */
import { writeFileSync } from "node:fs";
import { runCli } from "../src/cli/cli.js";
import { goldenCases, goldenDir, goldenRuns } from "../test/golden/cases.js";

for (const c of goldenCases) {
  for (const [out, argv] of goldenRuns(c, goldenDir)) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    if (code !== 0) throw new Error(`chp ${argv.join(" ")} exited ${code}: ${stderr}`);
    if (argv[0] === "analyze") writeFileSync(out, stdout);
    console.log(`wrote ${out}`);
  }
}
