import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { synthesizeStack, type StackOutput } from '../../lib/core/synth';
import { createApp } from '../../stacks/index';
import { checkConformance, cisCrdsAvailable, CIS_CRD_FILE } from '../helpers/cis-crd';
import type { Doc } from '../helpers/fixture';

const NETWORK_STACKS = ['calico-bgp', 'nsx-npl', 'ipv6', 'cilium'];

function synth(name: string): StackOutput {
  return synthesizeStack(createApp().stack(name));
}

function objects(output: StackOutput): Doc[] {
  return [...output.files.entries()]
    .filter(
      ([path]) => path.includes('/k8s/') && path.endsWith('.yaml') && !path.endsWith('kustomization.yaml'),
    )
    .map(([, text]) => YAML.parse(text) as Doc);
}

describe('the network stacks', () => {
  it.each(NETWORK_STACKS)('%s synthesizes without warnings from typed constructs only', (name) => {
    const output = synth(name);
    expect(output.warnings).toEqual([]);
    const source = readFileSync(join(__dirname, '..', '..', 'stacks', `${name}.ts`), 'utf8');
    expect(source).not.toMatch(/ApiObject|addJsonPatch|JsonPatch/);
  });

  it.each(NETWORK_STACKS)('every CIS resource of %s validates against the 2.20.4 CRD', (name) => {
    if (!cisCrdsAvailable()) {
      console.warn(`[networks] SKIPPED CRD validation: ${CIS_CRD_FILE} is absent`);
      return;
    }
    const cis = objects(synth(name)).filter((o) => String(o.apiVersion).startsWith('cis.f5.com/'));
    expect(cis.length).toBeGreaterThan(0);
    for (const object of cis) {
      const result = checkConformance(object);
      expect({ kind: object.kind, ...result, skippedTransitionRules: [] }).toEqual({
        kind: object.kind,
        schemaErrors: [],
        celErrors: [],
        skippedTransitionRules: [],
      });
    }
  });

  it('calico-bgp: the BIG-IP neighbors are the nodes and the HA peer, the BGPPeers the self IPs, one AS', () => {
    const output = synth('calico-bgp');
    const docs = objects(output);
    const nodes = ['10.1.20.20', '10.1.20.21', '10.1.20.22'];
    const selfIps = { bigip1: '10.1.20.11', bigip2: '10.1.20.12' };
    const config = docs.find((d) => d.kind === 'BGPConfiguration');
    const peers = docs.filter((d) => d.kind === 'BGPPeer');
    expect(peers.map((p) => p.spec.peerIP).sort()).toEqual(Object.values(selfIps).sort());
    for (const [unit, address] of Object.entries(selfIps)) {
      const imish = output.files.get(`calico-bgp/bigip/bigip-bgp/bgp/${unit}.imish`) ?? '';
      const neighbors = [...imish.matchAll(/^ neighbor (\S+) peer-group \S+$/gm)].map((m) => m[1]).sort();
      const otherUnits = Object.values(selfIps).filter((a) => a !== address);
      expect(neighbors).toEqual([...nodes, ...otherUnits].sort());
      expect(imish).toContain(`router bgp ${config?.spec.asNumber}\n`);
      expect(imish).toContain(` neighbor calico-k8s remote-as ${config?.spec.asNumber}\n`);
    }
    for (const peer of peers) expect(peer.spec.asNumber).toBe(config?.spec.asNumber);
  });

  it('nsx-npl: the VPC gateway routes are exactly the VIP and SNAT prefixes outside the data segment', () => {
    const output = synth('nsx-npl');
    const routes = JSON.parse(output.files.get('nsx-npl/nsx/vpc-static-routes.json') ?? '{}');
    expect(routes.devices[0].routes.map((r: { prefix: string }) => r.prefix)).toEqual([
      '203.0.113.250/32',
      '203.0.113.40/32',
      '203.0.113.41/32',
    ]);
    expect(output.records.staticRoutes.every((r) => r.nextHop === '10.30.0.10')).toBe(true);
    const front = JSON.parse(output.files.get('nsx-npl/bigip/bigip-nsx/vks_nsx_front.as3.json') ?? '{}');
    expect(front.declaration.vks_nsx_front.ingress_front.serviceMain.snat).toEqual({
      use: '/vks_nsx_front/Shared/front_snat',
    });
  });

  it('ipv6: CIS gets the IPv6 BIG-IP URL and --enable-ipv6; the VIP is IPv6', () => {
    const docs = objects(synth('ipv6'));
    const cis = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'k8s-bigip-ctlr');
    expect(cis?.spec.template.spec.containers[0].args).toEqual(
      expect.arrayContaining(['--bigip-url=https://[2001:db8:1::100]:8443', '--enable-ipv6=true']),
    );
    expect(docs.find((d) => d.kind === 'VirtualServer')?.spec.virtualServerAddress).toBe(
      'aaa1:bbb2:ccc3:eee5::201',
    );
  });

  it('cilium: Cilium BGP resources on a cluster outside VKS, CIS in cluster mode', () => {
    const output = synth('cilium');
    const kinds = objects(output).map((d) => d.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement']),
    );
    expect([...output.files.keys()].some((p) => p.includes('/supervisor/'))).toBe(false);
    expect(output.files.get('cilium/bigip/ltm/bgp/ltm.imish')).toContain(
      ' neighbor 10.1.0.6 peer-group cilium-k8s\n',
    );
  });
});
