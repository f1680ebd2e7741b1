#!/usr/bin/env node
/** The `chp` executable: the only place that touches the process. */
import { runCli } from "./cli.js";
import { removePendingOutputs } from "./write-output.js";
import { reliabilityMessage } from "../messages.js";

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

// Ctrl-C: remove any half-written temporary output (the target is only ever replaced by a rename) and exit 130 (128 + SIGINT).
process.once("SIGINT", () => {
  removePendingOutputs();
  process.stderr.write(`chp: ${reliabilityMessage.interrupted()}\n`);
  process.exit(130);
});

process.exitCode = await runCli(process.argv.slice(2), io);
