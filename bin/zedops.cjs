#!/usr/bin/env node
'use strict';
// The `zedops` command: runs the CLI bundle built by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'cli', 'zedops.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('zedops: this checkout is not built yet. Run "npm run build" first.\n');
  process.exit(1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
