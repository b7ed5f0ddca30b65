import { lifecycleSuite } from './lifecycle-suite';

// The lifecycle suite on a host reached over TCP with mutual TLS.
lifecycleSuite('tls');
