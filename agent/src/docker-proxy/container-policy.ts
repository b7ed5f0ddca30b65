import { managedLabel } from './filters';
import { FieldNames, type Fields, fieldsOf, isEmpty, isObject } from './json-fields';
import { bindSourceProblem } from './mount-paths';
import { refuse } from './refusal';

export interface PolicyContext {
  /** The host's data root; bind mounts must lead under it. */
  dataRoot: string;
  /** How Docker knows a network, by name or id: undefined when it has none. */
  network(nameOrId: string): Promise<{ managed: boolean } | undefined>;
}

/** Docker's container.Config: every field may be given. */
const configFields = new FieldNames([
  'Hostname',
  'Domainname',
  'User',
  'AttachStdin',
  'AttachStdout',
  'AttachStderr',
  'ExposedPorts',
  'Tty',
  'OpenStdin',
  'StdinOnce',
  'Env',
  'Cmd',
  'Healthcheck',
  'ArgsEscaped',
  'Image',
  'Volumes',
  'WorkingDir',
  'Entrypoint',
  'NetworkDisabled',
  'MacAddress',
  'OnBuild',
  'Labels',
  'StopSignal',
  'StopTimeout',
  'Shell',
]);

/** Beside Config at the top of the body: the two inner objects, and what dockerode adds from its options. */
const topLevelExtras = new FieldNames(['HostConfig', 'NetworkingConfig', 'name', 'platform']);

/**
 * HostConfig fields a container may set freely. Binds, Mounts, the
 * namespace modes and the fields with a rule of their own are checked
 * below; any other HostConfig field (CgroupParent, Runtime, Ulimits,
 * OomKillDisable, Links, StorageOpt...) is refused unless it is empty.
 */
const hostConfigFree = new FieldNames([
  'PortBindings',
  'PublishAllPorts',
  'RestartPolicy',
  'AutoRemove',
  'CapDrop',
  'Dns',
  'DnsOptions',
  'DnsSearch',
  'ExtraHosts',
  'GroupAdd',
  'ReadonlyRootfs',
  'Tmpfs',
  'ShmSize',
  'ConsoleSize',
  'Init',
  'Memory',
  'MemoryReservation',
  'MemorySwap',
  'MemorySwappiness',
  'NanoCpus',
  'CpuShares',
  'CpuPeriod',
  'CpuQuota',
  'CpusetCpus',
  'CpusetMems',
  'PidsLimit',
  'BlkioWeight',
]);

/** Checked by a rule of their own, in checkHostConfig. */
const hostConfigChecked = new FieldNames([
  'Binds',
  'Mounts',
  'VolumeDriver',
  'VolumesFrom',
  'NetworkMode',
  'PidMode',
  'IpcMode',
  'UTSMode',
  'UsernsMode',
  'CgroupnsMode',
  'Privileged',
  'CapAdd',
  'Devices',
  'DeviceRequests',
  'DeviceCgroupRules',
  'SecurityOpt',
  'MaskedPaths',
  'ReadonlyPaths',
  'Sysctls',
  'OomScoreAdj',
  'Isolation',
  'LogConfig',
]);

/**
 * Every HostConfig field of API 1.41 (with Resources). Docker still reads
 * these at the top level of a create body (a legacy form, used when the body
 * has no HostConfig), so they are refused there.
 */
const hostConfigAll = new FieldNames([
  'ContainerIDFile',
  'Cgroup',
  'Links',
  'Runtime',
  'StorageOpt',
  'Cpuset',
  'CgroupParent',
  'BlkioWeightDevice',
  'BlkioDeviceReadBps',
  'BlkioDeviceWriteBps',
  'BlkioDeviceReadIOps',
  'BlkioDeviceWriteIOps',
  'CpuRealtimePeriod',
  'CpuRealtimeRuntime',
  'KernelMemory',
  'KernelMemoryTCP',
  'OomKillDisable',
  'Ulimits',
  'CpuCount',
  'CpuPercent',
  'IOMaximumIOps',
  'IOMaximumBandwidth',
  'Annotations',
  ...hostConfigFree.list(),
  ...hostConfigChecked.list(),
]);

const allowedNetworkModes = ['default', 'bridge', 'none'];

