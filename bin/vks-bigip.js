#!/usr/bin/env node
'use strict';
// The CLI. In a source checkout it runs the TypeScript sources; installed from the package, the compiled
// build/lib/. Either way the transpile hook is on, so the user's app module (stacks/index.ts) loads as is.
// Modules are compiled through a V8 code cache first: start-up is mostly compiling them.
const codeCache = require('./code-cache');
if (codeCache.wantsCodeCache()) codeCache.installCodeCache();
const { isSourceCheckout } = require('./source-alias');
require('./transpile-hook');
const main = isSourceCheckout() ? '../lib/cli/main.ts' : '../build/lib/cli/main.js';
require(main).main(process.argv);
