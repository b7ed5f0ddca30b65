import { describe, expect, it } from 'vitest';
import { classifyTlsError, describeTlsError, TlsSetupError } from './tls-errors';

const address = 'tcp://box1.example.com:2376';

/** An error shaped the way Node reports it: message, code and the extra fields it sets. */
function nodeError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

// What can be produced on this machine (refused, plain HTTP, each certificate
// problem, timeouts) is checked against real endpoints in tls-docker.int.test.ts.
// These are the failures that need another network or another kind of server.
describe('describeTlsError', () => {
  it('says a host name was not found, naming it', () => {
    const err = nodeError('getaddrinfo ENOTFOUND box1.example.com', {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'box1.example.com',
    });
    expect(describeTlsError(err, address)).toBe(
      "The host name in tcp://box1.example.com:2376 was not found (box1.example.com). Check its spelling, or use the host's IP address.",
    );
  });

  it('tells a DNS server that did not answer from a name that does not exist', () => {
    const err = nodeError('getaddrinfo EAI_AGAIN box1.example.com', {
      code: 'EAI_AGAIN',
      hostname: 'box1.example.com',
    });
    expect(describeTlsError(err, address)).toBe(
      "The host name in tcp://box1.example.com:2376 could not be looked up right now (the name server did not answer). Check this computer's network and DNS, or use the host's IP address.",
    );
  });

  it('says the host did not answer in time on a connect timeout', () => {
    const err = nodeError('connect ETIMEDOUT 203.0.113.9:2376', { code: 'ETIMEDOUT', syscall: 'connect' });
    expect(classifyTlsError(err, address)).toEqual({
      failure: 'timeout',
      message:
        'The Docker host at tcp://box1.example.com:2376 did not answer in time. Check the address, that the host is up, and that no firewall drops traffic to that port.',
    });
  });

  it('says there is no route to the host', () => {
    const err = nodeError('connect EHOSTUNREACH 203.0.113.9:2376', { code: 'EHOSTUNREACH' });
    expect(classifyTlsError(err, address).failure).toBe('unreachable');
  });

  it('reads the alerts OpenSSL-based servers send about a client certificate as a refused client certificate', () => {
    for (const code of [
      'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    ]) {
      expect(describeTlsError(nodeError('alert', { code }), address)).toBe(
        "The Docker host at tcp://box1.example.com:2376 refused ZedOps's client certificate: it is missing, expired, or not issued by the CA the Docker host trusts. Use a client certificate signed by the CA the daemon was started with (--tlscacert).",
      );
    }
  });

  it('reads "packet length too long" as an endpoint that does not speak TLS', () => {
    const err = nodeError(
      'C0:error:0A0000C6:SSL routines:tls_get_more_records:packet length too long:ssl3_record.c:322:',
      {
        code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG',
      },
    );
    expect(classifyTlsError(err, address).failure).toBe('not-tls');
  });

  it("falls back to OpenSSL's short reason, never its error line or a stack", () => {
    const err = nodeError(
      '80AC6BAF757F0000:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:322:\n',
      { code: 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING', reason: 'unexpected eof while reading' },
    );
    const text = describeTlsError(err, address);
    expect(text).toBe(
      'Could not connect to the Docker host at tcp://box1.example.com:2376: unexpected eof while reading.',
    );
  });

  it('takes the first line of any other error, and copes with values that are not errors', () => {
    expect(describeTlsError(new Error('something odd\n    at Socket.<anonymous> (x.js:1:1)'), address)).toBe(
      'Could not connect to the Docker host at tcp://box1.example.com:2376: something odd.',
    );
    expect(describeTlsError('boom', address)).toBe(
      'Could not connect to the Docker host at tcp://box1.example.com:2376: boom.',
    );
  });

  it('passes a TlsSetupError through unchanged', () => {
    const err = new TlsSetupError('The client key is encrypted.', { failure: 'credentials' });
    expect(classifyTlsError(err, address)).toEqual({ failure: 'credentials', message: 'The client key is encrypted.' });
  });
});
