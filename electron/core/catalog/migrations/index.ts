import type { Migration } from '../migrate';
import { initial } from './0001-initial';

/** Every schema change, in order. Append only: never edit a shipped migration. */
export const migrations: readonly Migration[] = [initial];
