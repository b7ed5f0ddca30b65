import { describe, expect, it } from 'vitest';
import { parseTcpDockerAddress } from './tcp-address';
import { TlsSetupError } from './tls-errors';

function refusal(text: string): TlsSetupError {
  try {
    parseTcpDockerAddress(text);
  } catch (err) {
    expect(err).toBeInstanceOf(TlsSetupError);
    expect((err as TlsSetupError).name).toBe('TlsSetupError');
    return err as TlsSetupError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseTcpDockerAddress', () => {
  it('reads tcp://host:port', () => {
    expect(parseTcpDockerAddress('tcp://docker.example.com:2377')).toEqual({
      host: 'docker.example.com',
      port: 2377,
      address: 'tcp://docker.example.com:2377',
    });
  });

  it("uses Docker's TLS port 2376 when none is given", () => {
    expect(parseTcpDockerAddress(' tcp://10.0.0.5 ').address).toBe('tcp://10.0.0.5:2376');
  });

  it('normalises https:// and the bare HOST:PORT shorthand to tcp://', () => {
    expect(parseTcpDockerAddress('https://Box1.Example.com:2376/').address).toBe('tcp://box1.example.com:2376');
    expect(parseTcpDockerAddress('box1:2400').address).toBe('tcp://box1:2400');
  });

  it('reads IPv6 in brackets, with and without a port', () => {
    expect(parseTcpDockerAddress('tcp://[2001:DB8::5]:2400')).toEqual({
      host: '2001:db8::5',
      port: 2400,
      address: 'tcp://[2001:db8::5]:2400',
    });
    expect(parseTcpDockerAddress('tcp://[::1]').address).toBe('tcp://[::1]:2376');
  });

  it('refuses http:// saying TLS is required and verification is never off', () => {
    expect(refusal('http://box1:2375').message).toBe(
      '"http://box1:2375" is plain HTTP, which would reach Docker without TLS. ZedOps talks to a remote Docker Engine only over TLS, and never turns certificate verification off: write tcp://HOST:2376 and give the host\'s CA and a client certificate, or add the host over SSH.',
    );
  });

  it('sends unix:// to a local host and ssh:// to an SSH host', () => {
    expect(refusal('unix:///var/run/docker.sock').message).toBe(
      '"unix:///var/run/docker.sock" is a Docker socket on this computer, not a TCP address: add it as a local host instead.',
    );
    expect(refusal('ssh://root@box1').message).toBe(
      '"ssh://root@box1" is an SSH address: add it as an SSH host instead, and ZedOps reaches Docker through SSH without TLS certificates.',
    );
  });

  it('refuses an address without a host', () => {
    expect(refusal('tcp://:2376').message).toBe('"tcp://:2376" names no host. Write it as tcp://HOST:2376.');
    expect(refusal('  ').message).toBe('No Docker address was given. Write it as tcp://HOST:2376.');
  });

  it('refuses a port that is not a number from 1 to 65535', () => {
    for (const port of ['0', '65536', 'abc', '']) {
      expect(refusal(`tcp://box1:${port}`).message).toBe(
        `"tcp://box1:${port}" has an invalid port "${port}": use a number from 1 to 65535 (Docker's TLS port is usually 2376).`,
      );
    }
  });

  it('refuses paths, queries and user names', () => {
    expect(refusal('tcp://box1:2376/v1.41').message).toBe(
      '"tcp://box1:2376/v1.41" has a path or query after the host; a Docker address is only tcp://HOST:PORT.',
    );
    expect(refusal('tcp://box1:2376?tls=1').message).toMatch(/has a path or query after the host/);
    expect(refusal('tcp://admin@box1:2376').message).toMatch(/has a user name/);
  });

  it('asks for brackets around IPv6 and refuses what is not a host name', () => {
    expect(refusal('tcp://2001:db8::5').message).toBe(
      '"tcp://2001:db8::5" looks like an IPv6 address: put it in brackets, as in tcp://[2001:db8::1]:2376.',
    );
    expect(refusal('tcp://[box1]:2376').message).toBe('"[box1]" in "tcp://[box1]:2376" is not an IPv6 address.');
    expect(refusal('tcp://bad_host!:2376').message).toBe(
      '"bad_host!" in "tcp://bad_host!:2376" is not a valid host name.',
    );
  });

  it('refuses other schemes, naming the form to use', () => {
    expect(refusal('tls://box1:2376').message).toBe(
      '"tls://box1:2376" is not a Docker TLS address (tls://). Write it as tcp://HOST:2376.',
    );
  });
});
