import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';

const env = inject('testenv');

interface PullProgress {
  status?: string;
  error?: string;
}

function followPull(docker: Docker, stream: NodeJS.ReadableStream): Promise<PullProgress[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: PullProgress[]) => {
      if (error) reject(error);
      else resolve(events);
    });
  });
}

describe('the local registry', () => {
  const docker = new Docker({ socketPath: env.dockerSocket });

  it('serves an image that dockerd pulls again after it was removed locally', async () => {
    await docker
      .getImage(env.pzSimPullTestImage)
      .remove()
      .catch(() => undefined);
    await expect(docker.getImage(env.pzSimPullTestImage).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const events = await followPull(docker, await docker.pull(env.pzSimPullTestImage));

    expect(events.filter((event) => event.error)).toEqual([]);
    expect(events.at(-1)?.status).toMatch(/Downloaded newer image|Image is up to date/);
    const image = await docker.getImage(env.pzSimPullTestImage).inspect();
    expect(image.RepoTags).toContain(env.pzSimPullTestImage);
  });
});
