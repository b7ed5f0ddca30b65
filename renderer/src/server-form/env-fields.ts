import { envKeySchema } from '../../../electron/shared/servers';

/** A free KEY=VALUE row of the "Advanced" section. */
export interface EnvRow {
  key: string;
  value: string;
}

/** The common Project Zomboid settings the dialog shows as fields (renegademaster variable names). */
export interface CommonSettings {
  /** SERVER_NAME; empty leaves it to the image (the dialog's placeholder is the server name). */
  publicName: string;
  /** MAX_PLAYERS as typed; empty leaves it to the image. */
  maxPlayers: string;
  /** PUBLIC_SERVER. */
  publicListing: boolean;
  /** MOD_WORKSHOP_IDS as typed: Workshop IDs separated by ';'. */
  modIds: string;
}

export const commonEnvKeys = {
  publicName: 'SERVER_NAME',
  maxPlayers: 'MAX_PLAYERS',
  publicListing: 'PUBLIC_SERVER',
  modIds: 'MOD_WORKSHOP_IDS',
} as const;

const fieldLabelOf: Record<string, string> = {
  SERVER_NAME: 'Public name',
  MAX_PLAYERS: 'Max players',
  PUBLIC_SERVER: 'List publicly',
  MOD_WORKSHOP_IDS: 'Workshop IDs',
};

/** The image lists servers publicly unless told otherwise. */
export const defaultCommonSettings: CommonSettings = {
  publicName: '',
  maxPlayers: '',
  publicListing: true,
  modIds: '',
};

export function maxPlayersError(text: string): string | null {
  if (text.trim() === '') return null;
  const n = Number(text.trim());
  return /^\d+$/.test(text.trim()) && n >= 1 && n <= 100 ? null : 'Max players is a whole number from 1 to 100.';
}

/** "123; 456;" reads as "123;456". */
export function normaliseModIds(text: string): string {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(';');
}

export function modIdsError(text: string): string | null {
  const ids = normaliseModIds(text);
  if (ids === '') return null;
  return ids.split(';').every((id) => /^\d{1,20}$/.test(id))
    ? null
    : 'Workshop IDs are numbers separated by semicolons, like 2169435993;2392709985.';
}

/** Each row's problem, or null; empty rows are ignored. */
export function envRowErrors(rows: EnvRow[]): (string | null)[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const key = row.key.trim();
    if (key === '' && row.value === '') return null;
    if (key === '') return 'Give this variable a name, or clear its value.';
    const keyCheck = envKeySchema.safeParse(key);
    if (!keyCheck.success) return keyCheck.error.issues[0]?.message ?? 'Not a valid env key.';
    const field = fieldLabelOf[key];
    if (field) return `${key} is set by the "${field}" field above.`;
    if (seen.has(key)) return `${key} is already set in another row.`;
    seen.add(key);
    if (row.value.length > 4096) return 'An env value is at most 4096 characters.';
    if (row.value.includes('\0')) return 'An env value cannot contain a NUL byte.';
    return null;
  });
}

/** The env the image gets: the common fields that are set, then the advanced rows. */
export function envFromFields(common: CommonSettings, rows: EnvRow[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (common.publicName.trim() !== '') env.SERVER_NAME = common.publicName.trim();
  if (common.maxPlayers.trim() !== '') env.MAX_PLAYERS = common.maxPlayers.trim();
  env.PUBLIC_SERVER = common.publicListing ? 'true' : 'false';
  const mods = normaliseModIds(common.modIds);
  if (mods !== '') env.MOD_WORKSHOP_IDS = mods;
  for (const row of rows) {
    const key = row.key.trim();
    if (key !== '') env[key] = row.value;
  }
  return env;
}

/** A stored env split back into the common fields and the advanced rows (sorted by key). */
export function fieldsFromEnv(env: Record<string, string>): { common: CommonSettings; rows: EnvRow[] } {
  const common: CommonSettings = {
    publicName: env.SERVER_NAME ?? '',
    maxPlayers: env.MAX_PLAYERS ?? '',
    // Absent means the image's default, which lists the server.
    publicListing: env.PUBLIC_SERVER === undefined ? true : env.PUBLIC_SERVER.trim().toLowerCase() === 'true',
    modIds: env.MOD_WORKSHOP_IDS ?? '',
  };
  const covered = new Set<string>(Object.values(commonEnvKeys));
  const rows = Object.keys(env)
    .filter((k) => !covered.has(k))
    .sort()
    .map((key) => ({ key, value: env[key] ?? '' }));
  return { common, rows };
}

export function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}
