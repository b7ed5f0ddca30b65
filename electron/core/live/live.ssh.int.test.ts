import { reconcilerSuite } from './reconciler-suite';

// The reconciler suite on a host reached through an SSH connection to its Docker socket.
reconcilerSuite('ssh');
