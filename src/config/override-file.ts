/** Reading a user's override file (selectors for a site) from the data dir. */

import { readFile } from 'node:fs/promises';
import { ConfigError, errorMessage } from '../errors.js';

/**
 * The text of `file`, or undefined when there is none; a file that cannot be read is a
 * ConfigError naming it.
 */
export async function readOverrideFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`${file}: cannot be read: ${errorMessage(error)}`]);
  }
}

/** The JSON value in an override file's text; text that is not JSON is a ConfigError. */
export function parseOverrideJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError([`${file}: not valid JSON: ${errorMessage(error)}`]);
  }
}
