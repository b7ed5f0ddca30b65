import type { Command } from 'commander';
import { settingKeys, type SettingKey } from '../../shared/api';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { print, printJson } from '../output';

function settingKey(raw: string): SettingKey {
  const key = settingKeys.find((k) => k === raw);
  if (key) return key;
  throw new CliError(`There is no setting "${raw}". Settings: ${settingKeys.join(', ')}.`, exitCodes.invalid);
}

export function registerConfig(program: Command, globals: () => GlobalOptions): void {
  const config = program
    .command('config')
    .description(`settings: ${settingKeys.join(', ')} (durations such as 90s, 15m, 24h, 7d)`);

  config
    .command('get')
    .description('print a setting')
    .argument('<key>', settingKeys.join(' | '))
    .option('--json', 'print one JSON document')
    .action(async (raw: string, opts: { json?: boolean }) => {
      const key = settingKey(raw);
      await withCore(globals(), async (core) => {
        const setting = await core.call('settings.get', { key });
        if (opts.json) printJson(setting);
        else print(setting.value);
      });
    });

  config
    .command('set')
    .description('change a setting')
    .argument('<key>', settingKeys.join(' | '))
    .argument('<value>', 'the new value')
    .option('--json', 'print one JSON document')
    .action(async (raw: string, value: string, opts: { json?: boolean }) => {
      const key = settingKey(raw);
      await withCore(globals(), async (core) => {
        const setting = await core.call('settings.set', { key, value }, { value: key });
        if (opts.json) printJson(setting);
        else print(`${setting.key} = ${setting.value}`);
      });
    });
}
