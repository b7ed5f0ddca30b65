import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { createPortal } from 'react-dom';
import {
  installAgentParams,
  type Host,
  type InstallAgentParams,
  type InstallAgentResult,
} from '../../../electron/shared/api';
import { useClient } from '../client/client-context';
import { FormField } from './FormField';
import { ModalDialog } from './ModalDialog';
import './InstallAgentDialog.css';

/** `install` on an SSH host; `reinstall` (or upgrade) on an agent host reached through SSH. */
export type InstallAgentMode = 'install' | 'reinstall';

/** Whether the host can have the agent installed over SSH, and in which words. */
export function installAgentModeOf(host: Host): InstallAgentMode | null {
  if (host.kind === 'ssh') return 'install';
  if (host.kind === 'agent' && /^ssh:\/\//i.test(host.address)) return 'reinstall';
  return null;
}

const buttonLabel: Record<InstallAgentMode, string> = {
  install: 'Install agent',
  reinstall: 'Reinstall / upgrade agent',
};

export type InstallAgentField = 'dockerSocket' | 'installDir' | 'configDir' | 'stateDir' | 'agentSocket';
export type InstallAgentFields = Record<InstallAgentField, string>;
const fieldNames: readonly InstallAgentField[] = ['dockerSocket', 'installDir', 'configDir', 'stateDir', 'agentSocket'];

/** What the core uses for what is left empty (electron/core/hosts/install-agent.ts). */
const defaults: InstallAgentFields = {
  dockerSocket: '/var/run/docker.sock',
  installDir: '/opt/zedops-agent',
  configDir: '/etc/zedops-agent',
  stateDir: '/var/lib/zedops-agent',
  agentSocket: '/run/zedops/agent.sock',
};

export const emptyInstallAgentFields: InstallAgentFields = {
  dockerSocket: '',
  installDir: '',
  configDir: '',
  stateDir: '',
  agentSocket: '',
};

/** The `hosts.installAgent` params: only what was given, so the core's defaults (and the host's own SSH settings) apply. */
export function installAgentParamsOf(hostId: string, fields: InstallAgentFields): InstallAgentParams {
  const params: InstallAgentParams = { hostId };
  for (const f of fieldNames) {
    const v = fields[f].trim();
    if (v !== '') params[f] = v;
  }
  return params;
}

/** The shared schema's words for each field typed wrong. */
export function installAgentErrors(
  hostId: string,
  fields: InstallAgentFields,
): Partial<Record<InstallAgentField, string>> {
  const parsed = installAgentParams.safeParse(installAgentParamsOf(hostId, fields));
  const errors: Partial<Record<InstallAgentField, string>> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const f = issue.path[0];
    if (typeof f === 'string' && (fieldNames as readonly string[]).includes(f) && !errors[f as InstallAgentField]) {
      errors[f as InstallAgentField] = issue.code === 'too_big' ? 'This path is too long.' : issue.message;
    }
  }
  return errors;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type Run =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; result: InstallAgentResult }
  | { phase: 'failed'; error: string };

const startedWords: Record<InstallAgentResult['started'], string> = {
  systemd: 'Started with systemd',
  'already-running': 'Already running (no systemd)',
  'not-started': 'Not started: the host has no systemd',
};

/**
 * `hosts.installAgent`: over the host's own SSH connection, copies the agent
 * bundle this ZedOps ships (checked before and after the copy), writes its
 * config, starts it with systemd and switches the host to the agent. Where
 * the host has no systemd, it shows the command that runs the agent, to run
 * there and then install again.
 */
