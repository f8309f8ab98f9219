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
  const key = crypto.createHash('sha256').update(`v2\0${ts.version}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
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
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}

// In a source checkout, `vks-bigip` and `vks-bigip/<entry>` resolve to the TypeScript sources, so the
// example stacks import the package root exactly as a consumer's stacks do.
const sourceEntries = {
  '': 'index.ts',
  testing: 'testing/index.ts',
  simulator: 'simulator/index.ts',
  bigip: 'bigip/index.ts',
  pulumi: 'pulumi/index.ts',
};
const sourceRoot = path.join(__dirname, '..', 'lib');
if (fs.existsSync(path.join(sourceRoot, 'index.ts')) && !globalThis.__vksBigipSourceAlias) {
  globalThis.__vksBigipSourceAlias = true;
  const Module = require('node:module');
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveVksBigip(request, ...rest) {
    if (request === 'vks-bigip' || request.startsWith('vks-bigip/')) {
      const entry = sourceEntries[request === 'vks-bigip' ? '' : request.slice('vks-bigip/'.length)];
      if (entry) return path.join(sourceRoot, entry);
    }
    return resolveFilename.call(this, request, ...rest);
  };
}
