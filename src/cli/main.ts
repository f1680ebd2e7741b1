#!/usr/bin/env node
/** The `chp` executable: the only place that touches the process. */
import { constants } from "node:os";
import { runCli } from "./cli.js";
import { terminalIo } from "./io.js";
import { interruptOutputs } from "./write-output.js";
import { reliabilityMessage } from "../messages.js";

// Control characters from files (labels, column names) are escaped before they reach the terminal.
const io = terminalIo({
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
});

// Ctrl-C, `kill` (SIGTERM) or a closed terminal (SIGHUP): remove any half-written temporary output
// (the target is only ever replaced by a rename) and exit 128 + the signal number: 130, 143, 129.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void interruptOutputs().finally(() => {
      process.stderr.write(`chp: ${reliabilityMessage.interrupted()}\n`);
      process.exit(128 + constants.signals[signal]);
    });
  });
}

// `chp summary big.hlog | head`: the reader went away; stop quietly instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2), io);
