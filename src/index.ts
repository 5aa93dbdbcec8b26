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

const code = await main(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exit(code);
