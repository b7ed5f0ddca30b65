import { lifecycleSuite } from './lifecycle-suite';

// The lifecycle suite on a host reached through its ZedOps agent (its unix socket, through SSH).
lifecycleSuite('agent');
