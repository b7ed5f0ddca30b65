import { describe, expect, it } from 'vitest';
import { envFromFields, envRowErrors, fieldsFromEnv, maxPlayersError, modIdsError, sameEnv } from './env-fields';

const common = { publicName: '', maxPlayers: '', publicListing: true, modIds: '' };

describe('env mapping of the common settings', () => {
  it('maps the fields to the renegademaster variables, leaving empty ones to the image', () => {
    expect(envFromFields(common, [])).toEqual({ PUBLIC_SERVER: 'true' });
    expect(
      envFromFields({ publicName: ' North ', maxPlayers: '16', publicListing: false, modIds: '123; 456;' }, [
        { key: 'TZ', value: 'Europe/Paris' },
        { key: '', value: '' },
      ]),
    ).toEqual({
      SERVER_NAME: 'North',
      MAX_PLAYERS: '16',
      PUBLIC_SERVER: 'false',
      MOD_WORKSHOP_IDS: '123;456',
      TZ: 'Europe/Paris',
    });
  });

  it('splits a stored env back into the fields and sorted advanced rows', () => {
    const { common: c, rows } = fieldsFromEnv({
      TZ: 'UTC',
      SERVER_NAME: 'North',
      PUBLIC_SERVER: 'false',
      MOD_WORKSHOP_IDS: '1;2',
      AUTOSAVE_INTERVAL: '15',
    });
    expect(c).toEqual({ publicName: 'North', maxPlayers: '', publicListing: false, modIds: '1;2' });
    expect(rows).toEqual([
      { key: 'AUTOSAVE_INTERVAL', value: '15' },
      { key: 'TZ', value: 'UTC' },
    ]);
  });

  it('reads a missing PUBLIC_SERVER as listed, the image default', () => {
    expect(fieldsFromEnv({}).common.publicListing).toBe(true);
  });

  it('round-trips: fields from an env give the same env back', () => {
    const env = { SERVER_NAME: 'N', MAX_PLAYERS: '8', PUBLIC_SERVER: 'true', MOD_WORKSHOP_IDS: '9', X: 'y' };
    const { common: c, rows } = fieldsFromEnv(env);
    expect(sameEnv(envFromFields(c, rows), env)).toBe(true);
  });

  it('compares envs by content, not by key order', () => {
    expect(sameEnv({ A: '1', B: '2' }, { B: '2', A: '1' })).toBe(true);
    expect(sameEnv({ A: '1' }, { A: '1', B: '' })).toBe(false);
    expect(sameEnv({ A: '1' }, { A: '2' })).toBe(false);
  });
});

describe('validation of the common settings', () => {
  it('accepts max players from 1 to 100, or empty', () => {
    expect(maxPlayersError('')).toBeNull();
    expect(maxPlayersError('1')).toBeNull();
    expect(maxPlayersError('100')).toBeNull();
    for (const bad of ['0', '101', '2.5', 'ten', '-3']) {
      expect(maxPlayersError(bad)).toBe('Max players is a whole number from 1 to 100.');
    }
  });

  it('accepts Workshop IDs as digits separated by semicolons', () => {
    expect(modIdsError('')).toBeNull();
    expect(modIdsError('2169435993;2392709985')).toBeNull();
    expect(modIdsError(' 1 ; 2 ;')).toBeNull();
    expect(modIdsError('abc;123')).toMatch(/numbers separated by semicolons/);
    expect(modIdsError('123,456')).toMatch(/numbers separated by semicolons/);
  });
});

describe('advanced env rows', () => {
  it('refuses the keys ZedOps manages with the schema message', () => {
    expect(envRowErrors([{ key: 'RCON_PASSWORD', value: 'x' }])[0]).toMatch(/ZedOps sets this variable itself/);
    expect(envRowErrors([{ key: 'DEFAULT_PORT', value: '1' }])[0]).toMatch(/use the port options/);
  });

  it('refuses malformed keys, duplicates and keys that have a field', () => {
    expect(envRowErrors([{ key: '1ABC', value: '' }])[0]).toMatch(/letters, digits and underscores/);
    expect(envRowErrors([{ key: 'MAX_PLAYERS', value: '3' }])[0]).toBe(
      'MAX_PLAYERS is set by the "Max players" field above.',
    );
    expect(
      envRowErrors([
        { key: 'TZ', value: 'a' },
        { key: 'TZ', value: 'b' },
      ]),
    ).toEqual([null, 'TZ is already set in another row.']);
    expect(envRowErrors([{ key: '', value: 'orphan' }])[0]).toMatch(/Give this variable a name/);
  });

  it('ignores empty rows', () => {
    expect(envRowErrors([{ key: '', value: '' }])).toEqual([null]);
  });
});
