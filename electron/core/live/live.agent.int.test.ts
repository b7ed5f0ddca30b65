import { reconcilerSuite } from './reconciler-suite';

// The reconciler suite on a host reached through its ZedOps agent (its unix socket, through SSH).
reconcilerSuite('agent');
