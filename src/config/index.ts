export { loadConfig, readConfig, CONFIG_FILE_NAME, type ConfigSources } from './load.js';
export { SETTINGS, type Config, type SettingKey } from './table.js';
