import type { Server } from '../../../electron/shared/servers';
import { relativeTime } from './format';

export interface ServerFlag {
  key: string;
  icon: string;
  text: string;
}

/** What Docker and the host add to the catalog status: not ready, unhealthy, crash-looping, out of date. */
export function serverFlags(server: Server, now: number): ServerFlag[] {
  const flags: ServerFlag[] = [];
  if (server.stale) {
    const seen = server.hostLastSeen ? `last seen ${relativeTime(server.hostLastSeen, now)}` : 'never reached';
    flags.push({ key: 'stale', icon: '⚠', text: `Host offline — ${seen}; this status may be out of date.` });
  }
  if (server.crashLooping) {
    flags.push({ key: 'crash', icon: '↻', text: 'Crash-looping: Docker keeps restarting it. Check its logs.' });
  }
  if (server.status === 'running' && server.health === 'starting') {
    flags.push({ key: 'health', icon: '◔', text: 'Game starting: not ready for players yet.' });
  }
  if (server.status === 'running' && server.health === 'unhealthy') {
    flags.push({ key: 'health', icon: '✚', text: 'Unhealthy: its health check is failing.' });
  }
  return flags;
}
