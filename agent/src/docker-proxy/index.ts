// The ZedOps agent's Docker Engine API proxy: the subset of the API that
// ZedOps uses, under a least-privilege policy. See README.md for the table.
export { createDockerProxy, bodyLimit, type DockerProxy, type DockerProxyOptions } from './proxy';
export { Refusal, refusalPrefix, type RuleName } from './refusal';
export { routes, type RouteName } from './routes';
export { zedopsNetworks } from './network-policy';
