#!/usr/bin/env node
'use strict';
// The `zedops-agent` command: runs the agent bundle built by `npm run build`.
// On a game host, run the bundle itself: node /opt/zedops-agent/zedops-agent.cjs
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'agent', 'zedops-agent.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('zedops-agent: this checkout is not built yet. Run "npm run build" first.\n');
  process.exit(1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  });
