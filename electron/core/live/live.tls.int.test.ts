import { reconcilerSuite } from './reconciler-suite';

// The reconciler suite on a host reached over TCP with mutual TLS.
reconcilerSuite('tls');
