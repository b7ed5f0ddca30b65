import type { DockerEvent } from './docker-event-stream';

export interface Cause {
  /** History kind and message to use instead of the reconciler's generic ones. */
  kind?: string;
  message?: string;
  crashed: boolean;
}

/**
 * What an event says happened, in words for the history: a container that
 * died after a `kill` was stopped or killed by someone; one that died on its
 * own crashed (exit code kept either way).
 */
export function describeCause(
  e: DockerEvent,
  precedingKill: { signal: string } | undefined,
  afterCrash = false,
): Cause {
  const exitCode = e.Actor.Attributes.exitCode;
  switch (e.Action) {
    case 'die': {
      if (precedingKill) {
        const how = precedingKill.signal === '9' || precedingKill.signal === 'SIGKILL' ? 'Killed' : 'Stopped';
        return {
          kind: how === 'Killed' ? 'killed' : 'stopped-outside',
          message: `${how} outside ZedOps (signal ${precedingKill.signal}, exit code ${exitCode ?? '?'}).`,
          crashed: false,
        };
      }
      if (exitCode === '0')
        return { kind: 'exited', message: 'The game exited by itself (exit code 0).', crashed: false };
      return { kind: 'crashed', message: `Crashed with exit code ${exitCode ?? '?'}.`, crashed: true };
    }
    case 'start':
      return afterCrash
        ? { kind: 'restarted', message: 'Docker restarted it after the crash.', crashed: false }
        : { kind: 'started-outside', message: 'Started outside ZedOps.', crashed: false };
    case 'destroy':
      return { crashed: false };
    default:
      return { crashed: false };
  }
}
