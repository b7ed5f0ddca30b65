import type { Server } from '../../../electron/shared/servers';
import { serverFlags } from '../fleet/server-flags';

export function ServerFlags({ server, now }: { server: Server; now: number }) {
  const flags = serverFlags(server, now);
  if (flags.length === 0) return null;
  return (
    <ul className="server-flags">
      {flags.map((f) => (
        <li key={f.key} className={`server-flag server-flag--${f.key}`}>
          <span aria-hidden="true">{f.icon}</span> {f.text}
        </li>
      ))}
    </ul>
  );
}
