import type { App } from '../lib/core/app';
import { buildFleet } from './fleet';

/**
 * The benchmark fleet as an app module for the CLI (`vks-bigip synth --app bench/fleet-app.ts`), its
 * size from the environment: FLEET_APPS (default 10), FLEET_CLUSTERS, FLEET_DEVICES.
 */
export function createApp(): App {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  return buildFleet(number('FLEET_APPS') ?? 10, {
    clusters: number('FLEET_CLUSTERS'),
    devices: number('FLEET_DEVICES'),
  }).app;
}
