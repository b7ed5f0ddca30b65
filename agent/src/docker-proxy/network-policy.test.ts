import { describe, expect, it } from 'vitest';
import { checkNetworkCreate, isManagedNetwork, parseNetworkConnect } from './network-policy';
import { Refusal } from './refusal';

const zedops = (extra: Record<string, unknown> = {}) => ({
  Name: 'zomboid-servers',
  Driver: 'bridge',
  CheckDuplicate: true,
  Labels: { 'zedops.managed': 'true' },
  ...extra,
});

describe('checkNetworkCreate', () => {
  it('passes the networks ensureNetworks creates', () => {
    expect(() => checkNetworkCreate(zedops())).not.toThrow();
    expect(() => checkNetworkCreate(zedops({ Name: 'zomboid-backend' }))).not.toThrow();
  });

  it.each([
    [zedops({ Name: 'admins-own' }), /only ZedOps's networks/],
    [zedops({ Driver: 'macvlan' }), /bridge driver/],
    [zedops({ Labels: {} }), /labelled/],
    [zedops({ Options: { 'com.docker.network.bridge.name': 'eth0' } }), /Options/],
    [zedops({ IPAM: { Config: [{ Subnet: '192.168.0.0/16' }] } }), /IPAM/],
  ])('refuses %j', (body, why) => {
    let caught: unknown;
    try {
      checkNetworkCreate(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Refusal);
    expect((caught as Refusal).rule).toBe('networks');
    expect((caught as Refusal).message).toMatch(why);
  });
});

describe('parseNetworkConnect', () => {
  it('reads the container and forwards the resolved id', () => {
    const c = parseNetworkConnect({ container: 'zedops-a', EndpointConfig: { Aliases: ['a'] } });
    expect(c.container).toBe('zedops-a');
    expect(c.withContainerId('abc')).toEqual({ Container: 'abc', EndpointConfig: { Aliases: ['a'] } });
  });

  it('needs a container', () => {
    expect(() => parseNetworkConnect({})).toThrow(/needs a Container/);
    expect(() => parseNetworkConnect({ Container: 'a', Force: true })).toThrow(/Force/);
  });
});

describe('isManagedNetwork', () => {
  it('reads the label', () => {
    expect(isManagedNetwork({ Labels: { 'zedops.managed': 'true' } })).toBe(true);
    expect(isManagedNetwork({ Labels: null })).toBe(false);
  });
});
