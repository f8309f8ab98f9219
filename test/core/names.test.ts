import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { DNS_LABEL } from '../../lib/core/checks';
import { Names, shortHash } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { Testing } from '../../lib/testing/testing';
import { F5VirtualServer } from '../../components/cis/f5-virtual-server';
import { TlsProfile, TlsTermination } from '../../components/cis/tls-profile';
import { fixture, nplService } from '../helpers/fixture';

const AS3_NAME = /^[A-Za-z][0-9A-Za-z_.-]*$/;

function tree(stackName: string) {
  const app = new App();
  const stack = new Stack(app, stackName);
  const web = new Construct(stack, 'Web');
  const frontend = new Construct(web, 'Frontend');
  const resource = new Construct(frontend, 'Resource');
  return { stack, web, frontend, resource };
}

describe('shortHash', () => {
  it('is the first 8 hex digits of the sha256 of the text', () => {
    // sha256("") = e3b0c442…
    expect(shortHash('')).toBe('e3b0c442');
    expect(shortHash('Web/Frontend')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('abc', 12)).toBe('ba7816bf8f01');
  });
});

describe('Names.toDnsLabel', () => {
  it('joins the readable path below the stack, lower case, with a hash of the stack-relative path', () => {
    const { frontend } = tree('dev');
    expect(Names.toDnsLabel(frontend)).toBe(`web-frontend-${shortHash('Web/Frontend')}`);
  });

  it('pins the generated name of a known path (a rename shows up here)', () => {
    const { frontend } = tree('dev');
    expect(Names.toDnsLabel(frontend)).toBe('web-frontend-17ba9b57');
  });

  it('leaves out transparent ids (Resource, Default) from the readable part but not from the hash', () => {
    const { resource } = tree('dev');
    expect(Names.toDnsLabel(resource)).toBe(`web-frontend-${shortHash('Web/Frontend/Resource')}`);
  });

  it('replaces characters outside [a-z0-9] with "-" and trims them at the ends of each id', () => {
    const { stack } = tree('dev');
    const odd = new Construct(stack, '__My_Odd.Id__');
    expect(Names.toDnsLabel(odd)).toBe(`my-odd-id-${shortHash('__My_Odd.Id__')}`);
  });

  it('leaves out the path of relativeTo, but still hashes the whole stack-relative path', () => {
    const { web, frontend } = tree('dev');
    expect(Names.toDnsLabel(frontend, { relativeTo: web })).toBe(`frontend-${shortHash('Web/Frontend')}`);
  });

  it('truncates the readable part to fit 63 characters and never leaves "-" before the hash', () => {
    const { stack } = tree('dev');
    const parent = new Construct(stack, 'Group');
    const long = new Construct(parent, `${'a'.repeat(39)}-${'b'.repeat(40)}`);
    const name = Names.toDnsLabel(long);
    expect(name).toHaveLength(63);
    expect(name).toMatch(DNS_LABEL);
    expect(name.endsWith(`-${shortHash(`Group/${long.node.id}`)}`)).toBe(true);

    // Cut right after a separator: the dangling "-" is dropped, so the name is shorter than the limit.
    const cut = new Construct(parent, `${'c'.repeat(47)}-${'d'.repeat(20)}`);
    const cutName = Names.toDnsLabel(cut);
    expect(cutName).toBe(`group-${'c'.repeat(47)}-${shortHash(`Group/${cut.node.id}`)}`);
    expect(cutName).toMatch(DNS_LABEL);
  });

  it('honours a smaller maxLength', () => {
    const { frontend } = tree('dev');
    expect(Names.toDnsLabel(frontend, { maxLength: 15 })).toBe(`web-fr-${shortHash('Web/Frontend')}`);
  });

  it('is only the hash when nothing readable is left', () => {
    const { stack } = tree('dev');
    const resource = new Construct(stack, 'Resource');
    expect(Names.toDnsLabel(resource)).toBe(shortHash('Resource'));
  });

  it('gives different names to different paths and the same name to the same tree in two stacks', () => {
    const dev = tree('dev');
    const prod = tree('prod');
    expect(Names.toDnsLabel(dev.frontend)).toBe(Names.toDnsLabel(prod.frontend));
    expect(Names.toDnsLabel(dev.resource)).toBe(Names.toDnsLabel(prod.resource));
    expect(Names.toDnsLabel(dev.frontend)).not.toBe(Names.toDnsLabel(dev.web));
  });
});

