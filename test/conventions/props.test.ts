import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Conventions 1–2 (docs/conventions.md): every exported `…Props` interface of every construct folder
 * (components/ and its subfolders, lib/as3/) (and the
 * `…Options` interfaces props are made of) has only `readonly` fields, and every optional field says
 * its default in TSDoc (`@default <value>` or `@default - <what happens>`, never `@default undefined`).
 * Required fields need no default.
 */

const REPO = resolve(__dirname, '../..');
/** Every folder that holds constructs: the components and the typed AS3 model. */
const CONSTRUCT_FOLDERS = [join(REPO, 'components'), join(REPO, 'lib', 'as3')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
    });
}

interface PropInfo {
  readonly where: string;
  readonly readonly: boolean;
  readonly optional: boolean;
  /** Text of every `@default` tag (undefined when there is none). */
  readonly defaults: string[];
}

/** The exported `…Props`/`…Options` interfaces of one source file and their fields. */
function scanSource(file: string, text: string, found: Map<string, PropInfo[]>): void {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported || !/(Props|Options)$/.test(statement.name.text)) continue;
    const props: PropInfo[] = [];
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member)) continue;
      const defaults = ts
        .getJSDocTags(member)
        .filter((tag) => tag.tagName.text === 'default')
        .map((tag) => ts.getTextOfJSDocComment(tag.comment)?.trim() ?? '');
      props.push({
        where: `${file}: ${statement.name.text}.${member.name.getText(source)}`,
        readonly: member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false,
        optional: member.questionToken !== undefined,
        defaults,
      });
    }
    found.set(`${file}: ${statement.name.text}`, props);
  }
}

function propsInterfaces(): Map<string, PropInfo[]> {
  const found = new Map<string, PropInfo[]>();
  for (const file of CONSTRUCT_FOLDERS.flatMap(sourceFiles))
    scanSource(relative(REPO, file), readFileSync(file, 'utf8'), found);
  return found;
}

describe('construct props conventions', () => {
  const interfaces = propsInterfaces();
  const all = [...interfaces.values()].flat();

  it('finds the props interfaces of the components', () => {
    const names = [...interfaces.keys()].map((k) => k.split(': ')[1]);
    for (const expected of [
      'BigipDeviceProps',
      'BigipPartitionProps',
      'VksClusterProps',
      'CisControllerProps',
      'NplServiceProps',
      'NplPortOptions',
      'F5VirtualServerProps',
      'F5VirtualServerPoolOptions',
      'F5TransportServerProps',
      'TlsProfileProps',
      'HealthMonitorOptions',
      'CisVirtualProps',
      'As3PoolProps',
      'As3ServiceHttpProps',
    ]) {
      expect(names).toContain(expected);
    }
    expect(all.length).toBeGreaterThan(60);
  });

  it('every prop is readonly', () => {
    expect(all.filter((p) => !p.readonly).map((p) => p.where)).toEqual([]);
  });

  it('every optional prop documents its default with @default', () => {
    expect(all.filter((p) => p.optional && p.defaults.length === 0).map((p) => p.where)).toEqual([]);
  });

  it('no @default is empty or "undefined"', () => {
    const bad = all.filter((p) =>
      p.defaults.some((d) => d === '' || d === 'undefined' || d === '- undefined'),
    );
    expect(bad.map((p) => `${p.where} @default ${p.defaults.join(', ')}`)).toEqual([]);
  });

  it('required props need no @default, and the scan sees them as required', () => {
    const required = all.filter((p) => !p.optional).map((p) => p.where);
    expect(required).toContain('components/workloads/vks-cluster.ts: VksClusterProps.clusterName');
    expect(required).toContain('components/bigip/bigip-device.ts: BigipDeviceProps.url');
    expect(required).toContain('components/cis/cis-controller.ts: CisControllerProps.partition');
  });

  it('the scan catches a mutable prop and an optional prop without @default', () => {
    const found = new Map<string, PropInfo[]>();
    scanSource(
      'bad.ts',
      `export interface BadProps {
        /** Documented. @default 1 */
        readonly good?: number;
        /** Mutable. @default 2 */
        mutable?: number;
        /** No default. */
        readonly silent?: string;
        /** Says undefined. @default undefined */
        readonly lazy?: string;
      }
      interface PrivateProps { x?: number }`,
      found,
    );
    const props = found.get('bad.ts: BadProps') ?? [];
    expect(props.filter((p) => !p.readonly).map((p) => p.where)).toEqual(['bad.ts: BadProps.mutable']);
    expect(props.filter((p) => p.optional && p.defaults.length === 0).map((p) => p.where)).toEqual([
      'bad.ts: BadProps.silent',
    ]);
    expect(props.find((p) => p.where.endsWith('.lazy'))?.defaults).toEqual(['undefined']);
    expect(found.has('bad.ts: PrivateProps')).toBe(false);
  });
});
