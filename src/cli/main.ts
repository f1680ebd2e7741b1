#!/usr/bin/env node
/** The `chp` executable: the only place that touches the process. */
import { runCli } from "./cli.js";
import { terminalIo } from "./io.js";
import { interruptOutputs } from "./write-output.js";
import { reliabilityMessage } from "../messages.js";

// Control characters from files (labels, column names) are escaped before they reach the terminal.
const io = terminalIo({
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
});

// Ctrl-C: remove any half-written temporary output (the target is only ever replaced by a rename) and exit 130 (128 + SIGINT).
process.once("SIGINT", () => {
  void interruptOutputs().finally(() => {
    process.stderr.write(`chp: ${reliabilityMessage.interrupted()}\n`);
    process.exit(130);
  });
});

// `chp summary big.hlog | head`: the reader went away; stop quietly instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2), io);
