import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';

const env = inject('testenv');

describe('the private dockerd over its unix socket', () => {
  const docker = new Docker({ socketPath: env.dockerSocket });

  it('reports the version that env.json names', async () => {
    const version = await docker.version();
    expect(version.Version).toBe(env.dockerVersion);
    expect(Number(version.ApiVersion)).toBeGreaterThanOrEqual(1.41);
  });

  it('answers ping with OK', async () => {
    expect(String(await docker.ping())).toBe('OK');
  });

  it('has the pz-sim image from the local registry', async () => {
    const image = await docker.getImage(env.pzSimImage).inspect();
    expect(image.Config.Labels?.['zedops.pz-sim.hash']).toMatch(/^[0-9a-f]{32}$/);
  });
});
