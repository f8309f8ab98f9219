'use strict';
// Pulumi program entry of this checkout (Pulumi.yaml `main`): the stack name picks the environment of
// stacks/. An app that installs the package has its own entry; see examples/consumer-app/index.js.
require('./register');
module.exports = require('../lib/pulumi/program.ts').defineProgram();
