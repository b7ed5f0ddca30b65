import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFocusHash } from '../shared/focus-link';
import { appUrlOf, focusUrl, isAppUrl, isWebLink, rendererLocation } from './app-url';

describe('rendererLocation', () => {
  it('uses the electron-vite dev server when the app is not packaged', () => {
    expect(
      rendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173', mainDir: '/app/out/main' }),
    ).toEqual({
      kind: 'url',
      url: 'http://localhost:5173',
    });
  });

  it('loads the built index.html next to the main bundle otherwise', () => {
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, mainDir: '/app/out/main' })).toEqual({
      kind: 'file',
      path: path.join('/app/out/renderer/index.html'),
    });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    const location = rendererLocation({
      isPackaged: true,
      devServerUrl: 'http://evil.example',
      mainDir: '/app/out/main',
    });
    expect(location.kind).toBe('file');
  });

  it('ignores a dev server URL that is not http(s)', () => {
    const location = rendererLocation({
      isPackaged: false,
      devServerUrl: 'file:///etc/passwd',
      mainDir: '/app/out/main',
    });
    expect(location.kind).toBe('file');
  });
});

describe('isAppUrl', () => {
  const devUrl = appUrlOf({ kind: 'url', url: 'http://localhost:5173' });
  const fileUrl = appUrlOf({ kind: 'file', path: '/opt/Zed Ops/resources/app.asar/out/renderer/index.html' });

  it('accepts any page of the dev server origin', () => {
    expect(isAppUrl('http://localhost:5173/', devUrl)).toBe(true);
    expect(isAppUrl('http://localhost:5173/#/hosts?x=1', devUrl)).toBe(true);
  });

  it('refuses another origin, port or scheme than the dev server', () => {
    expect(isAppUrl('http://localhost:5174/', devUrl)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', devUrl)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', devUrl)).toBe(false);
    expect(isAppUrl('https://example.com/', devUrl)).toBe(false);
  });

  it('accepts exactly the built index.html, with any hash or query', () => {
    expect(isAppUrl(fileUrl, fileUrl)).toBe(true);
    expect(isAppUrl(`${fileUrl}#/servers`, fileUrl)).toBe(true);
    expect(isAppUrl('file:///opt/Zed%20Ops/resources/app.asar/out/renderer/index.html?x', fileUrl)).toBe(true);
  });

  it('refuses any other file on disk', () => {
    expect(isAppUrl('file:///opt/Zed%20Ops/resources/app.asar/out/renderer/other.html', fileUrl)).toBe(false);
    expect(isAppUrl('file:///tmp/index.html', fileUrl)).toBe(false);
    expect(isAppUrl('file://remote-host/opt/Zed%20Ops/resources/app.asar/out/renderer/index.html', fileUrl)).toBe(
      false,
    );
  });

  it('refuses what is not a URL at all', () => {
    expect(isAppUrl('', fileUrl)).toBe(false);
    expect(isAppUrl('about:blank', fileUrl)).toBe(false);
    expect(isAppUrl('not a url', devUrl)).toBe(false);
  });
});

describe('isWebLink', () => {
  it('allows http and https only', () => {
    expect(isWebLink('https://pzwiki.net/')).toBe(true);
    expect(isWebLink('http://192.0.2.1:8080/')).toBe(true);
    expect(isWebLink('file:///etc/passwd')).toBe(false);
    expect(isWebLink('smb://share/x')).toBe(false);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('not a url')).toBe(false);
  });
});

describe('focusUrl', () => {
  it('stays the app’s own page, so the window keeps trusting it, and carries the card to focus', () => {
    for (const location of [
      { kind: 'file', path: '/opt/Zed Ops/resources/app.asar/out/renderer/index.html' },
      { kind: 'url', url: 'http://localhost:5173' },
    ] as const) {
      const appUrl = appUrlOf(location);
      const url = focusUrl(appUrl, { kind: 'server', id: 'srv 1&x' });
      expect(isAppUrl(url, appUrl)).toBe(true);
      expect(parseFocusHash(new URL(url).hash)).toEqual({ kind: 'server', id: 'srv 1&x' });
    }
  });

  it('replaces whatever hash the page had', () => {
    const url = focusUrl('file:///app/out/renderer/index.html#host=old', { kind: 'host', id: 'h2' });
    expect(url).toBe('file:///app/out/renderer/index.html#host=h2');
  });
});
