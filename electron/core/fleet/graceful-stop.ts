import type Dockerode from 'dockerode';
import { RconClient, type RconConnectOptions } from '../rcon/rcon-client';
import type { Logger } from '../logger';
import { waitStopped } from './docker-ops';

export interface StopPlan {
  containerId: string;
  stopTimeoutSeconds: number;
  /** Present when RCON is configured and reachable from here. */
  rcon?: Omit<RconConnectOptions, 'timeoutMs'>;
}

export type StopOutcome = 'rcon' | 'docker' | 'not-running';

/**
 * Stops a server without losing its world: RCON `save` then `quit` when
 * RCON is configured, waiting up to the stop timeout; otherwise (or if RCON
 * fails) a Docker stop with the same timeout, after which Docker kills it.
 *
 * Before an RCON quit the restart policy is set to "no": the game exiting
 * by itself would otherwise be restarted by `unless-stopped`. Start puts
 * the policy back, so a stopped server also stays stopped across reboots.
 */
export async function gracefulStop(
  docker: Dockerode,
  plan: StopPlan,
  log: Logger,
  onStep: (message: string) => void,
): Promise<StopOutcome> {
  const container = docker.getContainer(plan.containerId);
  const info = await container.inspect();
  if (!info.State.Running) return 'not-running';
  const timeoutMs = plan.stopTimeoutSeconds * 1000;

  if (plan.rcon) {
    try {
      await container.update({ RestartPolicy: { Name: 'no' } });
      onStep('Saving the world (RCON save)');
      const client = await RconClient.connect({ ...plan.rcon, timeoutMs: 10_000 });
      try {
        await client.exec('save', { timeoutMs });
        onStep('Asking the server to quit (RCON quit)');
        await client.exec('quit', { timeoutMs: 10_000 });
      } finally {
        client.close();
      }
      if (await waitStopped(docker, plan.containerId, timeoutMs)) return 'rcon';
      onStep(`The server did not exit within ${plan.stopTimeoutSeconds} s after quit; stopping it through Docker`);
    } catch (err) {
      log.warn({ err, containerId: plan.containerId }, 'RCON stop failed; falling back to docker stop');
      onStep('RCON did not answer; stopping through Docker (the image saves on SIGTERM if it can)');
    }
  } else {
    onStep(`Stopping through Docker (up to ${plan.stopTimeoutSeconds} s to save)`);
  }
  try {
    await container.stop({ t: plan.stopTimeoutSeconds });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
  return 'docker';
}

/** Start puts back the restart policy a graceful stop took away. */
export async function startContainer(docker: Dockerode, containerId: string): Promise<void> {
  const container = docker.getContainer(containerId);
  await container.update({ RestartPolicy: { Name: 'unless-stopped' } });
  try {
    await container.start();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
}
