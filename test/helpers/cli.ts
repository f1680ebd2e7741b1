/** Run the CLI in-process with captured output. */
import { runCli } from "../../src/cli/cli.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function chp(...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}
