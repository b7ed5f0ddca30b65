/**
 * Which card the desktop shell asks the page to focus (a notification or a
 * tray item was clicked), carried in the page URL's hash: `#server=<id>` or
 * `#host=<id>`. The main process writes it, the renderer reads it once and
 * takes it back out of the address.
 */
export type FocusTarget = { kind: 'server' | 'host'; id: string };

const maxIdLength = 100;

export function focusHash(target: FocusTarget): string {
  return `#${target.kind}=${encodeURIComponent(target.id)}`;
}

/** The target a hash names, or null for any other hash (`#token=...`, empty, malformed). */
export function parseFocusHash(hash: string): FocusTarget | null {
  const match = /^#(server|host)=([^&=#]+)$/.exec(hash);
  if (!match?.[2]) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[2]);
  } catch {
    return null;
  }
  if (id.length === 0 || id.length > maxIdLength) return null;
  return { kind: match[1] === 'host' ? 'host' : 'server', id };
}