/** Log drivers that keep logs on the host. syslog, gelf, fluentd, splunk... send them where the request says. */
const localLogDrivers = ['json-file', 'local', 'journald', 'none'];

export type CheckMode = 'create' | 'start';

/**
 * The create policy: a container labelled zedops.managed=true, whose
 * HostConfig passes checkHostConfig, on ZedOps's networks only. Throws a
 * Refusal naming the rule; returns when the body may be forwarded.
 */
export async function checkContainerCreate(body: unknown, ctx: PolicyContext): Promise<void> {
  const top = fieldsOf(body, 'The container config');
  for (const key of top.keys()) {
    if (configFields.has(key) || topLevelExtras.has(key) || isEmpty(top.object[key])) continue;
    if (hostConfigAll.has(key)) {
      refuse(
        'create-fields',
        `"${key}" at the top level of the body is a HostConfig field, which Docker still honours there (a legacy form); send it inside HostConfig`,
      );
    }
    refuse('create-fields', `"${key}" is not a container config field ZedOps sets`);
  }

  const labels = top.get('Labels');
  if (!isObject(labels) || labels[managedLabel] !== 'true') {
    refuse('managed-only', `a container must be labelled ${managedLabel}=true to be created through the agent`);
  }

  const hostConfig = fieldsOf(top.get('HostConfig'), 'HostConfig', true);
  if (hostConfig) await checkHostConfig(hostConfig, ctx, 'create');

  const networking = fieldsOf(top.get('NetworkingConfig'), 'NetworkingConfig', true);
  if (networking) {
    for (const key of networking.keys()) {
      if (networking.keyOf('EndpointsConfig') === key || isEmpty(networking.object[key])) continue;
      refuse('create-fields', `NetworkingConfig.${key} is not a field ZedOps sets`);
    }
    const endpoints = networking.get('EndpointsConfig');
    if (!isEmpty(endpoints)) {
      if (!isObject(endpoints)) refuse('bad-json', 'NetworkingConfig.EndpointsConfig must be a JSON object', 400);
      for (const network of Object.keys(endpoints))
        await checkNetworkName(network, 'NetworkingConfig.EndpointsConfig', ctx);
    }
  }
}

/**
 * The rules on a HostConfig. On `create`, the body the client sent; on
 * `start` (and restart), the HostConfig Docker reports for an existing
 * container, so that one made by other means, or whose bind source became a
 * symlink leading out after it was created, is not started through the
 * agent. `start` checks what gives the container power over the host
 * (mounts, privileges, devices, namespaces), not the create-only details.
 */
