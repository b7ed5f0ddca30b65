/**
 * Which Host and Origin headers browser mode accepts. Checking Host stops DNS
 * rebinding; checking Origin stops other sites' pages from opening the API
 * socket (the token stops them too; two locks are better than one).
 */
export function allowedHosts(listen: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (listen !== '0.0.0.0' && listen !== '::') names.add(listen.includes(':') ? `[${listen}]` : listen);
  return new Set([...names].map((n) => `${n}:${port}`));
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>, listen: string): boolean {
  if (!hostHeader) return false;
  // Listening on every address is the user's explicit choice: then any Host is theirs to use.
  if (listen === '0.0.0.0' || listen === '::') return true;
  return allowed.has(hostHeader.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  // Non-browser clients (the CLI, scripts) send no Origin; the token still guards them.
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}
