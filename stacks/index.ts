import { App } from 'vks-bigip';
import { defineCalicoBgp } from './calico-bgp';
import { defineCilium } from './cilium';
import { defineDev } from './dev';
import { defineIngress } from './ingress';
import { defineIpamIpv6 } from './ipam-ipv6';
import { defineIpv6 } from './ipv6';
import { defineMulticluster } from './multicluster';
import { defineNsxNpl } from './nsx-npl';
import { definePolicy } from './policy';
import { defineProd } from './prod';

/** Every environment of this repository; `vks-bigip synth` and the Pulumi program start here. */
export function createApp(): App {
  const app = new App();
  defineDev(app);
  defineProd(app);
  defineIngress(app);
  defineCalicoBgp(app);
  defineNsxNpl(app);
  defineIpv6(app);
  defineCilium(app);
  defineMulticluster(app);
  defineIpamIpv6(app);
  definePolicy(app);
  return app;
}
