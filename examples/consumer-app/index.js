'use strict';
// Pulumi program entry (Pulumi.yaml `main`): the Pulumi stack name picks the stack of stacks/index.ts,
// which the transpile hook loads as TypeScript on the fly.
require('vks-bigip/transpile-hook');
module.exports = require('vks-bigip/pulumi').defineProgram();
