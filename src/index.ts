#!/usr/bin/env node
import { EXIT, main } from './cli.js';
import { InterruptedError } from './errors.js';

// The one place that exits. Ctrl-C once: finish the current record and stop; twice: now.
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(EXIT.interrupted);
  process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
  controller.abort(new InterruptedError('interrupted by Ctrl-C'));
});

// A reader that went away (`xhs-news auto 2>&1 | head`) must not end the run half-way: the run
// log still gets every event. Any other stream failure is a real fault.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const code = await main(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exit(code);
