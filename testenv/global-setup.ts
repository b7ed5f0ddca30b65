import type { TestProject } from 'vitest/node';
import { bringUpTestEnv, type TestEnv } from './testenv';

declare module 'vitest' {
  export interface ProvidedContext {
    testenv: TestEnv;
  }
}

/**
 * Brings up the test environment before the integration tests; they read it
 * with `inject('testenv')`. No teardown: the next run reuses it in seconds,
 * and .ci/run stops it with `testenv.sh down`.
 */
export default function setup(project: TestProject): void {
  project.provide('testenv', bringUpTestEnv());
}
