import { useCallback, useEffect, useRef, useState } from 'react';
import type { ZedopsClient } from '../../../electron/shared/api';
import type { OperationProgress } from '../../../electron/shared/servers';

/** Which server an operation is about: its id when known (retry), else its name and host (create). */
export type OperationTarget = { serverId: string } | { hostId: string; name: string };

/**
 * Follows one create or retry from the change feed. A create's server id is
 * only known once `server.changed` shows a server of that name on that host
 * in `creating`; progress that came earlier is kept until then. `startedId`
 * says whether the operation got as far as a server in `creating`, i.e.
 * whether a failure now lives on a card rather than only in the answer.
 */
export function useOperationWatch(client: ZedopsClient) {
  const [progress, setProgress] = useState<OperationProgress | null>(null);
  const off = useRef<(() => void) | null>(null);
  const started = useRef<string | null>(null);

  const stop = useCallback(() => {
    off.current?.();
    off.current = null;
  }, []);

  const watch = useCallback(
    (target: OperationTarget) => {
      stop();
      setProgress(null);
      started.current = null;
      let serverId = 'serverId' in target ? target.serverId : null;
      const early = new Map<string, OperationProgress>();
      const offs = [
        client.subscribe('server.changed', (s) => {
          if (s.status !== 'creating') return;
          const isTarget =
            'serverId' in target ? s.id === target.serverId : s.name === target.name && s.hostId === target.hostId;
          if (!isTarget) return;
          serverId = s.id;
          started.current = s.id;
          const seen = early.get(s.id);
          if (seen) setProgress(seen);
        }),
        client.subscribe('operation.progress', (p) => {
          if (p.serverId === serverId) setProgress(p);
          else if (!serverId) early.set(p.serverId, p);
        }),
      ];
      off.current = () => offs.forEach((o) => o());
    },
    [client, stop],
  );

  const startedId = useCallback(() => started.current, []);

  useEffect(() => stop, [stop]);
  return { progress, watch, stop, startedId };
}
