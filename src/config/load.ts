import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { SETTINGS, type Config, type Setting, type SettingKey } from './table.js';

export const CONFIG_FILE_NAME = 'xhs-news.config.json';

export interface ConfigSources {
  /** Parsed flags by commander attribute name; `undefined` means not given. */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** `--config`, else `xhs-news.config.json` in `cwd` when it exists. */
  configPath?: string;
  cwd?: string;
  /**
   * Settings this command cannot run without, each with the message that says how to give it;
   * a missing or empty one is reported with the other problems.
   */
  needs?: Partial<Record<SettingKey, string>>;
}

/**
 * Builds the configuration from flag > env > config file > default, checks every setting, and
 * throws one ConfigError that lists every problem with the source that gave the bad value.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const { config, issues } = readConfig(sources);
  if (issues.length > 0) throw new ConfigError(issues);
  return config as Config;
}

/**
 * Like loadConfig, but returns the problems instead of throwing, with every setting that was
 * valid, so that a command can check further (paths, files) and report everything at once.
 */
export function readConfig(sources: ConfigSources = {}): {
  config: Readonly<Partial<Config>>;
  issues: string[];
} {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? process.env;
  const issues: string[] = [];
  const file = readConfigFile(sources.configPath, cwd, issues);
  const values: Record<string, unknown> = {};

  for (const [key, s] of Object.entries(SETTINGS) as [SettingKey, Setting<unknown>][]) {
    const given = pickSource(s, sources.flags ?? {}, env, file);
    if (given === undefined) {
      values[key] = s.defaultValue;
      continue;
    }
    const parsed = s.schema.safeParse(given.value);
    if (parsed.success) values[key] = parsed.data;
    else
      issues.push(
        `${given.label}=${JSON.stringify(given.value)}: ${parsed.error.issues[0]?.message}`,
      );
  }

  for (const [key, message] of Object.entries(sources.needs ?? {})) {
    // A value that was given but is invalid is already reported.
    if (!(key in values)) continue;
    const value = values[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) issues.push(message);
  }
  for (const key of Object.keys(file?.values ?? {})) {
    if (!(key in SETTINGS)) issues.push(`${file?.label}: unknown setting "${key}"`);
  }
  return { config: Object.freeze(values), issues };
}

interface Given {
  value: unknown;
  label: string;
}

function pickSource(
  s: Setting<unknown>,
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  file: ConfigFile | undefined,
): Given | undefined {
  const flagValue = s.flag === undefined ? undefined : flags[s.flag];
  if (flagValue !== undefined && !(Array.isArray(flagValue) && flagValue.length === 0)) {
    return { value: flagValue, label: s.flagName ?? s.key };
  }
  // An empty variable counts as unset, as shells make it easy to leave one behind.
  const envValue = s.env === undefined ? undefined : env[s.env];
  if (envValue !== undefined && envValue.trim() !== '') return { value: envValue, label: s.env! };
  if (file && s.key in file.values) {
    return { value: file.values[s.key], label: `${file.label} "${s.key}"` };
  }
  return undefined;
}

interface ConfigFile {
  label: string;
  values: Record<string, unknown>;
}

function readConfigFile(
  configPath: string | undefined,
  cwd: string,
  issues: string[],
): ConfigFile | undefined {
  const file = path.resolve(cwd, configPath ?? CONFIG_FILE_NAME);
  const label = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && configPath === undefined) return undefined;
    issues.push(`${label}: cannot read the config file (${(error as Error).message})`);
    return undefined;
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    issues.push(`${label}: not valid JSON (${(error as Error).message}); fix or remove it`);
    return undefined;
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    issues.push(`${label}: must hold one JSON object of settings`);
    return undefined;
  }
  return { label, values: values as Record<string, unknown> };
}
