#!/usr/bin/env node
'use strict';
require('./register');
require('../lib/cli/main.ts').main(process.argv);
