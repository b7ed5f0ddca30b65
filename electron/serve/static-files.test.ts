import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticFile } from './static-files';

let root: string;
let outside: string;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-static-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), '1');
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(root, 'link.txt'));
});
afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

describe('resolveStaticFile', () => {
  it('serves index.html for the root and files with their content type', () => {
    expect(resolveStaticFile(root, '/')?.contentType).toBe('text/html; charset=utf-8');
    expect(resolveStaticFile(root, '/assets/app.js?v=1')?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('refuses paths that climb out of the renderer folder, plain or encoded', () => {
    expect(resolveStaticFile(root, '/../secret.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/%2e%2e/secret.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/assets/..%2f..%2fsecret.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/..\\secret.txt')).toBeUndefined();
  });

  it('refuses a symlink that points outside, malformed escapes and NUL bytes', () => {
    expect(resolveStaticFile(root, '/link.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/%E0%A4%A')).toBeUndefined();
    expect(resolveStaticFile(root, '/index.html%00.js')).toBeUndefined();
  });

  it('says nothing about files that do not exist or folders', () => {
    expect(resolveStaticFile(root, '/nope.js')).toBeUndefined();
    expect(resolveStaticFile(root, '/assets')).toBeUndefined();
  });
});
