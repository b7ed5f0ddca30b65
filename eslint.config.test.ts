import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rule is only worth having if it really fails the build.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the no-Electron-in-plain-Node lint rule', () => {
  const imports = [
    "import { app } from 'electron';\nexport const a = app;\n",
    "import type { App } from 'electron';\nexport type A = App;\n",
    "import { ipcMain } from 'electron/main';\nexport const i = ipcMain;\n",
    "const e = require('electron');\nexport default e;\n",
    "export const load = () => import('electron');\n",
  ];

  it.each(imports)('fails electron/core for %j', async (code) => {
    const ids = await ruleIdsFor(code, 'electron/core/example.ts');
    expect(ids.some((id) => id === 'no-restricted-imports' || id === 'no-restricted-syntax')).toBe(true);
  });

  it.each(imports)('fails agent/ for %j', async (code) => {
    const ids = await ruleIdsFor(code, 'agent/src/example.ts');
    expect(ids.some((id) => id === 'no-restricted-imports' || id === 'no-restricted-syntax')).toBe(true);
  });

  it('lets the Electron shell import electron', async () => {
    const ids = await ruleIdsFor(
      "import { app } from 'electron';\nexport const a = app;\n",
      'electron/main/example.ts',
    );
    expect(ids).not.toContain('no-restricted-imports');
  });

  it('does not flag modules whose names merely start with "electron"', async () => {
    const ids = await ruleIdsFor(
      "import { build } from 'electron-builder';\nexport const b = build;\n",
      'electron/core/example.ts',
    );
    expect(ids).toEqual([]);
  });
});
