import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BigipRef } from '../../lib/as3/inventory';
import { As3Application } from '../../lib/as3/application';
import { findSecretMaterial } from '../../lib/as3/declaration';
import { As3RawObject } from '../../lib/as3/raw';
import { As3Certificate } from '../../lib/as3/tls';
import { findDeclarations } from '../../lib/cli/as3-schema-check';
import { synthesizeStack } from '../../lib/core/synth';
import { createApp } from '../../stacks';
import { expectValidationError, synthProblems } from '../helpers/expect-errors';
import { as3Fixture, configMapSetup, ingressService, Testing } from '../helpers/as3-fixture';

const REPO = resolve(__dirname, '../..');

function synthAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const stack of createApp().stacks) {
    for (const [path, content] of synthesizeStack(stack).files) files.set(path, content);
  }
  return files;
}

describe('declarations are deterministic', () => {
  it('two syntheses of prod from fresh apps are byte-identical', () => {
    const first = synthesizeStack(createApp().stack('prod'));
    const second = synthesizeStack(createApp().stack('prod'));
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [path, content] of first.files) expect(second.files.get(path), path).toBe(content);
    expect(second.outputHash).toBe(first.outputHash);
  });

  it('synthesizing the same stack twice gives the same bytes (rendering has no side effects)', () => {
    const stack = createApp().stack('prod');
    const first = synthesizeStack(stack);
    const second = synthesizeStack(stack);
    expect(Object.fromEntries(second.files)).toEqual(Object.fromEntries(first.files));
  });

  it('holds no timestamps, absolute paths, random ids or environment values', () => {
    const files = synthAll();
    const as3 = [...files].filter(([path]) => path.endsWith('.as3.json') || path.endsWith('/index.json'));
    expect(as3.length).toBeGreaterThanOrEqual(3);
    for (const [path, content] of files) {
      expect(content, path).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(content, path).not.toContain(REPO);
      // (Manifests may name container paths such as /tmp/creds; declarations and the index name none.)
      if (as3.some(([p]) => p === path)) expect(content, path).not.toContain(`${tmpdir()}/`);
      expect(content, path).not.toContain(process.cwd());
      expect(content, path).not.toMatch(/autogen_|urn:uuid:/);
      expect(content, path).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      if (process.env.USER) expect(content, path).not.toContain(`/${process.env.USER}/`);
    }
  });

  it('derives every declaration id from stack, device and tenant', () => {
    let checked = 0;
    for (const stack of createApp().stacks) {
      const output = synthesizeStack(stack);
      const index = JSON.parse(output.files.get(`${stack.stackName}/index.json`) as string) as {
        declarations?: Array<{ device: string; tenant: string; file: string; id: string }>;
      };
      for (const entry of index.declarations ?? []) {
        const body = JSON.parse(output.files.get(`${stack.stackName}/${entry.file}`) as string);
        expect(entry.id).toBe(`urn:vks-bigip:${stack.stackName}:${entry.device}:${entry.tenant}`);
        expect(body.declaration.id).toBe(entry.id);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});

describe('declarations carry no secret material', () => {
  it('finds none in any declaration of any stack (files and ConfigMap templates)', () => {
    let checked = 0;
    for (const stack of createApp().stacks) {
      for (const { location, body } of findDeclarations(synthesizeStack(stack))) {
        expect(findSecretMaterial(body), location).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    for (const [path, content] of synthAll()) expect(content, path).not.toMatch(/PRIVATE KEY/);
  });

  it('fails synth when a raw object carries a privateKey string (stack-owned tenant)', () => {
    const f = as3Fixture();
    new As3RawObject(new As3Application(f.stack, 'Web', { tenant: f.apps, name: 'web' }), 'Cert', {
      name: 'cert',
      as3Class: 'Certificate',
      properties: {
        certificate: { bigip: '/Common/default.crt' },
        privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n',
      },
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Apps',
        message:
          'the declaration carries secret material at /declaration/apps/web/cert/privateKey; reference keys with BigipRef instead',
      },
    ]);
  });

  it('fails synth when a raw object carries a privateKey string (AS3 ConfigMap tenant)', () => {
    const f = as3Fixture({ stackPartition: false });
    const { tenant } = configMapSetup(f);
    new As3RawObject(new As3Application(f.stack, 'Web', { tenant, name: 'web' }), 'Cert', {
      name: 'cert',
      as3Class: 'Certificate',
      properties: {
        certificate: { bigip: '/Common/default.crt' },
        privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n',
      },
    });
    // The partition renders the declaration for every owner, so it reports it.
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/CmTenant',
        message:
          'the declaration carries secret material at /declaration/cm_tenant/web/cert/privateKey; reference keys with BigipRef instead',
      },
    ]);
  });

  it('the typed Certificate accepts a key only by reference', () => {
    const f = as3Fixture();
    const app = new As3Application(f.stack, 'Web', { tenant: f.apps, name: 'web' });
    expectValidationError(
      () =>
        new As3Certificate(app, 'Cert', {
          certificate: BigipRef.sslCertificate('/Common/default.crt'),
          privateKey: '-----BEGIN PRIVATE KEY-----' as unknown as BigipRef,
        }),
      'test/Web/Cert',
      "'privateKey' must be a BigipRef.sslKey('/Common/…') reference; private keys are never embedded in declarations",
    );
  });
});

describe('the order constructs are created in', () => {
  it('does not change any file when independent siblings are created in another order', () => {
    const build = (reverse: boolean) => {
      const f = as3Fixture({ stackPartition: false });
      const make = [
        () => ingressService(f.cluster, { name: 'first', nodePort: 30081 }, 'First'),
        () => ingressService(f.cluster, { name: 'second', nodePort: 30082 }, 'Second'),
        () => ingressService(f.cluster, { name: 'third', namespace: 'other', nodePort: 30083 }, 'Third'),
      ];
      for (const step of reverse ? [...make].reverse() : make) step();
      return Testing.synth(f.stack);
    };
    expect(build(true)).toEqual(build(false));
  });
});
