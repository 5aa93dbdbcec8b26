import type { BatchSummary } from '../batch/run-batch.js';

/** The closing table of a run, for the person, on stderr. */
export function summaryTable(summary: BatchSummary): string {
  const seconds = (summary.duration_ms / 1000).toFixed(1);
  const head =
    `run ${summary.run_id}: ${summary.drafted.length}/${summary.count} drafted, ` +
    `${summary.failed.length} failed, ${summary.skipped.length} skipped, ` +
    `${summary.candidates} candidates, ${seconds} s`;
  const rows = [
    ...summary.drafted.map((p) => row('drafted', p.id, p.title)),
    ...summary.failed.map((p) => row('failed', p.id, `${p.title}  (${p.code})`)),
    ...summary.skipped.map((p) => row('skipped', p.id, `${p.title}  (${p.reason})`)),
  ];
  const tail = [`data: ${summary.data_dir}`, `run log: ${summary.run_log}`];
  if (summary.stopped_by)
    tail.unshift(`stopped: ${summary.stopped_by.code}: ${summary.stopped_by.message}`);
  return [head, ...rows, ...tail].join('\n');
}

function row(status: string, id: string, text: string): string {
  return `  ${status.padEnd(8)} ${id}  ${text}`;
}
