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
import { toCanonicalJson } from '../../lib/core/canonical';
import { SynthError } from '../../lib/core/errors';
import { writeStackOutput } from '../../lib/core/output';
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
    expect([...output.files.keys()]).toEqual(['dev/a/one.txt', 'dev/b/two.txt', 'dev/index.json']);
    const hashes = { 'a/one.txt': sha256('one\n'), 'b/two.txt': sha256('two\n') };
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
    expect(output.files.get('dev/index.json')).toBe(
      toCanonicalJson(JSON.parse(output.files.get('dev/index.json') as string), ['stack']),
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
  it('writes the stack folder, replacing what was there, and leaves no staging folder', () => {
    const out = tempDir();
    mkdirSync(join(out, 'dev', 'old'), { recursive: true });
    writeFileSync(join(out, 'dev', 'old', 'stale.txt'), 'stale');
    const stack = new Stack(new App(), 'dev');
    new FileSource(stack, 'A', { 'k8s/c1/a.yaml': 'a: 1\n' });
    const output = synthesizeStack(stack);

    const written = writeStackOutput(out, output);

    expect(written).toEqual([join(out, 'dev', 'k8s', 'c1', 'a.yaml'), join(out, 'dev', 'index.json')]);
    expect(readFileSync(join(out, 'dev', 'k8s', 'c1', 'a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(readFileSync(join(out, 'dev', 'index.json'), 'utf8')).toBe(output.files.get('dev/index.json'));
    expect(existsSync(join(out, 'dev', 'old'))).toBe(false);
    expect(readdirSync(out)).toEqual(['dev']);
  });
});
