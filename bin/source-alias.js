'use strict';
// In a source checkout of vks-bigip, `vks-bigip` and `vks-bigip/<entry>` resolve to the TypeScript sources
// (lib/**/*.ts), so the example stacks import the package root exactly as a consumer's stacks do, without a
// build. Needs the transpile hook to load them. In an installed package there are no sources next to this
// file, and this does nothing: the exports map of package.json serves the compiled build/lib/.
const fs = require('node:fs');
const path = require('node:path');

const sourceEntries = {
  '': 'index.ts',
  testing: 'testing/index.ts',
  simulator: 'simulator/index.ts',
  bigip: 'bigip/index.ts',
  pulumi: 'pulumi/index.ts',
};
const sourceRoot = path.join(__dirname, '..', 'lib');

/** True where this file sits in a source checkout (the TypeScript sources are next to it). */
function isSourceCheckout() {
  return fs.existsSync(path.join(sourceRoot, 'index.ts'));
}

if (isSourceCheckout() && !globalThis.__vksBigipSourceAlias) {
  globalThis.__vksBigipSourceAlias = true;
  const Module = require('node:module');
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveVksBigip(request, ...rest) {
    if (request === 'vks-bigip' || request.startsWith('vks-bigip/')) {
      const entry = sourceEntries[request === 'vks-bigip' ? '' : request.slice('vks-bigip/'.length)];
      if (entry) return path.join(sourceRoot, entry);
    }
    return resolveFilename.call(this, request, ...rest);
  };
}

module.exports = { isSourceCheckout };
