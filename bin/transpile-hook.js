'use strict';
// Lets Node load TypeScript modules (`require('./stacks/index.ts')`) by transpiling them on the fly, the way
// ts-node's transpile-only mode does: type errors are the job of `tsc`. It is what the CLI and the Pulumi
// program use to load a user's app module, in this checkout and from an installed package alike
// (`require('vks-bigip/transpile-hook')`). Transpiled output is cached by content hash in
// node_modules/.cache/vks-bigip-ts, so only changed files pay; an unwritable cache only costs speed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const compilerOptions = {
  module: 1, // ts.ModuleKind.CommonJS
  target: 9, // ts.ScriptTarget.ES2022
  esModuleInterop: true,
  inlineSourceMap: true,
};

const cacheDir = require('./code-cache').cacheFolder('vks-bigip-ts');
let ts;

/** The compiler's version, read from its package.json: the cache key must not cost loading the compiler. */
let compilerVersion;
function typescriptVersion() {
  compilerVersion ??= JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
  return compilerVersion;
}

function transpile(source, filename) {
  const key = crypto
    .createHash('sha256')
    .update(`v2\0${typescriptVersion()}\0${filename}\0${source}`)
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  ts ??= require('typescript'); // only on a cache miss: loading the compiler costs more than the rest
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions,
    reportDiagnostics: true,
  });
  // Syntax errors are reported where they are in the TypeScript source, not in the emitted JavaScript.
  const syntax = (diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error && d.file);
  if (syntax) {
    const { line, character } = syntax.file.getLineAndCharacterOfPosition(syntax.start ?? 0);
    const text = ts.flattenDiagnosticMessageText(syntax.messageText, ' ');
    throw new SyntaxError(`${filename}:${line + 1}:${character + 1}: ${text}`);
  }
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
  // Stack traces point into the TypeScript sources only when someone will read them: decoding source
  // maps costs start-up time on every run.
  if (process.argv.includes('--verbose') || process.env.VKS_BIGIP_SOURCE_MAPS === '1')
    process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}
