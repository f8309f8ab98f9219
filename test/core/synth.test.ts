import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import {
  registerArtifactSource,
  sha256,
  type IArtifactSource,
  type SynthContext,
} from '../../lib/core/artifacts';
import { toCanonicalJson, toIndexJson } from '../../lib/core/canonical';
import { SynthError } from '../../lib/core/errors';
import { FileStore } from '../../lib/core/file-store';
import { OUTPUT_MANIFEST, OutputConflictError, writeStackOutput } from '../../lib/core/output';
import { Stack } from '../../lib/core/stack';
import { collectValidationErrors, synthesizeStack } from '../../lib/core/synth';
import { Testing } from '../../lib/testing/testing';

/** A construct that renders given files and index entries. */
class FileSource extends Construct implements IArtifactSource {
  public renders = 0;
  constructor(
    scope: Construct,
    id: string,
    private readonly files: Record<string, string>,
  ) {
    super(scope, id);
    registerArtifactSource(this);
  }
  public renderArtifacts(context: SynthContext): void {
    this.renders++;
    for (const [path, content] of Object.entries(this.files)) context.addFile(path, content, this);
    context.addRecord('devices', {
      name: this.node.id,
      url: `https://${this.node.id.toLowerCase()}.example`,
      path: this.node.path,
    });
  }
}

const temporaryDirs: string[] = [];
afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vks-bigip-synth-'));
  temporaryDirs.push(dir);
  return dir;
}

describe('synthesizeStack', () => {
  it('returns every file under <stack>/ plus index.json with hashes and the records, sorted by name', () => {
    const stack = new Stack(new App(), 'dev', { description: 'd' });
    new FileSource(stack, 'B', { 'b/two.txt': 'two\n' });
    new FileSource(stack, 'A', { 'a/one.txt': 'one\n' });
    const output = synthesizeStack(stack);

    expect(output.stackName).toBe('dev');
    expect([...output.files.keys()]).toEqual([
      'dev/.gitattributes',
      'dev/REVIEW.md',
      'dev/a/one.txt',
      'dev/b/two.txt',
      'dev/index.json',
    ]);
    const hashes = {
      '.gitattributes': sha256(output.files.get('dev/.gitattributes') as string),
      'REVIEW.md': sha256(output.files.get('dev/REVIEW.md') as string),
      'a/one.txt': sha256('one\n'),
      'b/two.txt': sha256('two\n'),
    };
    expect(output.outputHash).toBe(sha256(toCanonicalJson(hashes)));
    expect(JSON.parse(output.files.get('dev/index.json') as string)).toEqual({
      stack: 'dev',
      description: 'd',
      outputHash: output.outputHash,
      files: hashes,
      devices: [
        { name: 'A', url: 'https://a.example', path: 'dev/A' },
        { name: 'B', url: 'https://b.example', path: 'dev/B' },
      ],
    });
    expect(output.records.devices.map((d) => d.name)).toEqual(['A', 'B']);
    // Canonical, one record per line: the records' own JSON in canonical key order.
    expect(output.files.get('dev/index.json')).toBe(
      toIndexJson(JSON.parse(output.files.get('dev/index.json') as string), ['stack']),
    );
    expect(output.files.get('dev/index.json')).toContain(
      '  "devices": [\n    {"name":"A","path":"dev/A","url":"https://a.example"},\n',
    );
  });

  it('collects every validation error of the stack and renders nothing', () => {
    const stack = new Stack(new App(), 'dev');
    const source = new FileSource(stack, 'Source', { 'x.txt': 'x' });
    const a = new Construct(stack, 'A');
    a.node.addValidation({ validate: () => ['first', 'second'] });
    const b = new Construct(new Construct(stack, 'Group'), 'B');
    b.node.addValidation({ validate: () => ['third'] });

    const expected = [
      { path: 'dev/A', message: 'first' },
      { path: 'dev/A', message: 'second' },
      { path: 'dev/Group/B', message: 'third' },
    ];
    expect(collectValidationErrors(stack)).toEqual(expected);
    expect(() => synthesizeStack(stack)).toThrow(SynthError);
    try {
      synthesizeStack(stack);
    } catch (error) {
      expect((error as SynthError).problems).toEqual(expected);
      expect((error as SynthError).message).toBe(
        'synthesis failed with 3 errors; nothing was written:\n  [dev/A] first\n  [dev/A] second\n  [dev/Group/B] third',
      );
    }
    expect(source.renders).toBe(0);
  });

  it('fails when two constructs render the same path, naming both', () => {
    const stack = new Stack(new App(), 'dev');
    new FileSource(stack, 'First', { 'same.txt': '1' });
    new FileSource(stack, 'Second', { 'same.txt': '2' });
    expect(() => synthesizeStack(stack)).toThrow(
      'synthesis failed with 1 error; nothing was written:\n  [dev/Second] renders same.txt, which [dev/First] already renders; give one of them another name',
    );
  });

  it('is deterministic: two syntheses give the same files', () => {
    const build = () => {
      const stack = new Stack(new App(), 'dev');
      new FileSource(stack, 'A', { 'a.txt': 'a' });
      return Testing.synth(stack);
    };
    expect(build()).toEqual(build());
  });
});

describe('Testing', () => {
  it('synth returns the tree as a plain object and parse reads YAML and JSON', () => {
    const stack = new Stack(new App(), 'dev');
    new FileSource(stack, 'A', { 'a.yaml': 'key: value\n' });
    const tree = Testing.synth(stack);
    expect(Testing.parse(tree, 'dev/a.yaml')).toEqual({ key: 'value' });
    expect(Testing.parse(tree, 'dev/index.json')).toMatchObject({ stack: 'dev' });
  });

  it('parse names the missing file and the files that exist', () => {
    expect(() => Testing.parse({ 'dev/a.yaml': '' }, 'dev/b.yaml')).toThrow(
      new Error('no file dev/b.yaml in the output; files: dev/a.yaml'),
    );
  });
});

