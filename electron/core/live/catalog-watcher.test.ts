import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog';
import { useTempDirs } from '../testing/temp-dirs';
import { Zedops } from '../zedops';
import { CatalogWatcher } from './catalog-watcher';

// Two real SQLite connections on one catalog file, as two processes would have.
const tmp = useTempDirs('zedops-catalog-watcher');

describe('CatalogWatcher', () => {
  it('announces a server made here and purged by another process before the next check', async () => {
    const home = tmp();
    const here = await Zedops.start({
      dataDir: home,
      mode: 'browser',
      env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    const other = Catalog.open(home);
    const watcher = new CatalogWatcher(here.catalog, here.fleet, here.feed, 60_000);
    try {
      watcher.start();
      const host = here.catalog.hosts.insert({ name: 'box', kind: 'local', address: 'unix:///nonexistent.sock' });
      here.catalog.transaction(() =>
        here.catalog.servers.insert(
          {
            id: 's1',
            hostId: host.id,
            name: 'north',
            image: 'img',
            config: { env: {} },
            secrets: null,
            gamePort: 16261,
            udpPort: 16262,
            rconPort: 27015,
            status: 'missing',
          },
          { kind: 'create', message: '', actor: 'user' },
        ),
      );
      here.fleet.emit('s1');
      const removed: string[] = [];
      here.feed.subscribe('server.removed', (r) => removed.push(r.name));

      other.servers.remove('s1');
      watcher.check();
      expect(removed).toEqual(['north']);
      watcher.check();
      expect(removed).toEqual(['north']); // once, not on every check
    } finally {
      watcher.stop();
      other.close();
      here.close();
    }
  });
});
