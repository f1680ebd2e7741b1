import { escapeTerminal } from "../util/escape-terminal.js";

/** Where a command writes: the CLI passes the process streams, tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Escape a write for a terminal; a carriage return that begins it is kept (it redraws a progress line). */
function escapeWrite(text: string): string {
  return text.startsWith("\r") ? "\r" + escapeTerminal(text.slice(1)) : escapeTerminal(text);
}

/**
 * `io` with every control character from files (labels, column names, file names) made visible
 * (`\u001b`), on stdout and stderr alike; JSON output stays valid JSON of the same value.
 */
export function terminalIo(io: Io): Io {
  return {
    stdout: (text) => io.stdout(escapeWrite(text)),
    stderr: (text) => io.stderr(escapeWrite(text)),
  };
}
