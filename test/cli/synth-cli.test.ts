import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli';
import { App } from '../../lib/core/app';
import { Testing } from '../../lib/testing/testing';
import { defineDev } from '../../stacks/dev';

/**
 * The CLI as users run it: `node bin/vks-bigip.js …` in a child process, from the repository root.
 * Every process is started once, concurrently, in beforeAll; the tests read their results.
 */

const work = mkdtempSync(join(tmpdir(), 'vks-bigip-cli-'));

/** Every file below `dir` as `{ relative path: bytes }`. */
function readTree(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return files;
}

/** A temporary app module that imports the project by absolute path. */
function writeApp(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(
    file,
    `import { App, BigipDevice, BigipPartition, CisController, F5VirtualServer, NplService, PoolMemberType, Stack, VksCluster } from 'vks-bigip';

export function createApp(): App {
  const app = new App();
  const stack = new Stack(app, 'broken');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1' });
  const partition = new BigipPartition(stack, 'Partition', { device, partitionName: 'k8s' });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'c1',
    vsphereNamespace: 'vsphere-ns',
    nodePortLocalEnabled: true,
  });
${body}
  return app;
}
`,
  );
  return file;
}

const MISTAKES_APP = writeApp(
  'mistakes-app.ts',
  `  new CisController(cluster, 'Cis', {
    device,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  const web = new NplService(cluster, 'Web', { name: 'web', image: 'nginx:1.27.0', containerPort: 8080 });
  new F5VirtualServer(cluster, 'A', { partition, virtualServerAddress: '192.0.2.10', pools: [{ service: web }] });
  new F5VirtualServer(cluster, 'B', { partition, virtualServerAddress: '192.0.2.10', pools: [{ service: web }] });
  new F5VirtualServer(cluster, 'Empty', { partition, virtualServerAddress: '192.0.2.11' });
  new VksCluster(stack, 'Again', { clusterName: 'c1', vsphereNamespace: 'vsphere-ns' });`,
);

const WARNING_APP = writeApp(
  'warning-app.ts',
  `  new CisController(cluster, 'Cis', {
    device,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    insecure: true,
  });`,
);

const out = (name: string) => join(work, name);
let runs: Record<string, CliRun>;

// A folder of someone else's where a stack folder would go: synth must refuse it and touch nothing.
mkdirSync(join(out('foreign'), 'dev'), { recursive: true });
writeFileSync(join(out('foreign'), 'dev', 'notes.md'), 'mine');
const SYNTAX_ERROR_APP = join(work, 'syntax-error-app.ts');
writeFileSync(
  SYNTAX_ERROR_APP,
  "import { App } from 'vks-bigip';\nexport function createApp(): App {\n  return (;\n}\n",
);

