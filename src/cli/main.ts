#!/usr/bin/env node
/** The `chp` executable: the only place that touches the process. */
import { runCli } from "./cli.js";

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

process.exitCode = await runCli(process.argv.slice(2), io);
