import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Test support: certificates made with the openssl CLI, in a folder the test owns. */
export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

const p256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function load(certFile: string, keyFile: string): TestCert {
  return { certFile, keyFile, cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
}

/** An existing CA from its two files, to sign with. */
export function existingCa(certFile: string, keyFile: string): TestCert {
  return load(certFile, keyFile);
}

/** A self-signed CA valid for a day around now. */
export function makeCa(dir: string, stem: string, commonName = `${stem} test CA`): TestCert {
  const certFile = path.join(dir, `${stem}.pem`);
  const keyFile = path.join(dir, `${stem}-key.pem`);
  openssl(
    [
      'req',
      '-x509',
      ...p256,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/CN=${commonName}`,
      '-days',
      '2',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return load(certFile, keyFile);
}

export interface IssueOptions {
  ca: TestCert;
  commonName: string;
  usage: 'client' | 'server';
  /** For server certificates: "IP:127.0.0.1,DNS:localhost" by default. */
  altNames?: string;
  notBefore?: Date;
  notAfter?: Date;
}

/** YYYYMMDDHHMMSSZ, as openssl ca -startdate/-enddate take it. */
function asn1Time(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/**
 * A certificate signed by `ca`, with any validity window: `openssl ca`
 * -startdate/-enddate (OpenSSL 3.0's `x509 -req` has no -not_before/-not_after),
 * from a throwaway CA database of its own.
 */
export function issueCert(dir: string, stem: string, options: IssueOptions): TestCert {
  const work = fs.mkdtempSync(path.join(dir, `${stem}-ca-`));
  fs.mkdirSync(path.join(work, 'new'));
  fs.writeFileSync(path.join(work, 'index.txt'), '');
  fs.writeFileSync(
    path.join(work, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      'database = ./index.txt',
      'new_certs_dir = ./new',
      'rand_serial = yes',
      'default_md = sha256',
      'policy = any_name',
      'unique_subject = no',
      'email_in_dn = no',
      'copy_extensions = none',
      '[any_name]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const extensions =
    options.usage === 'client'
      ? ['basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = clientAuth']
      : [
          'basicConstraints = CA:FALSE',
          'keyUsage = critical, digitalSignature',
          'extendedKeyUsage = serverAuth',
          `subjectAltName = ${options.altNames ?? 'IP:127.0.0.1,DNS:localhost'}`,
        ];
  fs.writeFileSync(path.join(work, 'ext.cnf'), `${extensions.join('\n')}\n`);

  const certFile = path.join(dir, `${stem}.pem`);
  const keyFile = path.join(dir, `${stem}-key.pem`);
  const now = Date.now();
  openssl(['req', '-new', ...p256, '-keyout', keyFile, '-out', 'req.csr', '-subj', `/CN=${options.commonName}`], work);
  openssl(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      options.ca.certFile,
      '-keyfile',
      options.ca.keyFile,
      '-in',
      'req.csr',
      '-out',
      certFile,
      '-notext',
      '-extfile',
      'ext.cnf',
      '-startdate',
      asn1Time(options.notBefore ?? new Date(now - 3600_000)),
      '-enddate',
      asn1Time(options.notAfter ?? new Date(now + 86_400_000)),
    ],
    work,
  );
  return load(certFile, keyFile);
}
