import { lifecycleSuite } from './lifecycle-suite';

// The lifecycle suite on a host reached through the local Docker socket.
lifecycleSuite('local');
