import { reconcilerSuite } from './reconciler-suite';

// The reconciler suite on a host reached through the local Docker socket.
reconcilerSuite('local');
