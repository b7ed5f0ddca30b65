import { useEffect, useState } from 'react';
import type { ZedopsClient } from '../../../electron/shared/api';
import type { PortConflict, PortSet } from '../../../electron/shared/servers';

/**
 * Asks core whether a set of ports is free on a host (catalog, Docker, host
 * sockets), debounced while the user types. An answer counts only for the
 * ports it was asked about, so a stale one never shows.
 */
export function usePortCheck(
  client: ZedopsClient,
  hostId: string,
  ports: PortSet | undefined,
  serverId: string | undefined,
  paused: boolean,
): PortConflict[] {
  const [answer, setAnswer] = useState<{ key: string; conflicts: PortConflict[] } | null>(null);
  const gamePort = ports?.gamePort;
  const udpPort = ports?.udpPort;
  const rconPort = ports?.rconPort;
  const key = ports ? `${hostId}/${gamePort}/${udpPort}/${rconPort}` : '';
  useEffect(() => {
    if (paused || gamePort === undefined || udpPort === undefined || rconPort === undefined || hostId === '') return;
    let current = true;
    const asked = `${hostId}/${gamePort}/${udpPort}/${rconPort}`;
    const timer = setTimeout(() => {
      client
        .call('ports.check', { hostId, gamePort, udpPort, rconPort, ...(serverId ? { serverId } : {}) })
        .then((r) => current && setAnswer({ key: asked, conflicts: r.conflicts }))
        .catch(() => current && setAnswer({ key: asked, conflicts: [] }));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, hostId, gamePort, udpPort, rconPort, serverId, paused]);
  return answer && answer.key === key ? answer.conflicts : [];
}
