import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The agent bundle `npm run build` made, as the desktop installs it. */
export const builtAgentBundle = path.resolve('out', 'agent', 'zedops-agent.cjs');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface AgentProcess {
  child: ChildProcess;
  /** What it wrote so far (JSON log lines on stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not stopped within 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `node BUNDLE ARGS`, as an admin would on the host (this test
 * environment's sshd runs on this machine), and waits for "zedops-agent is
 * ready." (or fails with what it said if it exits first).
 */
export async function startAgent(bundle: string, args: string[]): Promise<AgentProcess> {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const agent: AgentProcess = {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 20_000);
    const check = () => {
      if (out.includes('zedops-agent is ready.')) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stderr?.on('data', check);
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(out.includes('zedops-agent is ready.'));
    });
  });
  if (!ready) {
    await agent.stop();
    throw new Error(`The agent did not get ready:\n${out}`);
  }
  return agent;
}

/** `zedops-agent certs init`: the CA, the agent's certificate for 127.0.0.1 and the client bundle in DIR/client. */
export function makeAgentCerts(dir: string): { ca: string; serverCert: string; serverKey: string; client: string } {
  const run = spawnSync(process.execPath, [builtAgentBundle, 'certs', 'init', '--dir', dir, '--host', '127.0.0.1'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`certs init exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return {
    ca: path.join(dir, 'ca.pem'),
    serverCert: path.join(dir, 'server-cert.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
    client: path.join(dir, 'client'),
  };
}
