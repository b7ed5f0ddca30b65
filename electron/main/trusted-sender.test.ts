import { describe, expect, it } from 'vitest';
import { appUrlOf } from './app-url';
import { isTrustedSender } from './trusted-sender';

const appUrl = appUrlOf({ kind: 'file', path: '/app/out/renderer/index.html' });
const ours = { frameUrl: `${appUrl}#/hosts`, isMainFrame: true, fromAppWindow: true };

describe('isTrustedSender', () => {
  it('trusts the main frame of an app window showing the app', () => {
    expect(isTrustedSender(ours, appUrl)).toBe(true);
  });

  it('refuses an iframe, even one showing the app', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false }, appUrl)).toBe(false);
  });

  it('refuses web contents that are not one of our windows', () => {
    expect(isTrustedSender({ ...ours, fromAppWindow: false }, appUrl)).toBe(false);
  });

  it('refuses a window that shows another page', () => {
    expect(isTrustedSender({ ...ours, frameUrl: 'https://example.com/' }, appUrl)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///tmp/index.html' }, appUrl)).toBe(false);
  });

  it('refuses a frame that is already gone', () => {
    expect(isTrustedSender({ ...ours, frameUrl: null }, appUrl)).toBe(false);
  });

  it('trusts the dev server origin when that is the app', () => {
    const devUrl = appUrlOf({ kind: 'url', url: 'http://localhost:5173' });
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5173/' }, devUrl)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5174/' }, devUrl)).toBe(false);
  });
});
