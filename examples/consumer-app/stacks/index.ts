import { App } from 'vks-bigip';
import { defineShop } from './shop';

/** Every environment of the shop; `vks-bigip synth` and the Pulumi program start here. */
export function createApp(): App {
  const app = new App();
  defineShop(app);
  return app;
}