export async function checkHostConfig(hc: Fields, ctx: PolicyContext, mode: CheckMode): Promise<void> {
  const value = (name: string): unknown => hc.get(name);
  const given = (name: string): boolean => !isEmpty(value(name));
  const field = (name: string): string => `HostConfig.${hc.keyOf(name) ?? name}`;

  if (given('Privileged')) refuse('privileged', `${field('Privileged')}: privileged containers are not allowed`);
  if (given('CapAdd')) {
    refuse('capabilities', `${field('CapAdd')}: adding capabilities (${show(value('CapAdd'))}) is not allowed`);
  }
  for (const name of ['Devices', 'DeviceRequests', 'DeviceCgroupRules']) {
    if (given(name)) refuse('devices', `${field(name)}: host devices cannot be given to a container`);
  }
  if (given('SecurityOpt')) {
    refuse(
      'security-opt',
      `${field('SecurityOpt')}: overriding seccomp, AppArmor, SELinux or no-new-privileges is not allowed`,
    );
  }
  if (mode === 'create') {
    for (const name of ['MaskedPaths', 'ReadonlyPaths']) {
      // An empty list is not "nothing": it unmasks /proc and /sys paths.
      if (value(name) !== undefined && value(name) !== null) {
        refuse(
          'security-opt',
          `${field(name)}: overriding the masked and read-only /proc and /sys paths is not allowed`,
        );
      }
    }
  }
  if (given('Sysctls')) refuse('sysctls', `${field('Sysctls')}: setting kernel parameters is not allowed`);
  if (given('VolumesFrom')) {
    refuse('volumes-from', `${field('VolumesFrom')}: mounting another container's volumes is not allowed`);
  }

  checkMode(hc, 'PidMode', ['']);
  checkMode(hc, 'IpcMode', ['', 'private', 'shareable', 'none']);
  checkMode(hc, 'UTSMode', ['']);
  checkMode(hc, 'UsernsMode', ['']);
  // On cgroup v1 Docker itself records "host" for every container; only a request for it is refused.
  if (mode === 'create') checkMode(hc, 'CgroupnsMode', ['', 'private']);

  const networkMode = value('NetworkMode');
  if (!isEmpty(networkMode)) {
    if (typeof networkMode !== 'string') refuse('bad-json', `${field('NetworkMode')} must be a string`, 400);
    if (networkMode === 'host' || networkMode.startsWith('container:')) {
      refuse(
        'host-namespaces',
        `${field('NetworkMode')} "${networkMode}": sharing the network namespace of the host or of another container is not allowed`,
      );
    }
    if (mode === 'create') await checkNetworkName(networkMode, field('NetworkMode'), ctx);
  }

  // Only on create: Docker reports its daemon-wide default for every container, which the admin chose.
  const logConfig = mode === 'create' ? fieldsOf(value('LogConfig'), field('LogConfig'), true) : undefined;
  const logDriver = logConfig?.get('Type');
  if (!isEmpty(logDriver) && !localLogDrivers.includes(logDriver as string)) {
    refuse(
      'log-driver',
      `${field('LogConfig')}.Type "${show(logDriver)}": only the log drivers that write on the host (${localLogDrivers.join(', ')}); the others make Docker send logs to an address the request names`,
    );
  }

  if (given('VolumeDriver')) {
    refuse(
      'bind-mounts',
      `${field('VolumeDriver')}: volume drivers are not allowed; only bind mounts under the data root`,
    );
  }
  await checkBinds(value('Binds'), field('Binds'), ctx);
  await checkMounts(value('Mounts'), field('Mounts'), ctx);

  if (mode !== 'create') return;
  const oomScoreAdj = value('OomScoreAdj');
  if (typeof oomScoreAdj === 'number' && oomScoreAdj < 0) {
    refuse('create-fields', `${field('OomScoreAdj')}: a negative score shields the container from the OOM killer`);
  }
  const isolation = value('Isolation');
  if (!isEmpty(isolation) && isolation !== 'default') {
    refuse('create-fields', `${field('Isolation')} "${show(isolation)}" is not allowed`);
  }
  for (const key of hc.keys()) {
    if (hostConfigFree.has(key) || hostConfigChecked.has(key) || isEmpty(hc.object[key])) continue;
    refuse(
      'create-fields',
      `HostConfig.${key} is not a field ZedOps sets; allowed besides the checked ones: ${hostConfigFree.list().join(', ')}`,
    );
  }
}

function checkMode(hc: Fields, name: string, allowed: readonly string[]): void {
  const v = hc.get(name);
  if (v === undefined || v === null || (typeof v === 'string' && allowed.includes(v))) return;
  refuse(
    'host-namespaces',
    `HostConfig.${hc.keyOf(name)} "${show(v)}": sharing the host's or another container's namespaces is not allowed`,
  );
}

async function checkNetworkName(network: string, where: string, ctx: PolicyContext): Promise<void> {
  if (network === 'host') {
    refuse('host-namespaces', `${where} "host": the host's network namespace is not allowed`);
  }
  if (network === '' || allowedNetworkModes.includes(network)) return;
  const known = await ctx.network(network);
  // A network Docker does not know: Docker says so itself.
  if (known && !known.managed) {
    refuse('networks', `${where} "${network}": a container may join only networks labelled ${managedLabel}=true`);
  }
}

const refusedPropagation = ['shared', 'rshared', 'slave', 'rslave'];

