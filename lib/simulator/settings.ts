/** AS3's `/settings` endpoint (as3-facts §1.9): a closed set of typed properties. */
import type { JsonObject } from './declaration-util';
import { isObject } from './declaration-util';

export interface As3Settings {
  asyncTaskStorage: 'data-group' | 'memory';
  burstHandlingEnabled: boolean;
  perAppDeploymentAllowed: boolean;
  serviceDiscoveryEnabled: boolean;
  performanceTracingEnabled: boolean;
  performanceTracingEndpoint: string;
  serializeFileUploads: boolean;
  encodeDeclarationMetadata: boolean;
}

export const DEFAULT_SETTINGS: As3Settings = {
  asyncTaskStorage: 'data-group',
  burstHandlingEnabled: false,
  perAppDeploymentAllowed: true,
  serviceDiscoveryEnabled: true,
  performanceTracingEnabled: false,
  performanceTracingEndpoint: '',
  serializeFileUploads: false,
  encodeDeclarationMetadata: false,
};

/** Validates a `POST /settings` body; returns AS3-style error text or the merged settings. */
export function mergeSettings(
  current: As3Settings,
  body: unknown,
): { settings: As3Settings } | { error: string } {
  if (!isObject(body)) return { error: 'should be object' };
  const next: JsonObject = { ...current };
  for (const [key, value] of Object.entries(body)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, key))
      return { error: 'should NOT have additional properties' };
    if (key === 'asyncTaskStorage') {
      if (value !== 'data-group' && value !== 'memory')
        return { error: '/asyncTaskStorage: should be equal to one of the allowed values' };
    } else if (typeof value !== typeof DEFAULT_SETTINGS[key as keyof As3Settings]) {
      return { error: `/${key}: should be ${typeof DEFAULT_SETTINGS[key as keyof As3Settings]}` };
    }
    next[key] = value;
  }
  return { settings: next as unknown as As3Settings };
}
