import path from 'node:path';
import { HostOpsError, type DataDirStatus, type HostOps, type ListeningPorts } from './host-ops';
import { parseProcNetPorts } from './proc-net';
import { dirIsFile, dirIsSymlink, dirResolvesElsewhere, missingTarget, rootIsFile, rootIsSymlink } from './refusals';
import { checkedDataRoot, serverDir } from './server-dir';

/**
 * Host operations for hosts ZedOps reaches only from outside (SSH, a helper
 * container): one POSIX `sh` script that does on the host what
 * `LocalHostOps` does here, with the same checks, and reports back in lines
 * ZedOps reads. The checks run on the host, next to the files, so nothing
 * can change between a check and the write it guards except what could
 * change under LocalHostOps too.
 */

/** What the script is asked to do. */
export type ScriptOperation = 'status' | 'create' | 'remove' | 'ports';

/** The first line the script prints; anything before it (a chatty login shell) is ignored. */
export const scriptMarker = '--zedops-host-ops--';

/** The script's exit codes, also printed last as `result=N`. */
export const scriptExit = { done: 0, invalid: 10, unsafe: 11, io: 12, unsupported: 13 } as const;

// Written for dash, bash and busybox ash alike: POSIX only, no `local`, every
// expansion quoted, external tools called through `command` so that shell
// functions of the same name cannot stand in for them. Values arrive as
// positional parameters (for `sh -s`, set by a first line of single-quoted
// words), never spliced into the script's text.
export const hostOpsScript = `# ZedOps host operations (electron/core/host-ops/README.md).
# sh -c "$SCRIPT" zedops-host-ops OPERATION [DATA_ROOT NAME [PREFIX]]
# OPERATION: status | create | remove (of DATA_ROOT/NAME) | ports. PREFIX: where
# the host's / is mounted when this runs in a container ('' on the host itself).
# Prints ${scriptMarker}, then KEY=VALUE lines, the last one result=N,
# and exits N: 0 done, 10 invalid, 11 unsafe, 12 io, 13 unsupported.
LC_ALL=C
export LC_ALL

zedops_say() {
  printf '%s=%s\\n' "$1" "$2"
}

# zedops_fail CODE REASON PATH [KEY VALUE]...: reports why, and stops.
zedops_fail() {
  zedops_code=$1
  printf 'zedops-host-ops: %s: %s\\n' "$2" "$3" >&2
  zedops_say error "$2"
  zedops_say path "$3"
  shift 3
  while [ "$#" -ge 2 ]; do
    zedops_say "$1" "$2"
    shift 2
  done
  zedops_say result "$zedops_code"
  exit "$zedops_code"
}

zedops_resolve() {
  if command -v realpath >/dev/null 2>&1; then
    command realpath "$1"
  else
    command readlink -f "$1"
  fi
}

# zedops_refuse_link REASON LINK: refuses, saying where the link leads. The
# links are followed by hand so that absolute ones land under PREFIX.
zedops_refuse_link() {
  zedops_p=$2
  zedops_hops=0
  while [ -L "$zedops_p" ] && [ "$zedops_hops" -lt 40 ]; do
    zedops_l=$(command readlink "$zedops_p") || break
    case $zedops_l in
    /*) zedops_p=$zedops_prefix$zedops_l ;;
    *) zedops_p=\${zedops_p%/*}/$zedops_l ;;
    esac
    zedops_hops=$((zedops_hops + 1))
  done
  zedops_found=0
  if [ -e "$zedops_p" ] && zedops_t=$(zedops_resolve "$zedops_p" 2>/dev/null); then
    zedops_p=$zedops_t
    zedops_found=1
  fi
  zedops_fail 11 "$1" "$2" target "$zedops_p" found "$zedops_found"
}

# The data root must be a real folder, not a symlink to one. Sets zedops_real_root.
zedops_check_root() {
  if ! command -v realpath >/dev/null 2>&1 && ! command -v readlink >/dev/null 2>&1; then
    zedops_fail 13 no-realpath "$zedops_root"
  fi
  if [ -L "$zedops_root" ]; then
    zedops_refuse_link root-symlink "$zedops_root"
  fi
  if [ ! -d "$zedops_root" ]; then
    if [ -e "$zedops_root" ]; then
      zedops_fail 11 root-file "$zedops_root"
    fi
    zedops_fail 12 io "$zedops_root" doing 'read the data root' detail 'No such file or directory'
  fi
  zedops_real_root=$(zedops_resolve "$zedops_root" 2>&1) ||
    zedops_fail 12 io "$zedops_root" doing 'resolve the data root' detail "$zedops_real_root"
}

# DATA_ROOT/NAME must be a real folder directly in the real data root:
# realpath(dir) = realpath(root)/NAME. Sets zedops_real_dir.
zedops_check_inside() {
  zedops_check_root
  if [ -L "$zedops_dir" ]; then
    zedops_refuse_link dir-symlink "$zedops_dir"
  fi
  if [ ! -d "$zedops_dir" ]; then
    zedops_fail 11 dir-file "$zedops_dir"
  fi
  zedops_real_dir=$(zedops_resolve "$zedops_dir" 2>&1) ||
    zedops_fail 12 io "$zedops_dir" doing 'resolve the folder' detail "$zedops_real_dir"
  case $zedops_real_root in
  */) zedops_expected=$zedops_real_root$zedops_name ;;
  *) zedops_expected=$zedops_real_root/$zedops_name ;;
  esac
  if [ "$zedops_real_dir" != "$zedops_expected" ]; then
    zedops_fail 11 dir-elsewhere "$zedops_dir" target "$zedops_real_dir" expected "$zedops_expected"
  fi
}

zedops_present() {
  [ -e "$1" ] || [ -L "$1" ]
}

# A path that is not there only counts as missing if its folder could be looked into.
zedops_lookable() {
  zedops_parent=\${1%/*}
  [ -n "$zedops_parent" ] || zedops_parent=/
  if [ -d "$zedops_parent" ] && ! (cd "$zedops_parent") 2>/dev/null; then
    zedops_fail 12 io "$1" doing read detail 'Permission denied'
  fi
}

# zedops_folder KEY PATH: KEY=1 when PATH is a folder (links followed, as stat
# does), else KEY=0. In a container a link may lead out of what it can see:
# Docker on the host follows it, so it counts.
zedops_folder() {
  if [ -d "$2" ] || { [ -n "$zedops_prefix" ] && [ -L "$2" ]; }; then
    zedops_say "$1" 1
  else
    zedops_lookable "$2"
    zedops_say "$1" 0
  fi
}

# In a container, a data root or server folder that is a link out of what it
# can see cannot be looked into: refused rather than reported missing.
zedops_seen() {
  if [ -n "$zedops_prefix" ] && [ -L "$2" ] && [ ! -e "$2" ]; then
    zedops_refuse_link "$1" "$2"
  fi
}

zedops_status() {
  zedops_seen root-symlink "$zedops_root"
  zedops_seen dir-symlink "$zedops_dir"
  zedops_folder exists "$zedops_dir"
  zedops_folder bin "$zedops_dir/bin"
  zedops_folder data "$zedops_dir/data"
}

# A data root that is a symlink is refused before anything else, even when
# nothing is found through it (which in a container may only mean the link
# leads out of what it can see).
zedops_create() {
  if [ -L "$zedops_root" ]; then
    zedops_refuse_link root-symlink "$zedops_root"
  fi
  zedops_err=$(command mkdir -p "$zedops_root" 2>&1) ||
    zedops_fail 12 io "$zedops_root" doing 'create the data root' detail "$zedops_err"
  if zedops_present "$zedops_dir"; then
    zedops_check_inside
  else
    zedops_check_root
  fi
  for zedops_sub in bin data; do
    zedops_err=$(command mkdir -p "$zedops_dir/$zedops_sub" 2>&1) ||
      zedops_fail 12 io "$zedops_dir/$zedops_sub" doing 'create the folder' detail "$zedops_err"
  done
}

zedops_remove() {
  if [ -L "$zedops_root" ]; then
    zedops_refuse_link root-symlink "$zedops_root"
  fi
  if ! zedops_present "$zedops_dir"; then
    zedops_lookable "$zedops_dir"
    zedops_say removed 0
    return
  fi
  zedops_check_inside
  # Through the resolved path, as LocalHostOps does. rm -r unlinks the
  # symlinks it meets inside and never follows them.
  zedops_err=$(command rm -rf "$zedops_real_dir" 2>&1) ||
    zedops_fail 12 io "$zedops_dir" doing 'delete the folder' detail "$zedops_err"
  zedops_say removed 1
}

zedops_ports() {
  if [ ! -e /proc/net/tcp ]; then
    zedops_fail 13 no-proc-net /proc/net/tcp
  fi
  for zedops_file in tcp tcp6 udp udp6; do
    # tcp6 and udp6 are missing when IPv6 is off.
    [ -e "/proc/net/$zedops_file" ] || continue
    if [ ! -r "/proc/net/$zedops_file" ]; then
      zedops_fail 12 io "/proc/net/$zedops_file" doing read detail 'Permission denied'
    fi
    while IFS= read -r zedops_line || [ -n "$zedops_line" ]; do
      zedops_say "$zedops_file" "$zedops_line"
    done <"/proc/net/$zedops_file"
  done
}

zedops_main() {
  zedops_op=$1
  zedops_root=$2
  zedops_name=$3
  zedops_prefix=$4
  printf '%s\\n' '${scriptMarker}'
  case $zedops_op in
  ports)
    zedops_ports
    ;;
  status | create | remove)
    case $zedops_root in
    /*) ;;
    *) zedops_fail 10 bad-root "$zedops_root" ;;
    esac
    case $zedops_name in
    '' | -* | *[!a-z0-9-]*) zedops_fail 10 bad-name "$zedops_name" ;;
    esac
    case $zedops_root in
    */) zedops_dir=$zedops_root$zedops_name ;;
    *) zedops_dir=$zedops_root/$zedops_name ;;
    esac
    "zedops_$zedops_op"
    ;;
  *)
    zedops_fail 10 bad-operation "$zedops_op"
    ;;
  esac
  zedops_say result 0
  exit 0
}

zedops_main "$@" </dev/null
`;