describe('Names.toAs3Name', () => {
  it('joins the readable path with "_" and keeps case', () => {
    const { frontend } = tree('dev');
    expect(Names.toAs3Name(frontend)).toBe(`Web_Frontend_${shortHash('Web/Frontend')}`);
    expect(Names.toAs3Name(frontend)).toMatch(AS3_NAME);
  });

  it('replaces characters AS3 does not allow and strips leading non-letters of each id', () => {
    const { stack } = tree('dev');
    const odd = new Construct(stack, '9-lives app');
    expect(Names.toAs3Name(odd)).toBe(`lives_app_${shortHash('9-lives app')}`);
  });

  it('starts with a letter even when only the hash is left', () => {
    const { stack } = tree('dev');
    // The hash of "42" starts with a digit ("73475cb4…"), so the name gets an "x" in front.
    const digits = new Construct(stack, '42');
    expect(shortHash('42')).toMatch(/^[0-9]/);
    expect(Names.toAs3Name(digits)).toBe(`x${shortHash('42')}`);
    expect(Names.toAs3Name(digits)).toMatch(AS3_NAME);
  });

  it('truncates to 190 characters by default and to maxLength when given', () => {
    const { stack } = tree('dev');
    const long = new Construct(stack, 'A'.repeat(300));
    const name = Names.toAs3Name(long);
    expect(name).toHaveLength(190);
    expect(name).toBe(`${'A'.repeat(181)}_${shortHash(long.node.id)}`);
    expect(Names.toAs3Name(long, { maxLength: 20 })).toBe(`${'A'.repeat(11)}_${shortHash(long.node.id)}`);
  });

  it('gives the same names to the same tree in two stacks', () => {
    expect(Names.toAs3Name(tree('dev').resource)).toBe(Names.toAs3Name(tree('prod').resource));
  });
});

describe('generated names in constructs', () => {
  it('names resources from the path below the cluster, and an explicit name wins', () => {
    const { cluster, partition, stack } = fixture();
    const generated = nplService(cluster);
    const named = nplService(cluster, { name: 'explicit' }, 'Named');
    const vs = new F5VirtualServer(cluster, 'Vs', {
      partition,
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: generated }],
    });
    const namedVs = new F5VirtualServer(cluster, 'NamedVs', {
      partition,
      name: 'my-vs',
      virtualServerAddress: '192.0.2.11',
      pools: [{ service: named }],
    });
    const tls = new TlsProfile(cluster, 'Tls', { termination: TlsTermination.PASSTHROUGH });

    expect(generated.serviceName).toBe(`app-${shortHash('Cluster/App')}`);
    expect(generated.serviceName).toBe('app-2e44fcaf');
    expect(named.serviceName).toBe('explicit');
    expect(vs.resourceName).toBe(`vs-${shortHash('Cluster/Vs')}`);
    expect(namedVs.resourceName).toBe('my-vs');
    expect(tls.profileName).toBe(`tls-${shortHash('Cluster/Tls')}`);

    const files = Object.keys(Testing.synth(stack));
    expect(files).toContain(`test/k8s/c1/service-default-${generated.serviceName}.yaml`);
    expect(files).toContain('test/k8s/c1/service-default-explicit.yaml');
    expect(files).toContain('test/k8s/c1/virtualserver-default-my-vs.yaml');
  });

  it('gives a construct tree the same names in a dev and a prod stack', () => {
    const dev = fixture({ stackName: 'dev' });
    const prod = fixture({ stackName: 'prod' });
    const names = (f: ReturnType<typeof fixture>) => {
      const svc = nplService(f.cluster);
      const vs = new F5VirtualServer(f.cluster, 'Vs', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: svc }],
      });
      return [svc.serviceName, vs.resourceName];
    };
    expect(names(dev)).toEqual(names(prod));
    const devFiles = Object.keys(Testing.synth(dev.stack)).map((p) => p.replace(/^dev\//, ''));
    const prodFiles = Object.keys(Testing.synth(prod.stack)).map((p) => p.replace(/^prod\//, ''));
    expect(devFiles).toEqual(prodFiles);
  });
});
