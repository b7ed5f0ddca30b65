import { describe, expect, it } from 'vitest';
import { allowedHosts, isAllowedHost, isAllowedOrigin } from './request-guard';

describe('browser-mode request guard', () => {
  const allowed = allowedHosts('127.0.0.1', 8080);

  it('accepts loopback Host headers on the right port only', () => {
    expect(isAllowedHost('127.0.0.1:8080', allowed, '127.0.0.1')).toBe(true);
    expect(isAllowedHost('localhost:8080', allowed, '127.0.0.1')).toBe(true);
    expect(isAllowedHost('localhost:9090', allowed, '127.0.0.1')).toBe(false);
  });

  it('refuses a rebinding attacker domain and a missing Host', () => {
    expect(isAllowedHost('evil.example:8080', allowed, '127.0.0.1')).toBe(false);
    expect(isAllowedHost(undefined, allowed, '127.0.0.1')).toBe(false);
  });

  it('accepts any Host when the user chose to listen on every address', () => {
    expect(isAllowedHost('box.lan:8080', allowedHosts('0.0.0.0', 8080), '0.0.0.0')).toBe(true);
  });

  it('accepts only a same-origin page, or a client that sends no Origin', () => {
    expect(isAllowedOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isAllowedOrigin(undefined, '127.0.0.1:8080')).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:8080')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:8080')).toBe(false);
  });
});