/** One argument for a POSIX shell: single quotes, with each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The script as text for `sh -s` on stdin, its arguments set by a first
 * line of quoted words, so that the command line itself holds no value.
 */
export function scriptForStdin(args: readonly string[]): string {
  return `set -- ${args.map(shellQuote).join(' ')}\n${hostOpsScript}`;
}

/** What the script printed, read back: every KEY=VALUE after the marker. */
export interface ScriptOutput {
  /** Whether the marker was seen, i.e. the script started at all. */
  started: boolean;
  /** Every value printed for a key, in order. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** The last `result=N`, if the script got that far. */
  result: number | undefined;
}

/**
 * Reads the script's stdout. A line that is not KEY=VALUE continues the
 * value before it (a path with a line break in it). For single values the
 * last one counts, so text inside an earlier value cannot pass for the
 * result the script prints last.
 */
export function parseScriptOutput(stdout: string): ScriptOutput {
  const fields = new Map<string, string[]>();
  const at = stdout.indexOf(`${scriptMarker}\n`);
  if (at < 0 || (at > 0 && stdout[at - 1] !== '\n')) return { started: false, fields, result: undefined };
  const body = stdout.slice(at + scriptMarker.length + 1).replace(/\n$/, '');
  let last: { values: string[]; index: number } | undefined;
  for (const line of body === '' ? [] : body.split('\n')) {
    const match = /^([a-z0-9_]+)=(.*)$/s.exec(line);
    if (match) {
      const [, key = '', value = ''] = match;
      const values = fields.get(key) ?? [];
      values.push(value);
      fields.set(key, values);
      last = { values, index: values.length - 1 };
    } else if (last) {
      last.values[last.index] += `\n${line}`;
    }
  }
  const result = fields.get('result')?.at(-1);
  return { started: true, fields, result: result !== undefined && /^\d+$/.test(result) ? Number(result) : undefined };
}