describe('writeStackOutput', () => {
  const synthDev = (files: Record<string, string> = { 'k8s/c1/a.yaml': 'a: 1\n' }) => {
    const stack = new Stack(new App(), 'dev');
    new FileSource(stack, 'A', files);
    return synthesizeStack(stack);
  };

  it('writes a file held in deflated pieces piece by piece, byte for byte', () => {
    const out = tempDir();
    const output = synthDev();
    const files = new FileStore(10, 1000);
    const index = Array.from({ length: 300 }, (_, i) => `    {"name": "k8s/app-${i}.yaml"},\n`);
    files.set('dev/k8s/c1/a.yaml', 'a: 1\n'.repeat(10));
    files.setChunks('dev/index.json', index);
    expect([...files.pieces('dev/index.json')].length).toBeGreaterThan(5);
    writeStackOutput(out, { ...output, files });
    expect(readFileSync(join(out, 'dev', 'index.json'), 'utf8')).toBe(index.join(''));
    expect(readFileSync(join(out, 'dev', 'k8s', 'c1', 'a.yaml'), 'utf8')).toBe('a: 1\n'.repeat(10));
  });

  it('writes the stack folder and its record of what it wrote, and leaves no staging folder', () => {
    const out = tempDir();
    const output = synthDev();
    const written = writeStackOutput(out, output);
    expect(written).toEqual([
      join(out, 'dev', '.gitattributes'),
      join(out, 'dev', 'REVIEW.md'),
      join(out, 'dev', 'k8s', 'c1', 'a.yaml'),
      join(out, 'dev', 'index.json'),
    ]);
    expect(readFileSync(join(out, 'dev', 'k8s', 'c1', 'a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(readFileSync(join(out, 'dev', 'index.json'), 'utf8')).toBe(output.files.get('dev/index.json'));
    expect(JSON.parse(readFileSync(join(out, 'dev', OUTPUT_MANIFEST), 'utf8'))).toEqual({
      writer: 'vks-bigip',
      stack: 'dev',
      files: ['.gitattributes', 'REVIEW.md', 'index.json', 'k8s/c1/a.yaml'],
    });
    expect(readdirSync(out)).toEqual(['dev']);
  });

  it('replaces what it wrote before: files the new output no longer has are gone', () => {
    const out = tempDir();
    writeStackOutput(out, synthDev({ 'k8s/c1/a.yaml': 'a: 1\n', 'k8s/c1/old.yaml': 'old: 1\n' }));
    writeStackOutput(out, synthDev());
    expect(existsSync(join(out, 'dev', 'k8s', 'c1', 'old.yaml'))).toBe(false);
    expect(existsSync(join(out, 'dev', 'k8s', 'c1', 'a.yaml'))).toBe(true);
  });

  describe('fails, touching nothing, when', () => {
    it('the stack folder holds a file it did not write (every foreign file stays in place)', () => {
      const out = tempDir();
      writeStackOutput(out, synthDev());
      writeFileSync(join(out, 'dev', 'notes.md'), 'mine');
      mkdirSync(join(out, 'dev', 'keep'));
      writeFileSync(join(out, 'dev', 'keep', 'x.txt'), 'x');
      expect(() => writeStackOutput(out, synthDev({ 'b.yaml': 'b: 1\n' }))).toThrow(OutputConflictError);
      expect(() => writeStackOutput(out, synthDev({ 'b.yaml': 'b: 1\n' }))).toThrow(
        `${join(out, 'dev')} holds files vks-bigip did not write (keep/x.txt, notes.md); it replaces only its own output. Move them, or choose another --out`,
      );
      expect(readFileSync(join(out, 'dev', 'notes.md'), 'utf8')).toBe('mine');
      expect(readFileSync(join(out, 'dev', 'keep', 'x.txt'), 'utf8')).toBe('x');
      expect(existsSync(join(out, 'dev', 'k8s', 'c1', 'a.yaml'))).toBe(true);
      expect(existsSync(join(out, 'dev', 'b.yaml'))).toBe(false);
    });

    it('a folder named like the stack was never written by it (e.g. --out . next to a "dev" folder)', () => {
      const out = tempDir();
      mkdirSync(join(out, 'dev'));
      writeFileSync(join(out, 'dev', 'main.go'), 'package main');
      expect(() => writeStackOutput(out, synthDev())).toThrow(
        /holds files vks-bigip did not write \(main\.go\)/,
      );
      expect(readdirSync(join(out, 'dev'))).toEqual(['main.go']);
    });

    it('a sibling that looks like staging is not its own', () => {
      const out = tempDir();
      mkdirSync(join(out, '.vks-bigip-staging.dev'));
      writeFileSync(join(out, '.vks-bigip-staging.dev', 'x'), 'x');
      expect(() => writeStackOutput(out, synthDev())).toThrow(/holds files vks-bigip did not write/);
      expect(readFileSync(join(out, '.vks-bigip-staging.dev', 'x'), 'utf8')).toBe('x');
    });
  });

  it('never touches siblings of the stack folder', () => {
    const out = tempDir();
    mkdirSync(join(out, 'prod'));
    writeFileSync(join(out, 'prod', 'other.txt'), 'other');
    writeFileSync(join(out, 'README.md'), 'readme');
    writeStackOutput(out, synthDev());
    expect(readdirSync(out).sort()).toEqual(['README.md', 'dev', 'prod']);
    expect(readFileSync(join(out, 'prod', 'other.txt'), 'utf8')).toBe('other');
  });
});
