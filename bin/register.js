'use strict';
// Lets Node load the project's TypeScript sources (lib/, components/, stacks/) directly,
// the way ts-node's transpile-only mode does: type errors are the job of `npm run typecheck`.
// Transpiled output is cached by content hash in node_modules/.cache, so only changed files pay.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const compilerOptions = {
  module: 1, // ts.ModuleKind.CommonJS
  target: 9, // ts.ScriptTarget.ES2022
  esModuleInterop: true,
  inlineSourceMap: true,
};
const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'vks-bigip-ts');
let ts;

function transpile(source, filename) {
  ts ??= require('typescript');
  const key = crypto.createHash('sha256').update(`${ts.version}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, outputText);
    fs.renameSync(temporary, cached);
  } catch {
    // A read-only node_modules only costs speed.
  }
  return outputText;
}

if (!require.extensions['.ts']) {
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}
