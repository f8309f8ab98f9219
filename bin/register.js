'use strict';
// Source checkout: load the project's TypeScript sources (lib/, components/, stacks/) directly. Two separable
// parts: the transpile hook (any `.ts` module, also used by an installed package for a user's app module)
// and the source alias (`vks-bigip` → lib/*.ts, only where the sources are present).
require('./transpile-hook');
require('./source-alias');
