'use strict';
// A V8 code cache for the CommonJS modules of one CLI run, so that a start-up does not parse and compile
// the same few hundred modules (cdk8s-plus-34's 3.6 MB k8s.js among them) again on every command.
// Node 22 has this built in (module.enableCompileCache); Node 20 does not. The npm package
// v8-compile-cache takes its cache when a module is compiled, before any function has run, which holds
// almost nothing V8 compiles lazily; on our synth it measured no faster. Here the cache of a module is
// taken when the process exits, after the run compiled what it needed.
//
// A module is compiled as Node's own loader compiles it (the same wrapper, filename, `this`, and
// require function), from cached data when the cache has an entry for its exact content. The cache lives
// beside the transpile cache (node_modules/.cache/vks-bigip-v8); a miss, a rejected entry or an
// unwritable folder only costs speed. Off with VKS_BIGIP_CODE_CACHE=0, and off where source maps are on
// (--verbose): Node maps stack traces only for modules its loader compiled.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/**
 * `<dir>/node_modules/.cache/<name>`: the installing project's cache when installed, else this checkout's.
 * The transpile cache (vks-bigip-ts) lives there too.
 */
function cacheFolder(name) {
  const packageDir = path.join(__dirname, '..');
  const parent = path.dirname(packageDir);
  return path.basename(parent) === 'node_modules'
    ? path.join(parent, '.cache', name)
    : path.join(packageDir, 'node_modules', '.cache', name);
}

/** The key of a module's cache entry: V8's cache is valid for one V8 build, one file and one content. */
function entryKey(filename, content) {
  return crypto
    .createHash('sha1')
    .update(`v1\0${process.version}\0${process.arch}\0${filename}\0`)
    .update(content)
    .digest('hex');
}

/** `import(` as a call, wherever it appears (comments included: those modules just go uncached). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/** Node's `require` for `mod` (lib/internal/modules/helpers makeRequireFunction), which it does not export. */
function requireFunctionOf(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Installs the cache for this process. Returns counts for tests: modules compiled from the cache
 * (hits), modules whose cache is written at exit (misses), and modules left to Node's loader (skipped).
 */
function installCodeCache(directory = cacheFolder('vks-bigip-v8')) {
  const stats = { hits: 0, misses: 0, skipped: 0 };
  /** Scripts compiled without a usable entry: their cache is written at exit. */
  const pending = [];
  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    // import() from a vm.Script needs an experimental loader option that warns when used: a module that
    // may import() is left to Node's loader.
    if (DYNAMIC_IMPORT.test(content)) {
      stats.skipped += 1;
      return nodeCompile.call(this, content, filename);
    }
    // Node strips a shebang line; a comment keeps every line number where it was.
    const source = content.startsWith('#!') ? `//${content}` : content;
    const entry = path.join(directory, `${entryKey(filename, source)}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(Module.wrap(source), {
      filename,
      cachedData,
      // Only a safety net: modules that call import() are not compiled here.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected) {
      stats.misses += 1;
      pending.push({ entry, script });
    } else {
      stats.hits += 1;
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(
      this.exports,
      this.exports,
      requireFunctionOf(this),
      this,
      filename,
      path.dirname(filename),
    );
  };
  process.once('exit', () => {
    if (pending.length === 0) return;
    try {
      fs.mkdirSync(directory, { recursive: true });
      for (const { entry, script } of pending) {
        const temporary = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, entry);
      }
    } catch {
      // A read-only node_modules only costs speed.
    }
  });
  return stats;
}

/** Whether this run should use the cache: not when disabled, nor when stack traces are source-mapped. */
function wantsCodeCache(argv = process.argv, env = process.env) {
  return env.VKS_BIGIP_CODE_CACHE !== '0' && env.VKS_BIGIP_SOURCE_MAPS !== '1' && !argv.includes('--verbose');
}

module.exports = { installCodeCache, wantsCodeCache, cacheFolder };
