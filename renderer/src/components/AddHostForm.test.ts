import { describe, expect, it } from 'vitest';
import { addHostParams } from '../../../electron/shared/api';
import {
  addHostParamsOf,
  agentSshAddressOf,
  emptyAddHostForm,
  hasAddHostErrors,
  hostKeyFileFor,
  needsHostKey,
  validateAddHost,
  type AddHostForm,
} from './AddHostForm';

const fingerprint = 'SHA256:1LauVha5Bd919DGtz4bHrOcJgBDfZGGD84wABGIHXog';
const form = (patch: Partial<AddHostForm>): AddHostForm => ({ ...emptyAddHostForm(), name: 'box', ...patch });

describe('the Add host form', () => {
  it('starts as this computer with the usual socket and data root, needing only a name', () => {
    const empty = emptyAddHostForm();
    expect(empty.kind).toBe('local');
    expect(validateAddHost(empty)).toEqual({ name: 'A host needs a name.' });
    expect(validateAddHost(form({}))).toEqual({});
  });

  it('sends a local host as the contract wants it', () => {
    const params = addHostParamsOf(form({ name: ' box ', registry: '' }));
    expect(params).toEqual({
      name: 'box',
      kind: 'local',
      address: 'unix:///var/run/docker.sock',
      dataRoot: '/var/lib/zedops/servers',
      registry: null,
    });
    expect(addHostParams.safeParse(params).success).toBe(true);
  });

  it('points a remote address typed as a local one to the right kind', () => {
    expect(validateAddHost(form({ localAddress: 'tcp://h:2376' })).localAddress).toMatch(/Remote Docker over TLS/);
    expect(validateAddHost(form({ localAddress: 'unix://relative.sock' })).localAddress).toMatch(/absolute/);
  });

  it('takes the data root rule from the shared schema', () => {
    expect(validateAddHost(form({ dataRoot: 'srv/zedops' })).dataRoot).toBe('The data root must be an absolute path.');
  });

  describe('TLS', () => {
    const tls = (patch: Partial<AddHostForm>) =>
      form({
        kind: 'tls',
        tlsAddress: 'tcp://127.0.0.1:2376',
        caFile: '/certs/ca.pem',
        certFile: '/certs/cert.pem',
        keyFile: '/certs/key.pem',
        ...patch,
      });

    it('needs the address and all three files when they come from files', () => {
      const errors = validateAddHost(tls({ tlsAddress: '', caFile: '', certFile: '', keyFile: '' }));
      expect(Object.keys(errors).sort()).toEqual(['caFile', 'certFile', 'keyFile', 'tlsAddress']);
      expect(validateAddHost(tls({}))).toEqual({});
    });

    it('sends only what was given, so the core applies its defaults', () => {
      const params = addHostParamsOf(tls({ helperImage: ' ' }));
      expect(params).toEqual({
        name: 'box',
        kind: 'tls',
        address: 'tcp://127.0.0.1:2376',
        caFile: '/certs/ca.pem',
        certFile: '/certs/cert.pem',
        keyFile: '/certs/key.pem',
        dataRoot: '/var/lib/zedops/servers',
        registry: null,
      });
      expect(addHostParams.safeParse(params).success).toBe(true);
      expect(addHostParamsOf(tls({ helperImage: 'busybox:1.36' }))).toMatchObject({ helperImage: 'busybox:1.36' });
    });

    it('refuses plain HTTP and addresses of the other kinds', () => {
      expect(validateAddHost(tls({ tlsAddress: 'http://h:2375' })).tlsAddress).toMatch(/Plain HTTP/);
      expect(validateAddHost(tls({ tlsAddress: 'ssh://root@h' })).tlsAddress).toMatch(/“SSH”/);
      expect(validateAddHost(tls({ tlsAddress: 'unix:///var/run/docker.sock' })).tlsAddress).toMatch(/This computer/);
      expect(validateAddHost(tls({ tlsAddress: 'root@h:2376' })).tlsAddress).toMatch(/no user name/);
      expect(validateAddHost(tls({ tlsAddress: 'docker.example.com' })).tlsAddress).toBeUndefined();
    });

    it('does not expand ~ in file paths, so says so', () => {
      expect(validateAddHost(tls({ keyFile: '~/.docker/key.pem' })).keyFile).toMatch(/full path/);
    });

    it('takes a context by name, or Docker’s environment, without files', () => {
      const context = tls({ tlsSource: 'context', tlsAddress: '', context: 'prod' });
      expect(validateAddHost(context)).toEqual({});
      expect(addHostParamsOf(context)).toEqual({
        name: 'box',
        kind: 'tls',
        context: 'prod',
        dataRoot: '/var/lib/zedops/servers',
        registry: null,
      });
      expect(validateAddHost(tls({ tlsSource: 'context', context: '' })).context).toBeDefined();
      const env = tls({ tlsSource: 'env', tlsAddress: '' });
      expect(validateAddHost(env)).toEqual({});
      expect(addHostParamsOf(env)).not.toHaveProperty('caFile');
    });
  });

  describe('SSH', () => {
    const ssh = (patch: Partial<AddHostForm>) => form({ kind: 'ssh', sshAddress: 'root@127.0.0.1:2222', ...patch });

    it('sends the confirmed host key with the rest', () => {
      const params = addHostParamsOf(
        ssh({ identityFile: '/keys/id_ed25519', passphrase: ' secret ', dockerSocket: '/run/docker.sock' }),
        fingerprint,
      );
      expect(params).toEqual({
        name: 'box',
        kind: 'ssh',
        address: 'root@127.0.0.1:2222',
        identityFile: '/keys/id_ed25519',
        passphrase: ' secret ',
        dockerSocket: '/run/docker.sock',
        acceptHostKey: fingerprint,
        dataRoot: '/var/lib/zedops/servers',
        registry: null,
      });
      expect(addHostParams.safeParse(params).success).toBe(true);
      expect(addHostParamsOf(ssh({}))).not.toHaveProperty('acceptHostKey');
    });

    it('checks the address, the socket path and the fingerprint', () => {
      expect(validateAddHost(ssh({ sshAddress: '' })).sshAddress).toBeDefined();
      expect(validateAddHost(ssh({ sshAddress: 'root@ host' })).sshAddress).toMatch(/spaces/);
      expect(validateAddHost(ssh({ sshAddress: 'tcp://h:2376' })).sshAddress).toMatch(/Remote Docker over TLS/);
      expect(validateAddHost(ssh({ sshAddress: 'my-alias' })).sshAddress).toBeUndefined();
      expect(validateAddHost(ssh({ dockerSocket: 'docker.sock' })).dockerSocket).toMatch(/absolute path/);
      expect(validateAddHost(ssh({}), 'SHA256:short').hostKey).toMatch(/43 characters/);
      expect(hasAddHostErrors(validateAddHost(ssh({}), fingerprint))).toBe(false);
    });
  });

  describe('ZedOps agent', () => {
    const viaSsh = (patch: Partial<AddHostForm>) =>
      form({ kind: 'agent', agentTransport: 'ssh', sshAddress: 'root@127.0.0.1:2222', ...patch });
    const viaTls = (patch: Partial<AddHostForm>) =>
      form({
        kind: 'agent',
        agentTransport: 'tls',
        agentTlsAddress: 'tls://127.0.0.1:27701',
        caFile: '/bundle/ca.pem',
        certFile: '/bundle/cert.pem',
        keyFile: '/bundle/key.pem',
        ...patch,
      });

    it('through SSH: sends an ssh:// address, the socket and the confirmed host key, and no TLS files', () => {
      expect(needsHostKey(viaSsh({}))).toBe(true);
      const params = addHostParamsOf(
        viaSsh({ identityFile: '/keys/id', agentSocket: '/run/a.sock', caFile: '/left/over.pem' }),
        fingerprint,
      );
      expect(params).toEqual({
        name: 'box',
        kind: 'agent',
        address: 'ssh://root@127.0.0.1:2222',
        identityFile: '/keys/id',
        agentSocket: '/run/a.sock',
        acceptHostKey: fingerprint,
        dataRoot: '/var/lib/zedops/servers',
        registry: null,
      });
      expect(addHostParams.safeParse(params).success).toBe(true);
      expect(addHostParamsOf(viaSsh({ sshAddress: 'ssh://root@h' }))).toMatchObject({ address: 'ssh://root@h' });
      expect(agentSshAddressOf(' my-alias ')).toBe('ssh://my-alias');
    });

    it('through SSH: the socket rule comes from the shared schema, and a TLS address points to “Over TLS”', () => {
      expect(validateAddHost(viaSsh({ agentSocket: 'agent.sock' })).agentSocket).toBe(
        "The agent's socket must be an absolute path on the host.",
      );
      expect(validateAddHost(viaSsh({ sshAddress: 'tls://h:27701' })).sshAddress).toMatch(/“Over TLS”/);
      expect(validateAddHost(viaSsh({ sshAddress: '' })).sshAddress).toBeDefined();
      expect(hasAddHostErrors(validateAddHost(viaSsh({}), fingerprint))).toBe(false);
    });

    it('over TLS: needs tls://HOST:PORT and the three bundle files, and no host key', () => {
      expect(needsHostKey(viaTls({}))).toBe(false);
      expect(validateAddHost(viaTls({}))).toEqual({});
      const params = addHostParamsOf(viaTls({ identityFile: '/left/over', agentSocket: '/run/a.sock' }));
      expect(params).toEqual({
        name: 'box',
        kind: 'agent',
        address: 'tls://127.0.0.1:27701',
        caFile: '/bundle/ca.pem',
        certFile: '/bundle/cert.pem',
        keyFile: '/bundle/key.pem',
        dataRoot: '/var/lib/zedops/servers',
        registry: null,
      });
      expect(addHostParams.safeParse(params).success).toBe(true);
      const missing = validateAddHost(viaTls({ agentTlsAddress: '', caFile: '', certFile: '', keyFile: '' }));
      expect(Object.keys(missing).sort()).toEqual(['agentTlsAddress', 'caFile', 'certFile', 'keyFile']);
    });

    it('over TLS: says what is wrong with the address', () => {
      const address = (a: string) => validateAddHost(viaTls({ agentTlsAddress: a })).agentTlsAddress;
      expect(address('tcp://h:2376')).toMatch(/starts with tls:\/\//);
      expect(address('ssh://root@h')).toMatch(/“Through SSH”/);
      expect(address('tls://h')).toMatch(/port/);
      expect(address('tls://h:70000')).toMatch(/1 to 65535/);
      expect(address('tls://root@h:27701')).toMatch(/no user name/);
      expect(address('h:27701')).toBeUndefined();
      expect(addHostParamsOf(viaTls({ agentTlsAddress: 'h:27701' }))).toMatchObject({ address: 'tls://h:27701' });
      expect(address('tls://[::1]:27701')).toBeUndefined();
    });

    it('points an agent address typed into the other kinds to “ZedOps agent”', () => {
      expect(validateAddHost(form({ localAddress: 'tls://h:27701' })).localAddress).toMatch(/ZedOps agent/);
      expect(validateAddHost(form({ kind: 'ssh', sshAddress: 'tls://h:27701' })).sshAddress).toMatch(/ZedOps agent/);
    });
  });

  it('names the host key file ssh-keygen should read for each key type', () => {
    expect(hostKeyFileFor('ssh-ed25519')).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFileFor('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFileFor('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
  });
});
