import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { secureSession } from './secure-session';

function fakeSession() {
  const parts = {
    onHeadersReceived: vi.fn(),
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  const session = {
    webRequest: { onHeadersReceived: parts.onHeadersReceived },
    setPermissionRequestHandler: parts.setPermissionRequestHandler,
    setPermissionCheckHandler: parts.setPermissionCheckHandler,
  } as unknown as Session;
  return { session, ...parts };
}

describe('secureSession', () => {
  it('puts the policy on every response', () => {
    const fake = fakeSession();
    secureSession(fake.session, "default-src 'self'");
    const listener = fake.onHeadersReceived.mock.calls[0]?.[0];
    const callback = vi.fn();
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] },
    });
  });

  it('denies every permission the page asks for', () => {
    const fake = fakeSession();
    secureSession(fake.session, 'x');
    const request = fake.setPermissionRequestHandler.mock.calls[0]?.[0];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = fake.setPermissionCheckHandler.mock.calls[0]?.[0];
    expect(check({}, 'media')).toBe(false);
  });
});
