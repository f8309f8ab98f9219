import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The ```ts blocks of the narrative pages (docs/*.md) type-check against the current API and run, so a
 * rename on main cannot leave a page teaching a name that no longer exists, and no example fails
 * validation. A page's blocks form one module: its imports are hoisted, the first block sets the scene
 * (its declarations, `app` among them, are visible to the later blocks), and every later block is its own
 * `{ … }` scope, so variations may reuse names. The compiler gets the modules from memory, next to the
 * pages, so `vks-bigip` resolves through tsconfig.json's `paths` to the sources; each module then runs in
 * a child process (the checkout's TypeScript hook) and every stack of its `app` is synthesized in memory.
 */

const ROOT = path.resolve(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs');
const pages = fs
  .readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .sort();

/** The ```ts blocks of a markdown text. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

/** One module from a page's blocks; `lines[i]` is the page line of module line i (1-based, 0 = glue). */
function moduleOf(markdown: string): { text: string; lines: number[] } {
  const imports: Array<[string, number]> = [];
  const body: Array<[string, number]> = [];
  const pageLines = markdown.split('\n');
  let inBlock = false;
  let blockIndex = -1;
  let inImport = false;
  pageLines.forEach((line, i) => {
    if (!inBlock && line === '```ts') {
      inBlock = true;
      blockIndex += 1;
      if (blockIndex > 0) body.push(['{', 0]);
      return;
    }
    if (inBlock && line === '```') {
      inBlock = false;
      if (blockIndex > 0) body.push(['}', 0]);
      return;
    }
    if (!inBlock) return;
    if (/^import\b/.test(line) || inImport) {
      imports.push([line, i + 1]);
      inImport = !/;\s*$/.test(line);
      return;
    }
    body.push([line, i + 1]);
  });
  const all: Array<[string, number]> = [
    ...imports,
    ['export {};', 0],
    ...body,
    ["module.exports.app = typeof app === 'undefined' ? undefined : app;", 0],
  ];
  return { text: all.map(([l]) => l).join('\n'), lines: all.map(([, n]) => n) };
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, noUnusedLocals: false };
}

/** Runs a page's module (as JavaScript) natively and synthesizes every stack of its `app`. */
function runModule(file: string, js: string): Promise<{ code: number | null; output: string }> {
  const runner = `
    require(${JSON.stringify(path.join(ROOT, 'bin', 'register.js'))});
    const Module = require('node:module');
    const { synthesizeStack } = require(${JSON.stringify(path.join(ROOT, 'lib', 'core', 'synth.ts'))});
    const file = ${JSON.stringify(file.replace(/\.ts$/, '.js'))};
    const m = new Module(file, module);
    m.filename = file;
    m.paths = Module._nodeModulePaths(require('node:path').dirname(file));
    m._compile(require('node:fs').readFileSync(0, 'utf8'), file);
    const app = m.exports.app;
    if (!app) throw new Error('the first block of the page defines no app');
    let files = 0;
    for (const stack of app.stacks) files += synthesizeStack(stack).files.size;
    console.log(app.stacks.length + ' stacks, ' + files + ' files');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', runner], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(js);
  });
}

/** The index and the generated rule catalogue have no code of their own. */
const GENERATED_OR_INDEX = new Set(['README.md', 'rules.md']);

describe('the code of the narrative pages', () => {
  it('has pages with code', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages.filter((p) => !GENERATED_OR_INDEX.has(p)))
      expect(tsBlocks(fs.readFileSync(path.join(DOCS, page), 'utf8')).length, page).toBeGreaterThan(0);
  });

  it('type-checks against the current API, runs, and synthesizes', async () => {
    const modules = new Map<string, { text: string; lines: number[]; page: string }>();
    for (const page of pages) {
      const markdown = fs.readFileSync(path.join(DOCS, page), 'utf8');
      if (tsBlocks(markdown).length === 0) continue;
      modules.set(path.join(DOCS, `${page}.snippets.ts`), { ...moduleOf(markdown), page });
    }
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.fileExists = (file) => modules.has(file) || fileExists(file);
    host.readFile = (file) => modules.get(file)?.text ?? readFile(file);
    host.getSourceFile = (file, language, onError, create) => {
      const module = modules.get(file);
      return module
        ? ts.createSourceFile(file, module.text, language, true)
        : getSourceFile(file, language, onError, create);
    };
    const program = ts.createProgram([...modules.keys()], options, host);
    const problems = [...modules.keys()]
      .map((file) => program.getSourceFile(file) as ts.SourceFile)
      .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
      .map((d) => {
        const module = modules.get(d.file?.fileName as string);
        const { line } = (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0);
        return `docs/${module?.page}:${module?.lines[line] ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);

    for (const [file, module] of modules) {
      const { outputText } = ts.transpileModule(module.text, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
      });
      const run = await runModule(file, outputText);
      expect(run.output, `docs/${module.page} runs and synthesizes`).toMatch(/^\d+ stacks, \d+ files\n$/);
      expect(run.code).toBe(0);
    }
  }, 120_000);
});