/** The raw outcome of one run of the script. */
export interface ScriptReply {
  /** The exit code, where the transport knows it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One run of the script, as a transport is asked to make it. */
export interface ScriptRun {
  operation: ScriptOperation;
  /** The script's positional parameters: operation, data root, name, prefix (paths as the script sees them). */
  args: readonly string[];
  timeoutMs: number;
  /** For messages: "check /srv/zedops/north", "list the ports in use". */
  task: string;
}

export interface ScriptHostOpsOptions {
  /** How long one operation may take, apart from deletes [60 s]. */
  timeoutMs?: number;
  /** How long a delete may take: a big world is many files [10 min]. */
  removeTimeoutMs?: number;
  /** Operations running at once on this host; more wait their turn [4]. */
  maxConcurrent?: number;
}

/** A data root the script can be given: absolute, tidied, and on one line. */
export function checkedScriptDataRoot(dataRoot: string): string {
  const root = checkedDataRoot(dataRoot, path.posix);
  if (/[\n\r]/.test(root)) {
    throw new HostOpsError(
      'invalid',
      `The data root ${JSON.stringify(dataRoot)} has a line break in it. Set the host's data root to a path without one.`,
    );
  }
  return root;
}

/**
 * `HostOps` by running `hostOpsScript` on the host; subclasses say how it is
 * run (`runScript`) and how it sees the host's paths (`prefix`).
 */
export abstract class ScriptHostOps implements HostOps {
  readonly dataRoot: string;
  private readonly timeoutMs: number;
  private readonly removeTimeoutMs: number;
  private readonly limiter: Limiter;

