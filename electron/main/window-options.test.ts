import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appUrlOf } from './app-url';
import { mainWindowOptions, secureContents } from './window-options';

describe('mainWindowOptions', () => {
  const prefs = mainWindowOptions({ preloadPath: '/app/out/preload/index.js' }).webPreferences ?? {};

  it('isolates the page from the preload', () => expect(prefs.contextIsolation).toBe(true));
  it('runs the page in the OS sandbox', () => expect(prefs.sandbox).toBe(true));
  it('gives the page no Node.js, in workers or subframes either', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on and mixed content off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });
  it('allows no <webview> and no navigation by dropping a file', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });
  it('loads the preload bridge', () => expect(prefs.preload).toBe('/app/out/preload/index.js'));

  it('stays hidden until the page has painted', () => {
    expect(mainWindowOptions({ preloadPath: 'p' }).show).toBe(false);
  });

  it('opens where the window was last time, and at the default size, centred, otherwise', () => {
    const bounds = { x: 40, y: 30, width: 1000, height: 700 };
    expect(mainWindowOptions({ preloadPath: 'p', bounds })).toMatchObject(bounds);
    const fresh = mainWindowOptions({ preloadPath: 'p', bounds: null });
    expect(fresh).toMatchObject({ width: 1280, height: 820 });
    expect(fresh).not.toHaveProperty('x');
    expect(fresh).not.toHaveProperty('y');
  });

  it('sets the window icon only when given one', () => {
    expect(mainWindowOptions({ preloadPath: 'p' })).not.toHaveProperty('icon');
    expect(mainWindowOptions({ preloadPath: 'p', iconPath: '/r/icon.png' }).icon).toBe('/r/icon.png');
  });
});

type Listener = (event: { url: string; preventDefault: () => void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    on: (name: string, listener: Listener) => listeners.set(name, listener),
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)?.(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return {
    contents: contents as unknown as WebContents,
    open: (url: string) => openHandler?.({ url }),
    /** Returns whether the navigation was blocked. */
    navigate: (url: string) => fire('will-navigate', url),
    redirect: (url: string) => fire('will-redirect', url),
    attachWebview: () => fire('will-attach-webview', 'about:blank'),
  };
}

describe('secureContents', () => {
  const appUrl = appUrlOf({ kind: 'file', path: '/app/out/renderer/index.html' });

  function setup() {
    const fake = fakeContents();
    const openExternal = vi.fn(() => Promise.resolve());
    secureContents(fake.contents, { appUrl, openExternal });
    return { ...fake, openExternal };
  }

  it('denies every new window and opens web links in the OS browser instead', () => {
    const { open, openExternal } = setup();
    expect(open('https://pzwiki.net/wiki/Server')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://pzwiki.net/wiki/Server');
  });

  it('never hands file: or other schemes to the OS', () => {
    const { open, navigate, openExternal } = setup();
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(navigate('smb://share/x')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within its own page', () => {
    const { navigate } = setup();
    expect(navigate(`${appUrl}#/hosts`)).toBe(false);
  });

  it('blocks navigation to anything else, sending web links to the OS browser', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///app/out/renderer/other.html')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('blocks redirects away from the app', () => {
    const { redirect } = setup();
    expect(redirect('https://example.com/')).toBe(true);
    expect(redirect(appUrl)).toBe(false);
  });

  it('refuses to attach a <webview>', () => {
    expect(setup().attachWebview()).toBe(true);
  });
});
