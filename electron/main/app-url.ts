import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { focusHash, type FocusTarget } from '../shared/focus-link';

/** Where the renderer comes from: the electron-vite dev server, or the built files. */
export type RendererLocation = { kind: 'url'; url: string } | { kind: 'file'; path: string };

export interface RendererLocationInputs {
  /** `app.isPackaged`: a packaged app never takes its page from the environment. */
  isPackaged: boolean;
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined;
  /** The folder of the built main bundle (out/main). */
  mainDir: string;
}

export function rendererLocation(inputs: RendererLocationInputs): RendererLocation {
  const devUrl = inputs.devServerUrl?.trim();
  if (!inputs.isPackaged && devUrl && isWebLink(devUrl)) return { kind: 'url', url: devUrl };
  return { kind: 'file', path: path.join(inputs.mainDir, '..', 'renderer', 'index.html') };
}

/** The URL the app's own page has once loaded; every trust decision compares against it. */
export function appUrlOf(location: RendererLocation): string {
  return location.kind === 'url' ? new URL(location.url).href : pathToFileURL(location.path).href;
}

/** The app's page asking the renderer to focus one card (a notification or tray item was clicked). */
export function focusUrl(appUrl: string, target: FocusTarget): string {
  const url = new URL(appUrl);
  url.hash = focusHash(target);
  return url.href;
}

/**
 * Whether `candidate` is the app's own page: the same origin as the dev
 * server, or exactly the built index.html (query and hash aside). Any other
 * file on disk is not the app.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  const target = parseUrl(candidate);
  const app = parseUrl(appUrl);
  if (!target || !app || target.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') {
    const appPath = decodedPath(app);
    return appPath !== null && target.host === app.host && decodedPath(target) === appPath;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin;
  return false;
}

/** Links the OS browser may open: web pages, nothing else (no file:, no custom schemes). */
export function isWebLink(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}
