import path from 'node:path';
import { resolveAssets } from '../batch/assets.js';
import { runBatch, type BatchSummary } from '../batch/run-batch.js';
import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import { loadConfig, readConfig, type Config, type ConfigSources } from '../config/index.js';
import { ConfigError, XhsNewsError, isAbortError } from '../errors.js';
import { createLogger } from '../log.js';
import { loadXhsSelectors } from '../publish/xiaohongshu/selector-overrides.js';
import { dataDirProblem } from '../records/data-dir.js';
import { newRunId } from '../records/ids.js';
import { summaryTable } from './report.js';

/** `xhs-news auto`: the daily batch. */
export async function runAuto(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const { config, assets } = await checkedSetup(flags, io);
  const dataDir = path.resolve(io.cwd, config.dataDir);
  const runId = newRunId();
  const runLogFile = path.join(dataDir, 'runs', `${runId}.jsonl`);
  const log = createLogger({ level: config.logLevel, runLogFile, human: io.stderr });

  let summary: BatchSummary;
  try {
    summary = await runBatch({
      config,
      runId,
      runLogFile,
      signal: io.signal,
      log,
      cwd: io.cwd,
      assets,
    });
  } catch (error) {
    if (error instanceof ConfigError || isAbortError(error)) throw error;
    if (error instanceof XhsNewsError) {
      log.error(
        { event: 'run_failed', code: error.code },
        `run ${runId} stopped (${error.code}): ${error.message}`,
      );
      return EXIT.fatal;
    }
    throw error;
  }
  io.stderr.write(`${summaryTable(summary)}\n`);
  if (flags['json'] === true) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return exitCodeOf(summary);
}

const NO_FEEDS =
  'no feeds: pass --feed <url|file> (repeat it for more), set XHS_NEWS_FEEDS, ' +
  'or list "feeds" in xhs-news.config.json';

/**
 * The configuration, the data dir, the creator center's selector overrides (when it is used)
 * and the assets, checked before the run log exists and reported together in one ConfigError: a
 * refused run leaves nothing on disk.
 */
async function checkedSetup(
  flags: Record<string, unknown>,
  io: CliIo,
): Promise<{ config: Config; assets: string[] }> {
  const { config, issues } = readConfig(sourcesFrom(flags, io, { feeds: NO_FEEDS }));
  const problems = [...issues];
  if (config.dataDir !== undefined) {
    const dataDir = path.resolve(io.cwd, config.dataDir);
    const dataDirIssue = await dataDirProblem(dataDir);
    if (dataDirIssue !== undefined) {
      problems.push(`data dir ${dataDir}: ${dataDirIssue}; choose another with --data-dir`);
    } else if (config.publisher === 'xiaohongshu') {
      // Read again when the publisher is built; checked here so a bad file is refused before
      // Chrome is touched, together with every other problem.
      await loadXhsSelectors(dataDir).catch((error: unknown) => {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.issues);
      });
    }
  }
  const assets = await resolveAssets(config.assetsGlob, io.cwd).catch((error: unknown) => {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.issues);
    return [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: config as Config, assets };
}

export function configFrom(flags: Record<string, unknown>, io: CliIo): Config {
  return loadConfig(sourcesFrom(flags, io));
}

function sourcesFrom(
  flags: Record<string, unknown>,
  io: CliIo,
  needs: ConfigSources['needs'] = {},
): ConfigSources {
  const sources: ConfigSources = { flags, cwd: io.cwd, needs };
  if (io.env) sources.env = io.env;
  if (typeof flags['config'] === 'string') sources.configPath = flags['config'];
  return sources;
}

function exitCodeOf(summary: BatchSummary): number {
  switch (summary.outcome) {
    case 'count_reached':
      return EXIT.ok;
    case 'candidates_exhausted':
      return EXIT.shortOfCount;
    case 'stopped':
      return EXIT.fatal;
    case 'interrupted':
      return EXIT.interrupted;
  }
}
