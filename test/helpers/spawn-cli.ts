/** The chp executable as a child process, for tests that signal it or watch what it leaves behind. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";

export interface Exit {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/** The built CLI (`npm run build`) when dist/ is current and has the signal handlers, else the sources through tsx. */
export function cliCommand(): string[] {
  const built = "dist/cli/main.js";
  if (existsSync(built) && statSync(built).mtimeMs >= statSync("src/cli/main.ts").mtimeMs) {
    const text = readFileSync(built, "utf8");
    if (text.includes("interruptOutputs") && text.includes("SIGTERM")) return [built];
  }
  return ["--import", "tsx", "src/cli/main.ts"];
}

/** Run chp with `argv`; `interrupt` gets the child to signal it; resolves with how it ended. */
export function runUntil(argv: string[], interrupt: (child: ReturnType<typeof spawn>) => void, stdin: "ignore" | "pipe" = "ignore"): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cliCommand(), ...argv], { stdio: [stdin, "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (b) => (stderr += b));
    child.stdout!.resume();
    interrupt(child);
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
}