export function InstallAgentDialog({ host, mode, onClose }: { host: Host; mode: InstallAgentMode; onClose(): void }) {
  const client = useClient();
  const [fields, setFields] = useState<InstallAgentFields>(emptyInstallAgentFields);
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const mounted = useRef(true);
  const closeRef = useRef<HTMLButtonElement>(null);
  const installRef = useRef<HTMLButtonElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);
  const buttonsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // The fields and buttons were disabled while it ran: put focus on what comes next, and the answer in view.
  useEffect(() => {
    if (run.phase === 'done') {
      (run.result.switched ? closeRef : run.result.runCommand ? copyRef : installRef).current?.focus();
    } else if (run.phase === 'failed') {
      installRef.current?.focus();
    }
    if (run.phase === 'done' || run.phase === 'failed') buttonsRef.current?.scrollIntoView({ block: 'nearest' });
  }, [run]);

  const errors = installAgentErrors(host.id, fields);
  const invalid = Object.keys(errors).length > 0;
  const running = run.phase === 'running';
  const switched = run.phase === 'done' && run.result.switched;
  const where = host.address.replace(/^ssh:\/\//i, '');
  const dir = (f: InstallAgentField) => fields[f].trim() || defaults[f];

  const install = async () => {
    if (invalid || running || switched) return;
    setRun({ phase: 'running' });
    try {
      const result = await client.call('hosts.installAgent', installAgentParamsOf(host.id, fields));
      if (mounted.current) setRun({ phase: 'done', result });
    } catch (err) {
      if (mounted.current) setRun({ phase: 'failed', error: message(err) });
    }
  };

  const field = (f: InstallAgentField) => ({
    value: fields[f],
    onChange: (v: string) => {
      setFields((old) => ({ ...old, [f]: v }));
      // The last answer was about what the form said then.
      if (run.phase === 'failed') setRun({ phase: 'idle' });
    },
    error: errors[f] ?? null,
    placeholder: defaults[f],
    inputClassName: 'mono',
  });

  return (
    <ModalDialog
      title={mode === 'install' ? `Install agent: ${host.name}` : `Reinstall or upgrade agent: ${host.name}`}
      className="server-dialog install-agent"
      noValidate
      onCancel={onClose}
      onSubmit={() => (switched ? onClose() : void install())}
    >
      <div className="install-agent__about">
        <p>
          {mode === 'install' &&
            'The ZedOps agent lets ZedOps do only what it needs on this host, instead of holding Docker’s socket (root on the host). '}
          ZedOps logs in to <span className="mono">{where}</span> over SSH, with this host’s own key, and:
        </p>
        <ol className="install-agent__steps">
          <li>
            copies the agent bundle{mode === 'reinstall' && ' this ZedOps ships, when it differs from the one there'},
            checked against its checksum before and after the copy, to <span className="mono">{dir('installDir')}</span>
            ;
          </li>
          <li>
            writes <span className="mono">{dir('configDir')}/config.json</span>: the agent’s socket, the host’s Docker
            socket and data root;
          </li>
          {mode === 'install' ? (
            <>
              <li>starts it with systemd (the zedops-agent unit);</li>
              <li>once the agent answers, switches this host to go through it.</li>
            </>
          ) : (
            <li>restarts it with systemd, keeping its state folder (the event journal).</li>
          )}
        </ol>
        <p className="field-hint">
          The host needs Node.js 20 or newer. Without systemd, the agent is copied but not started: ZedOps shows the
          command that runs it.
          {mode === 'reinstall' &&
            ' If this agent was installed with other folders, socket or Docker socket, give them under Advanced: empty fields mean the defaults.'}
        </p>
      </div>
      <fieldset className="server-dialog__fields" disabled={running || switched}>
        <details className="server-dialog__advanced install-agent__advanced">
          <summary>Advanced: where things go on the host</summary>
          <FormField
            label="Docker socket on the host (optional)"
            {...field('dockerSocket')}
            hint={
              mode === 'install'
                ? 'The Docker socket the agent is to use; empty: the one this host is reached at now.'
                : `The Docker socket the agent is to use; empty: ${defaults.dockerSocket}.`
            }
          />
          <FormField
            label="Install folder (optional)"
            {...field('installDir')}
            hint="Where the agent bundle (zedops-agent.cjs) goes."
          />
          <FormField label="Config folder (optional)" {...field('configDir')} hint="Where config.json is written." />
          <FormField
            label="State folder (optional)"
            {...field('stateDir')}
            hint="The agent’s event journal; kept when the agent is upgraded."
          />
          <FormField
            label="Agent socket (optional)"
            {...field('agentSocket')}
            hint="The unix socket the agent listens on, which ZedOps reaches through SSH."
          />
        </details>
      </fieldset>
      {/* Always there, so screen readers announce the progress and the outcome when they appear. */}
      <div className="install-agent__live" aria-live="polite">
        {running && (
          <p className="install-agent__progress" role="status">
            {mode === 'install' ? 'Installing' : 'Reinstalling'} the agent on {where}: copying it over SSH, checking it
            and starting it… This can take a minute.
          </p>
        )}
        {run.phase === 'done' && <InstallAgentOutcome result={run.result} copyRef={copyRef} />}
      </div>
      {run.phase === 'failed' && (
        <p className="notice notice--error" role="alert">
          {run.error}
        </p>
      )}
      <div ref={buttonsRef} className="confirm-dialog__buttons">
        {switched ? (
          <button ref={closeRef} type="submit" className="button--primary">
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              {/* Once it has started, closing does not stop it: the host card shows where it ends up. */}
              {run.phase === 'idle' || run.phase === 'failed' ? 'Cancel' : 'Close'}
            </button>
            <button
              ref={installRef}
              type="submit"
              className="button--primary"
              disabled={invalid || running}
              data-autofocus
            >
              {mode === 'install' ? 'Install agent' : 'Reinstall agent'}
            </button>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

/** What the core did: its message, and the command to run the agent when ZedOps could not start it. */
function InstallAgentOutcome({ result, copyRef }: { result: InstallAgentResult; copyRef: Ref<HTMLButtonElement> }) {
  const showCommand = result.runCommand !== null && (result.started === 'not-started' || result.upgraded);
  return (
    <div className={`install-agent__outcome${result.switched ? ' is-switched' : ''}`}>
      <p className="install-agent__message">{result.message}</p>
      {showCommand && result.runCommand && (
        <RunCommand
          command={result.runCommand}
          copyRef={copyRef}
          label={
            result.started === 'not-started'
              ? 'Run on the host, as root, then install again:'
              : 'Restart it there to run the new version:'
          }
        />
      )}
      <dl className="facts install-agent__facts">
        <dt>Agent</dt>
        <dd>{startedWords[result.started]}</dd>
        <dt>Version</dt>
        <dd>{result.agentVersion ?? 'not answering yet'}</dd>
        <dt>Installed to</dt>
        <dd className="mono">{result.installedTo}</dd>
        <dt>Bundle SHA-256</dt>
        <dd className="mono install-agent__sha">{result.bundleSha256}</dd>
      </dl>
    </div>
  );
}

/** Puts text on the clipboard: the async Clipboard API, else a selected textarea and the copy command. */
async function copyText(text: string, near: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // A modal dialog makes the rest of the page inert: the textarea goes inside it.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    (near?.closest('dialog') ?? document.body).append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      near?.focus();
    }
  }
}

function RunCommand({ command, label, copyRef }: { command: string; label: string; copyRef: Ref<HTMLButtonElement> }) {
  const id = useId();
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return (
    <div className="install-agent__command">
      <p id={`${id}-label`} className="install-agent__command-label">
        {label}
      </p>
      <div className="install-agent__command-row">
        <pre className="mono install-agent__command-text" aria-labelledby={`${id}-label`}>
          <code>{command}</code>
        </pre>
        <button
          ref={copyRef}
          type="button"
          onClick={(e) => {
            const button = e.currentTarget;
            void copyText(command, button).then((ok) => setCopied(ok ? 'yes' : 'failed'));
          }}
        >
          Copy
        </button>
      </div>
      <p className="field-hint install-agent__copied" role="status">
        {copied === 'yes' && 'Copied.'}
        {copied === 'failed' && 'Could not copy: select the command and copy it by hand.'}
      </p>
    </div>
  );
}

/** The host header's "Install agent" (SSH hosts) or "Reinstall / upgrade agent" (agent hosts through SSH) button. */
export function InstallAgentButton({ host }: { host: Host }) {
  const [openAs, setOpenAs] = useState<InstallAgentMode | null>(null);
  const mode = installAgentModeOf(host);
  // Kept while its dialog is open: the host may switch to the agent kind meanwhile.
  if (!mode && !openAs) return null;
  return (
    <>
      {mode && (
        <button type="button" className="install-agent__button" onClick={() => setOpenAs(mode)}>
          {buttonLabel[mode]}
        </button>
      )}
      {openAs &&
        createPortal(<InstallAgentDialog host={host} mode={openAs} onClose={() => setOpenAs(null)} />, document.body)}
    </>
  );
}
