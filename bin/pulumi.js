'use strict';
// Pulumi program entry (Pulumi.yaml `main`): the stack name picks the environment of stacks/. In a source
// checkout it runs the TypeScript sources; installed, the compiled program. A consumer's own entry is
// `require('vks-bigip/transpile-hook'); module.exports = require('vks-bigip/pulumi').defineProgram();`.
const { isSourceCheckout } = require('./source-alias');
require('./transpile-hook');
const program = isSourceCheckout() ? '../lib/pulumi/program.ts' : '../build/lib/pulumi/program.js';
module.exports = require(program).defineProgram();