  /** Where the host's / is as the script sees it: '' on the host itself. */
  protected abstract readonly prefix: string;
  /** Whether the script sees all of the host, so that a link it cannot follow really leads nowhere. */
  protected abstract readonly seesWholeHost: boolean;
  /** The sentence after "permission denied": who needs access, or what to change. */
  protected abstract readonly permissionAdvice: string;

  protected constructor(dataRoot: string, options: ScriptHostOpsOptions = {}) {
    this.dataRoot = checkedScriptDataRoot(dataRoot);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.removeTimeoutMs = options.removeTimeoutMs ?? 600_000;
    this.limiter = new Limiter(Math.max(1, options.maxConcurrent ?? 4));
  }

  /** Runs the script once. A failure to run it at all is thrown as a `HostOpsError` that says so. */
  protected abstract runScript(run: ScriptRun): Promise<ScriptReply>;

  async dataDirStatus(name: string): Promise<DataDirStatus> {
    const dir = serverDir(this.dataRoot, name, path.posix);
    const out = await this.call('status', name, `check ${dir}`);
    return { dir, exists: flag(out, 'exists'), binExists: flag(out, 'bin'), dataExists: flag(out, 'data') };
  }

  async createDataDirs(name: string): Promise<{ bin: string; data: string }> {
    const dir = serverDir(this.dataRoot, name, path.posix);
    await this.call('create', name, `create ${dir}`);
    return { bin: path.posix.join(dir, 'bin'), data: path.posix.join(dir, 'data') };
  }

  async removeDataDir(name: string): Promise<{ removed: boolean }> {
    const dir = serverDir(this.dataRoot, name, path.posix);
    const out = await this.call('remove', name, `delete ${dir}`);
    return { removed: flag(out, 'removed') };
  }

  async listeningPorts(): Promise<ListeningPorts> {
    const out = await this.call('ports', undefined, 'list the ports in use on the host');
    const text = (file: string) => (out.fields.get(file) ?? []).join('\n');
    return {
      tcp: new Set([...parseProcNetPorts(text('tcp'), 'tcp'), ...parseProcNetPorts(text('tcp6'), 'tcp')]),
      udp: new Set([...parseProcNetPorts(text('udp'), 'udp'), ...parseProcNetPorts(text('udp6'), 'udp')]),
    };
  }

  /** A host path as the script sees it. */
  protected scriptPath(hostPath: string): string {
    return this.prefix + hostPath;
  }

  /** A path the script printed, as a path on the host. */
  protected hostPath(scriptPath: string): string {
    const p = path.posix.normalize(scriptPath);
    if (!this.prefix) return p;
    if (p === this.prefix) return '/';
    return p.startsWith(`${this.prefix}/`) ? p.slice(this.prefix.length) : p;
  }

