import { ApiError, type SettingKey } from '../shared/api';
import { formatDuration, parseDuration } from '../shared/servers';
import type { Catalog } from './catalog/catalog';

const defaults: Record<SettingKey, string> = { 'deleted-retention': '24h', 'sync-interval': '60s' };
const minimumMs: Record<SettingKey, number> = { 'deleted-retention': 1000, 'sync-interval': 5000 };

export interface Setting {
  key: SettingKey;
  value: string;
  isDefault: boolean;
}

export function readSetting(catalog: Catalog, key: SettingKey): Setting {
  const stored = catalog.settings.get(key);
  return { key, value: stored ?? defaults[key], isDefault: stored === undefined };
}

/** Durations are written like 90s, 15m, 24h, 7d. A bad value changes nothing. */
export function writeSetting(catalog: Catalog, key: SettingKey, value: string): Setting {
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new ApiError(
      'invalid_request',
      `"${value}" is not a duration for ${key}. Write it like 90s, 15m, 24h or 7d.`,
    );
  }
  if (ms < minimumMs[key]) {
    throw new ApiError('invalid_request', `${key} must be at least ${formatDuration(minimumMs[key])}.`);
  }
  catalog.settings.set(key, formatDuration(ms));
  return readSetting(catalog, key);
}

export function durationSetting(catalog: Catalog, key: SettingKey): number {
  return parseDuration(readSetting(catalog, key).value) ?? (parseDuration(defaults[key]) as number);
}