beforeAll(async () => {
  const entries = await Promise.all(
    Object.entries({
      first: ['synth', '--out', out('first')],
      second: ['synth', '--out', out('second')],
      unknownStack: ['synth', '--stack', 'nope', '--out', out('unknown')],
      help: ['--help'],
      synthHelp: ['synth', '--help'],
      validateHelp: ['validate', '--help'],
      simulatorHelp: ['simulator', '--help'],
      diffHelp: ['diff', '--help'],
      diffBadFormat: ['diff', '--format', 'html'],
      mistakes: ['synth', '--app', MISTAKES_APP, '--out', out('mistakes')],
      strict: ['synth', '--app', WARNING_APP, '--strict', '--out', out('strict')],
      emptyOut: ['synth', '--out', ''],
      procOut: ['synth', '--out', '/proc/vks-bigip-test'],
      foreign: ['synth', '--out', out('foreign')],
      syntaxError: ['synth', '--app', SYNTAX_ERROR_APP, '--out', out('syntax')],
    }).map(async ([name, args]) => [name, await runCli(args)] as const),
  );
  runs = Object.fromEntries(entries);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('vks-bigip synth', () => {
  it('exits 0 and writes dist/<stack>/… for every stack, the dev stack exactly as synthesized in memory', () => {
    expect(runs.first).toMatchObject({ code: 0 });
    expect(existsSync(join(out('first'), 'dev', 'index.json'))).toBe(true);
    const written = readTree(join(out('first'), 'dev'));
    // The writer's record of its own files sits beside them; it is not synthesized output.
    expect(JSON.parse(written['.vks-bigip-output.json']?.toString('utf8') ?? '{}').writer).toBe('vks-bigip');
    delete written['.vks-bigip-output.json'];
    const expected = Testing.synth(defineDev(new App()));
    expect(Object.keys(written).sort()).toEqual(
      Object.keys(expected)
        .map((p) => p.slice('dev/'.length))
        .sort(),
    );
    for (const [path, content] of Object.entries(expected)) {
      expect(written[path.slice('dev/'.length)]?.toString('utf8'), path).toBe(content);
    }
    expect(runs.first?.stderr).toContain(
      `wrote ${Object.keys(expected).length} files to ${out('first')}/dev/`,
    );
    // Nothing but the stack folders is left in the output directory (no staging folders).
    expect(readdirSync(out('first')).every((name) => !name.startsWith('.'))).toBe(true);
  });

  it('writes byte-identical files when run twice', () => {
    expect(runs.second).toMatchObject({ code: 0 });
    const first = readTree(out('first'));
    const second = readTree(out('second'));
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const path of Object.keys(first))
      expect(second[path]?.equals(first[path] as Buffer), path).toBe(true);
  });

  it('exits 2 with a clear message for an unknown --stack, and writes nothing', () => {
    expect(runs.unknownStack?.code).toBe(2);
    expect(runs.unknownStack?.stderr).toMatch(
      /^error no stack named "nope"; the app defines: dev(, [a-z0-9-]+)*\n$/,
    );
    expect(existsSync(out('unknown'))).toBe(false);
  });

  it('every command answers --help with exit code 0', () => {
    expect(runs.synthHelp?.code).toBe(0);
    expect(runs.synthHelp?.stdout).toMatch(/^Usage: vks-bigip synth \[options\]/);
    expect(runs.validateHelp?.code).toBe(0);
    expect(runs.validateHelp?.stdout).toMatch(/^Usage: vks-bigip validate \[options\]/);
    expect(runs.simulatorHelp?.code).toBe(0);
    expect(runs.simulatorHelp?.stdout).toMatch(/^Usage: vks-bigip simulator \[options\]/);
    expect(runs.diffHelp?.code).toBe(0);
    expect(runs.diffHelp?.stdout).toMatch(/^Usage: vks-bigip diff \[options\]/);
    expect(runs.diffHelp?.stdout).toContain('Exit codes: 0 nothing changes');
  });

  it('diff ends a usage mistake with exit code 2', () => {
    expect(runs.diffBadFormat?.code).toBe(2);
    expect(runs.diffBadFormat?.stderr).toContain("argument 'html' is invalid");
  });

  it('--help exits 0 and lists the synth command', () => {
    expect(runs.help?.code).toBe(0);
    expect(runs.help?.stdout).toMatch(/^Usage: vks-bigip \[options\] \[command\]/);
    expect(runs.help?.stdout).toMatch(/\n {2}synth \[options\] +synthesize/);
  });

  it('exits 1 on a stack with several mistakes, lists each with its construct path, without a stack trace, and writes nothing', () => {
    const result = runs.mistakes as CliRun;
    expect(result.code).toBe(1);
    const lines = [
      `  [broken/Cluster/B] listens on 192.0.2.10:80, as [broken/Cluster/A] does; virtual servers sharing a VIP must set the same 'hostGroup' (this one has nothing, the other nothing), or CIS lets one overwrite the other [cis:shared-vip-needs-host-group]`,
      `  [broken/Cluster/Empty] needs at least one pool (addPool, 'pools' or 'defaultPool'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
      `  [broken/Again] 'clusterName' "c1" is already used by [broken/Cluster] in this stack`,
    ];
    expect(result.stderr).toBe(
      `synthesizing broken…\nerror synthesis failed with 3 errors; nothing was written:\n${lines.join('\n')}\n`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out('mistakes'))).toBe(false);
  });

  it('--strict turns an unacknowledged warning into an error (exit 1) and writes nothing', () => {
    const result = runs.strict as CliRun;
    expect(result.code).toBe(1);
    // The warning is printed with its id and how to acknowledge it…
    expect(result.stderr).toContain(
      `warning [broken/Cluster/Cis] CIS will not verify the BIG-IP certificate (--insecure=true); prefer 'trustedCertsConfigMap' (cis:insecure-bigip-tls; acknowledge with Annotations.of(construct).acknowledgeWarning('cis:insecure-bigip-tls', reason))\n`,
    );
    // …and --strict makes it an error.
    expect(result.stderr).toContain(
      `error synthesis failed with 1 error; nothing was written:\n  [broken/Cluster/Cis] warning cis:insecure-bigip-tls is not acknowledged (--strict): CIS will not verify the BIG-IP certificate (--insecure=true); prefer 'trustedCertsConfigMap'\n`,
    );
    expect(existsSync(out('strict'))).toBe(false);
  });

  describe('--out is checked before any work', () => {
    it('an empty --out is a usage error (exit 2), not a write into ./<stack>', () => {
      expect(runs.emptyOut).toMatchObject({ code: 2, stderr: 'error --out must be a folder path, got ""\n' });
    });

    it('a kernel filesystem is refused at once (exit 2)', () => {
      expect(runs.procOut?.code).toBe(2);
      expect(runs.procOut?.stderr).toBe(
        'error --out /proc/vks-bigip-test is on a kernel filesystem (/proc); choose a folder such as dist\n',
      );
    });

    it('a stack folder holding files vks-bigip did not write is refused, every file left in place', () => {
      expect(runs.foreign?.code).toBe(2);
      expect(runs.foreign?.stderr).toContain(
        `error ${join(out('foreign'), 'dev')} holds files vks-bigip did not write (notes.md); it replaces only its own output. Move them, or choose another --out\n`,
      );
      expect(readdirSync(out('foreign')).sort()).toEqual(['dev']);
      expect(readdirSync(join(out('foreign'), 'dev'))).toEqual(['notes.md']);
      expect(readFileSync(join(out('foreign'), 'dev', 'notes.md'), 'utf8')).toBe('mine');
    });
  });

  it('a syntax error in the app module is reported with file and line, not as a missing export', () => {
    expect(runs.syntaxError?.code).toBe(1);
    expect(runs.syntaxError?.stderr).toMatch(
      /^error .*syntax-error-app\.ts has a syntax error at .*syntax-error-app\.ts:3/m,
    );
    expect(runs.syntaxError?.stderr).not.toContain('must export');
  });
});
