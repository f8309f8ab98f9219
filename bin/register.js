'use strict';
// Lets Node load the project's TypeScript sources (lib/, components/, stacks/) directly,
// the way ts-node's transpile-only mode does: type errors are the job of `npm run typecheck`.
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  inlineSources: false,
};

if (!require.extensions['.ts']) {
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
    module._compile(outputText, filename);
  };
}