  private async call(operation: ScriptOperation, name: string | undefined, task: string): Promise<ScriptOutput> {
    const args =
      operation === 'ports' ? [operation] : [operation, this.scriptPath(this.dataRoot), name ?? '', this.prefix];
    const timeoutMs = operation === 'remove' ? this.removeTimeoutMs : this.timeoutMs;
    const reply = await this.limiter.run(() => this.runScript({ operation, args, timeoutMs, task }));
    const out = parseScriptOutput(reply.stdout);
    if (out.result === scriptExit.done) return out;
    throw this.failure(out, reply, task);
  }

  /** The script's refusal or failure, in the words LocalHostOps uses. */
  private failure(out: ScriptOutput, reply: ScriptReply, task: string): HostOpsError {
    const one = (key: string) => out.fields.get(key)?.at(-1) ?? '';
    const reason = one('error');
    const where = this.hostPath(one('path'));
    // Where a link leads; a link that leads nowhere is named as such, unless the script cannot see that far.
    const target = this.hostPath(one('target'));
    const linkTarget = one('found') === '1' || !this.seesWholeHost ? target : missingTarget;
    if (out.result === undefined) {
      const said = lastLine(reply.stderr);
      const exit = reply.code === null ? '' : ` with exit code ${reply.code}`;
      return new HostOpsError(
        'io',
        `Could not ${task}: the host-ops script ${out.started ? 'stopped before it finished' : 'did not start'}${exit}` +
          `${said ? ` (${said})` : ''}. The host needs a POSIX /bin/sh; check it and try again.`,
      );
    }
    switch (reason) {
      case 'root-symlink':
        return rootIsSymlink(where, target);
      case 'root-file':
        return rootIsFile(where);
      case 'dir-symlink':
        return dirIsSymlink(where, linkTarget);
      case 'dir-file':
        return dirIsFile(where);
      case 'dir-elsewhere':
        return dirResolvesElsewhere(where, target, this.hostPath(one('expected')));
      case 'io':
        return describeScriptIo(one('doing'), where, one('detail'), this.permissionAdvice);
      case 'no-proc-net':
        return new HostOpsError(
          'unsupported',
          'Listing the ports in use on this host is not supported: it has no /proc/net/tcp, so it is not Linux. ' +
            'ZedOps still checks its catalog and Docker; make sure no other program uses the ports you pick.',
        );
      case 'no-realpath':
        return new HostOpsError(
          'unsupported',
          `Could not ${task}: the host has neither realpath nor readlink, which ZedOps needs to check a path ` +
            'before it writes or deletes there, so nothing was changed. Install coreutils or busybox on the host.',
        );
      case 'bad-root':
      case 'bad-name':
      case 'bad-operation':
        return new HostOpsError('invalid', `Could not ${task}: the host refused "${where}" (${reason}).`);
      default:
        return new HostOpsError(
          'io',
          `Could not ${task}: the host-ops script answered ${out.result} (${reason || 'no reason given'}). ` +
            'Check the host and try again.',
        );
    }
  }
}

/** A duration for messages: "300 ms", "60 s". */
export function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function flag(out: ScriptOutput, key: string): boolean {
  return out.fields.get(key)?.at(-1) === '1';
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}

/** A tool's complaint ("mkdir: can't create directory '/x': Permission denied") as a sentence with the next step. */
export function describeScriptIo(
  doing: string,
  target: string,
  detail: string,
  permissionAdvice: string,
): HostOpsError {
  const failed = `Could not ${doing} ${target}`;
  if (/Permission denied|Operation not permitted/i.test(detail)) {
    return new HostOpsError('io', `${failed}: permission denied. ${permissionAdvice}`);
  }
  if (/No space left/i.test(detail)) {
    return new HostOpsError('io', `${failed}: the disk is full. Free some space on the host and try again.`);
  }
  if (/Read-only file system/i.test(detail)) {
    return new HostOpsError('io', `${failed}: the disk is read-only. Choose a data root on a writable disk.`);
  }
  if (/File exists|Not a directory/i.test(detail)) {
    return new HostOpsError('io', `${failed}: a file is in the way. Move it out of the data root and try again.`);
  }
  const said = lastLine(detail);
  return new HostOpsError('io', `${failed}${said ? ` (${said})` : ''}. Check the data root on the host and try again.`);
}

/** At most `max` calls at once; the others queue in order. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next caller, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
