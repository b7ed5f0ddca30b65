/**
 * The renderer's Content-Security-Policy, one definition for every place
 * that applies it: the Electron session header, `zedops serve`'s header, and
 * the <meta> tag written into the built index.html. Built pages load only their own
 * scripts, styles and data; Vite inlines small assets as data: URLs, hence
 * data: for images and fonts. Under `electron-vite dev` the page also needs
 * Vite's inline React-refresh preamble, its injected <style> tags and its
 * HMR WebSocket, so those are allowed for the dev server only.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string; forMeta?: boolean } = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  const hmrSocket = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : null;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', hmrSocket ? ["'self'", hmrSocket] : ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    // Browsers ignore frame-ancestors in a <meta> tag (and warn); headers carry it.
    ...(options.forMeta ? [] : [['frame-ancestors', ["'none'"]] as [string, string[]]]),
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
