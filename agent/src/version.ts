import pkg from '../../package.json';

/** The agent's version: the ZedOps release it was built from. */
export const agentVersion: string = pkg.version;
