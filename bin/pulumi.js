'use strict';
// Pulumi program entry (Pulumi.yaml `main`): the stack name picks the environment of stacks/.
require('./register');
module.exports = require('../lib/pulumi/program.ts').defineProgram();
