import { App } from 'vks-bigip';
import { defineDev } from './dev';
import { defineIngress } from './ingress';
import { definePolicy } from './policy';
import { defineProd } from './prod';

/** Every environment of this repository; `vks-bigip synth` and the Pulumi program start here. */
export function createApp(): App {
  const app = new App();
  defineDev(app);
  defineProd(app);
  defineIngress(app);
  definePolicy(app);
  return app;
}