async function checkBinds(binds: unknown, where: string, ctx: PolicyContext): Promise<void> {
  if (isEmpty(binds)) return;
  if (!Array.isArray(binds)) refuse('bad-json', `${where} must be a list of strings`, 400);
  for (const bind of binds) {
    if (typeof bind !== 'string') refuse('bad-json', `${where} must be a list of strings`, 400);
    // Docker's Linux parser: "dst" (an anonymous volume), "src:dst" or "src:dst:mode".
    const parts = bind.split(':');
    if (parts.length === 1) continue;
    if (parts.length > 3) refuse('bind-mounts', `${where} "${bind}" is not a bind ZedOps writes (src:dst[:mode])`);
    const [source = '', , mode = ''] = parts;
    if (!source.startsWith('/')) {
      refuse(
        'bind-mounts',
        `${where} "${bind}": named volumes are not allowed (a volume can bind any host path); only bind mounts under the data root`,
      );
    }
    for (const option of mode.split(',')) {
      if (refusedPropagation.includes(option)) {
        refuse('bind-mounts', `${where} "${bind}": mount propagation "${option}" is not allowed`);
      }
    }
    const problem = await bindSourceProblem(source, ctx.dataRoot);
    if (problem) refuse('bind-mounts', `${where} "${bind}": ${problem}`);
  }
}

const mountFields = new FieldNames([
  'Type',
  'Source',
  'Target',
  'ReadOnly',
  'Consistency',
  'BindOptions',
  'TmpfsOptions',
  'VolumeOptions',
]);

async function checkMounts(mounts: unknown, where: string, ctx: PolicyContext): Promise<void> {
  if (isEmpty(mounts)) return;
  if (!Array.isArray(mounts)) refuse('bad-json', `${where} must be a list of objects`, 400);
  for (const item of mounts) {
    const mount = fieldsOf(item, `a ${where} entry`);
    for (const key of mount.keys()) {
      if (!mountFields.has(key) && !isEmpty(mount.object[key])) {
        refuse('create-fields', `${where}[].${key} is not a mount field ZedOps sets`);
      }
    }
    const type = mount.get('Type');
    if (type === 'tmpfs') continue;
    if (type !== 'bind') {
      refuse(
        'bind-mounts',
        `${where}: a "${show(type)}" mount is not allowed (a volume can bind any host path); only bind mounts under the data root, and tmpfs`,
      );
    }
    const source = mount.get('Source');
    if (typeof source !== 'string') refuse('bind-mounts', `${where}: a bind mount needs a Source path`);
    const propagation = fieldsOf(mount.get('BindOptions'), 'BindOptions', true)?.get('Propagation');
    if (typeof propagation === 'string' && refusedPropagation.includes(propagation)) {
      refuse('bind-mounts', `${where} ${source}: mount propagation "${propagation}" is not allowed`);
    }
    const problem = await bindSourceProblem(source, ctx.dataRoot);
    if (problem) refuse('bind-mounts', `${where}: ${problem}`);
  }
}

/** Resource limits and the restart policy: all an update may change. */
const updateFields = new FieldNames([
  'RestartPolicy',
  'Memory',
  'MemoryReservation',
  'MemorySwap',
  'NanoCpus',
  'CpuShares',
  'CpuPeriod',
  'CpuQuota',
  'CpusetCpus',
  'CpusetMems',
  'PidsLimit',
  'BlkioWeight',
]);

export function checkContainerUpdate(body: unknown): void {
  const update = fieldsOf(body, 'The update');
  for (const key of update.keys()) {
    if (updateFields.has(key) || isEmpty(update.object[key])) continue;
    refuse(
      'update-fields',
      `${key} cannot be changed through the agent; an update may change only ${updateFields.list().join(', ')}`,
    );
  }
}

/** What Docker's inspect reports, as far as the start check reads it. */
export interface InspectedContainer {
  Config?: { Labels?: Record<string, string> | null } | null;
  HostConfig?: Record<string, unknown> | null;
  Mounts?: { Type?: string; Source?: string }[] | null;
}

export function isManagedContainer(info: InspectedContainer): boolean {
  return info.Config?.Labels?.[managedLabel] === 'true';
}

/** Before start and restart: the container as Docker has it must still pass the rules that guard the host. */
export async function checkStartable(info: InspectedContainer, ctx: PolicyContext): Promise<void> {
  if (isObject(info.HostConfig)) await checkHostConfig(fieldsOf(info.HostConfig, 'HostConfig'), ctx, 'start');
  for (const mount of info.Mounts ?? []) {
    if (mount.Type !== 'bind' || typeof mount.Source !== 'string') continue;
    const problem = await bindSourceProblem(mount.Source, ctx.dataRoot);
    if (problem) refuse('bind-mounts', `the container has a bind mount from ${mount.Source}: ${problem}`);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
