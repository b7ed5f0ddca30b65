/** What went wrong reaching a Docker TLS endpoint, for code that wants more than the sentence. */
export type TlsFailure =
  | 'invalid-address'
  | 'credentials'
  | 'untrusted-host-certificate'
  | 'host-certificate-expired'
  | 'host-certificate-not-yet-valid'
  | 'host-name-mismatch'
  | 'client-certificate-refused'
  | 'handshake-failed'
  | 'not-tls'
  | 'not-docker'
  | 'connection-refused'
  | 'timeout'
  | 'host-not-found'
  | 'unreachable'
  | 'connection-reset'
  | 'other';

/** A TLS host that cannot be set up or reached; the message is a sentence for the user. */
export class TlsSetupError extends Error {
  readonly failure: TlsFailure;

  constructor(message: string, options: { failure: TlsFailure; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TlsSetupError';
    this.failure = options.failure;
  }
}

/** Verification errors OpenSSL reports when the host's chain does not lead to the CA we were given. */
const untrustedCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/**
 * TLS alerts a server sends when it does not accept the client's certificate.
 * Docker's daemon (Go) sends bad_certificate for a missing, foreign or expired
 * client certificate; OpenSSL-based proxies send the more specific ones.
 */
const clientRefusedCode =
  /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)$/;

/** What OpenSSL says when the bytes coming back are not a TLS record: plain HTTP, SSH, anything else. */
const notTlsCode = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|RECORD_LAYER_FAILURE)$/;

interface ErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  reason?: unknown;
  statusCode?: unknown;
  hostname?: unknown;
  cert?: { subjectaltname?: unknown };
  cause?: unknown;
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Node reports an OpenSSL failure as ERR_SSL_<REASON> when it happens on a
 * read, but as EPROTO with OpenSSL's text ("...:SSL routines:ssl3_get_record:
 * wrong version number:...") when it happens on a write. Both become ERR_SSL_<REASON>.
 */
function sslCode(code: string, message: string): string {
  if (code.startsWith('ERR_SSL_')) return code;
  const reason = /SSL routines:[^:]*:([^:]+):/.exec(message)?.[1];
  return reason
    ? `ERR_SSL_${reason
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')}`
    : code;
}

function isTimeout(e: ErrorShape): boolean {
  const code = str(e.code);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return true;
  if (e.name === 'TimeoutError') return true;
  // An AbortSignal.timeout() that fired: the request fails with AbortError, its cause says why.
  return code === 'ABORT_ERR' && shape(e.cause).name === 'TimeoutError';
}

/** The readable part of an error: OpenSSL's short reason rather than its "80AC...:error:0A000412:..." line. */
function shortMessage(e: ErrorShape, err: unknown): string {
  const reason = str(e.reason);
  const message = str(e.message) ?? (typeof err === 'string' ? err : String(err));
  const firstLine = message.split('\n')[0]?.trim() ?? '';
  if (reason && /:error:[0-9A-F]{8}:/i.test(firstLine)) return reason;
  return firstLine || reason || 'unknown error';
}

/** Classifies a failure to reach a Docker TLS endpoint; see describeTlsError. */
export function classifyTlsError(err: unknown, address: string): { failure: TlsFailure; message: string } {
  if (err instanceof TlsSetupError) return { failure: err.failure, message: err.message };
  const e = shape(err);
  const code = sslCode(str(e.code) ?? '', str(e.message) ?? '');

  if (untrustedCodes.has(code)) {
    return {
      failure: 'untrusted-host-certificate',
      message: `The Docker host at ${address} presented a certificate that is not signed by the CA you gave, so ZedOps does not trust it. Use the CA certificate (ca.pem) that signed the host's certificate.`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return {
      failure: 'host-certificate-expired',
      message: `The Docker host at ${address} presented a certificate that has expired. Renew the host's server certificate (the daemon's --tlscert) and restart Docker there.`,
    };
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return {
      failure: 'host-certificate-not-yet-valid',
      message: `The Docker host at ${address} presented a certificate that is not valid yet. Check the clock on this computer and on the Docker host.`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = str(e.cert?.subjectaltname);
    const listed = names ? ` (it lists ${names})` : ' (it lists no names)';
    return {
      failure: 'host-name-mismatch',
      message: `The certificate of the Docker host at ${address} is not issued for that host name or address${listed}. Connect with a name the certificate lists, or reissue the host's certificate for this one.`,
    };
  }
  if (clientRefusedCode.test(code)) {
    return {
      failure: 'client-certificate-refused',
      message: `The Docker host at ${address} refused ZedOps's client certificate: it is missing, expired, or not issued by the CA the Docker host trusts. Use a client certificate signed by the CA the daemon was started with (--tlscacert).`,
    };
  }
  if (/^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_HANDSHAKE_FAILURE$/.test(code)) {
    return {
      failure: 'handshake-failed',
      message: `The Docker host at ${address} ended the TLS handshake: it may require a client certificate that was not sent, or it shares no TLS version or cipher with ZedOps.`,
    };
  }
  if (notTlsCode.test(code)) {
    return {
      failure: 'not-tls',
      message: `${address} does not answer with TLS: the port serves Docker without TLS (or another service), which ZedOps refuses to use. Turn on TLS on the daemon (--tlsverify with --tlscacert, --tlscert and --tlskey, usually on port 2376), or add the host over SSH.`,
    };
  }
  if (isTimeout(e)) {
    return {
      failure: 'timeout',
      message: `The Docker host at ${address} did not answer in time. Check the address, that the host is up, and that no firewall drops traffic to that port.`,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        failure: 'connection-refused',
        message: `Nothing accepts connections at ${address} (connection refused). Check the address and port, and that the Docker daemon listens on TCP with TLS there (usually port 2376).`,
      };
    case 'ENOTFOUND':
      return {
        failure: 'host-not-found',
        message: `The host name in ${address} was not found${str(e.hostname) ? ` (${str(e.hostname)})` : ''}. Check its spelling, or use the host's IP address.`,
      };
    case 'EAI_AGAIN':
      return {
        failure: 'host-not-found',
        message: `The host name in ${address} could not be looked up right now (the name server did not answer). Check this computer's network and DNS, or use the host's IP address.`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        failure: 'unreachable',
        message: `The Docker host at ${address} cannot be reached from this computer (no route to it). Check the address and this computer's network.`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        failure: 'connection-reset',
        message: `The Docker host at ${address} closed the connection before answering. The port may not be a Docker TLS endpoint, or a firewall or proxy cut the connection.`,
      };
  }
  if (typeof e.statusCode === 'number') {
    return {
      failure: 'not-docker',
      message: `${address} answered over TLS, but not like a Docker Engine (HTTP ${e.statusCode}). Check that the address is the Docker daemon's TLS port and not a proxy or another service.`,
    };
  }
  return {
    failure: 'other',
    message: `Could not connect to the Docker host at ${address}: ${shortMessage(e, err)}.`.replace(/\.\.$/, '.'),
  };
}

/**
 * One clear sentence for what Node, OpenSSL or dockerode reported when
 * connecting to a Docker TLS endpoint: which side's certificate is wrong and
 * what to do about it. Never a stack trace.
 */
export function describeTlsError(err: unknown, address: string): string {
  return classifyTlsError(err, address).message;
}
