import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { synthesizeStack } from '../../../lib/core/synth';
import type { Stack } from '../../../lib/core/stack';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { F5Ingress } from '../../../components/cis/f5-ingress';
import { F5IngressLink } from '../../../components/cis/f5-ingress-link';
import {
  LegacyVirtualServerConfigMap,
  LegacyVirtualServerMode,
} from '../../../components/cis/legacy-virtual-server-configmap';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { fixture, nplService } from '../../helpers/fixture';

/** The rows of REVIEW.md's VIP table, cell by cell. */
function vipRows(stack: Stack): string[][] {
  const review = synthesizeStack(stack).files.get(`${stack.stackName}/REVIEW.md`) ?? '';
  const section = review.split('## Virtual servers')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| VIP:port'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

const NPL = 'node IP : NodePortLocal port of each pod (Antrea)';

describe('REVIEW.md lists the virtuals CIS makes of Ingresses, legacy ConfigMaps and IngressLinks', () => {
  it('an F5Ingress (its IP annotation, http and https ports, hosts, each path to its Service) and a legacy ConfigMap', () => {
    const f = fixture({
      cis: { customResourceMode: false },
      device: { inventory: [{ kind: BigipObjectKind.CLIENT_SSL_PROFILE, path: '/Common/foo-clientssl' }] },
    });
    const shop = nplService(f.cluster, { name: 'shop', servicePort: 80 }, 'Shop');
    const blog = nplService(f.cluster, { name: 'blog', servicePort: 80 }, 'Blog');
    new F5Ingress(f.cluster, 'Ingress', {
      controller: f.cis!,
      name: 'front',
      ip: '10.8.3.19',
      httpPort: 8080,
      clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/foo-clientssl') }],
      rules: [
        { host: 'shop.example.com', paths: [{ path: '/cart', backend: shop }] },
        { host: 'blog.example.com', paths: [{ path: '/', backend: blog }] },
      ],
    });
    new LegacyVirtualServerConfigMap(f.cluster, 'Legacy', {
      controller: f.cis!,
      name: 'legacy',
      backend: blog,
      servicePort: 80,
      bindAddr: '10.8.3.20',
      port: 80,
      mode: LegacyVirtualServerMode.HTTP,
    });
    const writer = (kind: string, path: string) => `CIS (test/Cluster/Cis) from ${kind} ${path}`;
    expect(vipRows(f.stack)).toEqual([
      [
        '10.8.3.19:8080,443',
        'https',
        'shop.example.com, blog.example.com',
        'shop.example.com/cart',
        'default/shop:80',
        'c1',
        'NodePortLocal',
        NPL,
        'bigip/k8s',
        writer('Ingress', 'test/Cluster/Ingress'),
      ],
      [
        '10.8.3.19:8080,443',
        'https',
        'shop.example.com, blog.example.com',
        'blog.example.com/',
        'default/blog:80',
        'c1',
        'NodePortLocal',
        NPL,
        'bigip/k8s',
        writer('Ingress', 'test/Cluster/Ingress'),
      ],
      [
        '10.8.3.20:80',
        'http',
        'any',
        'default',
        'default/blog:80',
        'c1',
        'NodePortLocal',
        NPL,
        'bigip/k8s',
        writer('ConfigMap', 'test/Cluster/Legacy'),
      ],
    ]);
  });

  it("an Ingress's default backend is the pool of any path; one host is not repeated in each path", () => {
    const f = fixture({ cis: { customResourceMode: false } });
    const shop = nplService(f.cluster, { name: 'shop', servicePort: 80 }, 'Shop');
    new F5Ingress(f.cluster, 'Ingress', {
      controller: f.cis!,
      ip: '10.8.3.19',
      rules: [{ host: 'shop.example.com', paths: [{ path: '/cart', backend: shop }] }],
      defaultBackend: { backend: shop },
    });
    expect(vipRows(f.stack).map((r) => r.slice(0, 5))).toEqual([
      ['10.8.3.19:80', 'http', 'shop.example.com', '/cart', 'default/shop:80'],
      ['10.8.3.19:80', 'http', 'shop.example.com', 'default', 'default/shop:80'],
    ]);
  });

  it("an F5IngressLink: TCP on 80 and 443 in front of the ingress controller's Service ports", () => {
    const proxy = { kind: BigipObjectKind.IRULE, path: '/Common/Proxy_Protocol_iRule' };
    const f = fixture({ cis: { poolMemberType: PoolMemberType.NODE_PORT }, device: { inventory: [proxy] } });
    const nginx = new NodePortService(f.cluster, 'Nginx', {
      name: 'nginx-ingress',
      namespace: 'nginx-ingress',
      selector: { app: 'nginx-ingress' },
      port: 443,
    });
    new F5IngressLink(f.cluster, 'Link', {
      partition: f.partition,
      namespace: 'nginx-ingress',
      virtualServerAddress: '192.0.2.50',
      host: 'apps.example.com',
      iRules: [BigipRef.iRule(proxy.path)],
      ingressController: nginx,
    });
    const rows = vipRows(f.stack);
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[6], r[9]])).toEqual([
      [
        '192.0.2.50:80,443',
        'tcp',
        'apps.example.com',
        'nginx-ingress/nginx-ingress:443',
        'NodePort',
        'CIS (test/Cluster/Cis) from IngressLink test/Cluster/Link',
      ],
    ]);
  });
});
