import { describe, expect, it } from 'vitest';
import { aServer } from '../fleet/test-servers';
import {
  createParams,
  defaultHost,
  defaultImage,
  emptyForm,
  formFromServer,
  hasErrors,
  retryParams,
  validateForm,
  validPorts,
  type ServerForm,
} from './server-form';

const ports = { gamePort: 16261, udpPort: 16262, rconPort: 27015 };
const filled = (over: Partial<ServerForm> = {}): ServerForm => ({
  ...emptyForm('h1', 'renegademaster/zomboid-dedicated-server:latest', ports),
  name: 'north',
  adminPassword: 'secret',
  ...over,
});
const create = { kind: 'create' } as const;

describe('defaults', () => {
  it("uses the host's registry for the image when it has one", () => {
    expect(defaultImage({ registry: '127.0.0.1:5000/zedops/' })).toBe(
      '127.0.0.1:5000/zedops/zomboid-dedicated-server:latest',
    );
    expect(defaultImage({ registry: null })).toBe('renegademaster/zomboid-dedicated-server:latest');
    expect(defaultImage(undefined)).toBe('renegademaster/zomboid-dedicated-server:latest');
  });

  it('picks the first online host, else the first', () => {
    expect(
      defaultHost([
        { status: 'offline' as const, id: 'a' },
        { status: 'online' as const, id: 'b' },
      ])?.id,
    ).toBe('b');
    expect(defaultHost([{ status: 'unknown' as const, id: 'a' }])?.id).toBe('a');
    expect(defaultHost([])).toBeUndefined();
  });
});

describe('validation messages', () => {
  it('accepts a complete form', () => {
    const errors = validateForm(filled(), create);
    expect(hasErrors(errors)).toBe(false);
  });

  it('explains a bad name with the schema message', () => {
    const errors = validateForm(filled({ name: 'Bad_Name' }), create);
    expect(errors.name).toMatch(/lowercase letters, digits and hyphens/);
    expect(hasErrors(errors)).toBe(true);
    expect(validateForm(filled({ name: '' }), create).name).toBe('A server needs a name.');
  });

  it('explains bad images and ports', () => {
    const errors = validateForm(filled({ image: 'Not An Image', gamePort: '80', udpPort: 'x', rconPort: '' }), create);
    expect(errors.image).toMatch(/Not a Docker image reference/);
    expect(errors.gamePort).toMatch(/below 1024 are reserved/);
    expect(errors.udpPort).toMatch(/whole number from 1024 to 65535/);
    expect(errors.rconPort).toBe('Give a port from 1024 to 65535.');
  });

  it('requires the admin password on create, not on retry', () => {
    expect(validateForm(filled({ adminPassword: '' }), create).adminPassword).toBe('An admin password is required.');
    const server = aServer({ id: 's1', name: 'north', status: 'failed' });
    expect(validateForm(formFromServer(server), { kind: 'retry', server }).adminPassword).toBeUndefined();
  });

  it('refuses passwords with line breaks', () => {
    expect(validateForm(filled({ rconPassword: 'a\nb' }), create).rconPassword).toMatch(/line breaks/);
  });

  it('reports bad advanced rows and common fields', () => {
    const errors = validateForm(
      filled({ maxPlayers: '500', modIds: 'x', rows: [{ key: 'ADMIN_PASSWORD', value: 'p' }] }),
      create,
    );
    expect(errors.maxPlayers).toMatch(/1 to 100/);
    expect(errors.modIds).toMatch(/semicolons/);
    expect(errors.rows[0]).toMatch(/ZedOps sets this variable itself/);
    expect(hasErrors(errors)).toBe(true);
  });

  it('gives ports to check only when all three are valid', () => {
    expect(validPorts(filled())).toEqual(ports);
    expect(validPorts(filled({ rconPort: '70000' }))).toBeUndefined();
  });
});

describe('params', () => {
  it('builds servers.create params from the form', () => {
    expect(createParams(filled({ maxPlayers: '10', rconPassword: 'r', image: ' pz:1 ' }))).toEqual({
      hostId: 'h1',
      name: 'north',
      image: 'pz:1',
      ...ports,
      adminPassword: 'secret',
      rconPassword: 'r',
      env: { MAX_PLAYERS: '10', PUBLIC_SERVER: 'true' },
    });
    expect(createParams(filled())).not.toHaveProperty('rconPassword');
  });

  const failed = aServer({
    id: 's1',
    name: 'north',
    status: 'failed',
    image: 'bad:1',
    env: { PUBLIC_SERVER: 'true', TZ: 'UTC' },
  });

  it('fills the retry form from the failed server, passwords empty', () => {
    const form = formFromServer(failed);
    expect(form).toMatchObject({ hostId: 'h1', name: 'north', image: 'bad:1', gamePort: '16261', adminPassword: '' });
    expect(form.rows).toEqual([{ key: 'TZ', value: 'UTC' }]);
  });

  it('sends only the server id when nothing changed', () => {
    expect(retryParams(formFromServer(failed), failed)).toEqual({ serverId: 's1' });
  });

  it('sends what changed, and passwords only when typed', () => {
    const form = { ...formFromServer(failed), image: 'good:1', rconPort: '27016', maxPlayers: '4', adminPassword: 'n' };
    expect(retryParams(form, failed)).toEqual({
      serverId: 's1',
      image: 'good:1',
      rconPort: 27016,
      adminPassword: 'n',
      env: { PUBLIC_SERVER: 'true', TZ: 'UTC', MAX_PLAYERS: '4' },
    });
  });

  it('sends the UDP port along with a new game port, so it stays as shown', () => {
    const form = { ...formFromServer(failed), gamePort: '17000' };
    expect(retryParams(form, failed)).toEqual({ serverId: 's1', gamePort: 17000, udpPort: 16262 });
  });
});
