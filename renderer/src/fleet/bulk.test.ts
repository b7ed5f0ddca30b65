import { describe, expect, it } from 'vitest';
import { bulkCandidates, describeBulkResult, listNames } from './bulk';
import { aServer } from './test-servers';

describe('bulkCandidates', () => {
  it('picks the failed and the deleted servers of one host, by name', () => {
    const servers = [
      aServer({ id: '1', name: 'zed', status: 'deleted' }),
      aServer({ id: '2', name: 'alpha', status: 'deleted' }),
      aServer({ id: '3', name: 'broken', status: 'failed' }),
      aServer({ id: '4', name: 'fine' }),
      aServer({ id: '5', name: 'elsewhere', status: 'deleted', hostId: 'h2' }),
    ];
    const { failed, deleted } = bulkCandidates(servers, 'h1');
    expect(failed.map((s) => s.name)).toEqual(['broken']);
    expect(deleted.map((s) => s.name)).toEqual(['alpha', 'zed']);
  });
});

describe('listNames', () => {
  it('reads as a sentence', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('describeBulkResult', () => {
  it('says the data is kept after a clean-up and removed after a purge', () => {
    expect(describeBulkResult('cleanup', [{ name: 'a' }])).toBe(
      'Cleaned up 1 server (a); their world data is kept on the host.',
    );
    expect(describeBulkResult('purge', [{ name: 'a' }, { name: 'b' }])).toBe(
      'Purged 2 servers (a and b) and their world data.',
    );
  });

  it('says when there was nothing to do', () => {
    expect(describeBulkResult('purge', [])).toBe('There were no deleted servers to purge.');
  });
});
