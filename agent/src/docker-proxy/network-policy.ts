import { managedLabel } from './filters';
import { FieldNames, fieldsOf, isEmpty, isObject, type JsonObject } from './json-fields';
import { refuse } from './refusal';

/** The two networks ZedOps makes (electron/core/fleet/container-spec.ts, `networks`). */
export const zedopsNetworks: readonly string[] = ['zomboid-servers', 'zomboid-backend'];

const createFields = new FieldNames(['Name', 'CheckDuplicate', 'Driver', 'Labels', 'Internal']);

/** A network create: one of ZedOps's networks, a plain bridge, labelled zedops.managed=true. */
export function checkNetworkCreate(body: unknown): void {
  const net = fieldsOf(body, 'The network config');
  for (const key of net.keys()) {
    if (createFields.has(key) || isEmpty(net.object[key])) continue;
    refuse('networks', `${key} is not a network field ZedOps sets (only ${createFields.list().join(', ')})`);
  }
  const name = net.get('Name');
  if (typeof name !== 'string' || !zedopsNetworks.includes(name)) {
    refuse('networks', `only ZedOps's networks (${zedopsNetworks.join(', ')}) can be created, not "${String(name)}"`);
  }
  const driver = net.get('Driver');
  if (!isEmpty(driver) && driver !== 'bridge') {
    refuse('networks', `network ${name} must use the bridge driver, not "${String(driver)}"`);
  }
  const labels = net.get('Labels');
  if (!isObject(labels) || labels[managedLabel] !== 'true') {
    refuse('networks', `network ${name} must be labelled ${managedLabel}=true`);
  }
}

const connectFields = new FieldNames(['Container', 'EndpointConfig']);

/** A network connect: the container it names, and the body to forward with that container's resolved id. */
export function parseNetworkConnect(body: unknown): { container: string; withContainerId(id: string): JsonObject } {
  const connect = fieldsOf(body, 'The connect request');
  for (const key of connect.keys()) {
    if (connectFields.has(key) || isEmpty(connect.object[key])) continue;
    refuse('networks', `${key} is not a field of a network connect ZedOps sends`);
  }
  const container = connect.get('Container');
  if (typeof container !== 'string' || container === '') {
    refuse('bad-json', 'a network connect needs a Container (name or id)', 400);
  }
  return {
    container,
    withContainerId(id: string) {
      const out: JsonObject = { Container: id };
      const endpoint = connect.get('EndpointConfig');
      if (endpoint !== undefined) out.EndpointConfig = endpoint;
      return out;
    },
  };
}

export interface InspectedNetwork {
  Id?: string;
  Name?: string;
  Labels?: Record<string, string> | null;
}

export function isManagedNetwork(info: InspectedNetwork): boolean {
  return info.Labels?.[managedLabel] === 'true';
}
