import { lifecycleSuite } from './lifecycle-suite';

// The lifecycle suite on a host reached through an SSH connection to its Docker socket.
lifecycleSuite('ssh');
