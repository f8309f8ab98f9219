import { readFileSync } from 'node:fs';
import { BigipClient } from '../bigip';
import { parseDevices, type DeviceSettings } from '../core/device-settings';
import { loadApp } from '../core/load-app';
import { synthesizeApp } from '../core/synth';
import { compareDevice, liveReport, type LiveDevice } from '../review/live';
import { formatLiveMarkdown, formatLiveText } from '../review/live-format';
import type { DiffOptions } from './diff-command';
import { synthesizeForCli } from './synthesize';
import type { Terminal } from './terminal';
import { UsageError } from './usage-error';

const CONFIG_KEY = 'vks-bigip:devices';

/** The `vks-bigip:devices` value of `pulumi config --json --show-secrets` output (or of a plain map). */
function devicesFromConfigJson(text: string, where: string): Record<string, DeviceSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not JSON`);
  }
  const entry =
    (raw as Record<string, unknown> | null)?.[CONFIG_KEY] ?? (raw as Record<string, unknown> | null)?.devices;
  if (entry === undefined) throw new UsageError(`${where} has no '${CONFIG_KEY}' key`);
  const value =
    typeof entry === 'object' && entry !== null && ('objectValue' in entry || 'value' in entry)
      ? ((entry as { objectValue?: unknown; value?: unknown }).objectValue ??
        (entry as { value?: unknown }).value)
      : entry;
  try {
    return parseDevices(typeof value === 'string' ? value : JSON.stringify(value));
  } catch (error) {
    throw new UsageError(`${where}: ${(error as Error).message}`);
  }
}

/**
 * Device credentials, first found wins: `--config FILE` (as `pulumi config --json --show-secrets` prints
 * it), env `VKS_BIGIP_DEVICES` (the JSON of the `vks-bigip:devices` config), env `PULUMI_CONFIG` (what
 * Pulumi hands a program), then env `VKS_BIGIP_USERNAME` / `VKS_BIGIP_PASSWORD` for every device.
 */
export function deviceCredentials(
  configFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): (device: string) => DeviceSettings | undefined {
  let devices: Record<string, DeviceSettings> = {};
  if (configFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch {
      throw new UsageError(`--config ${configFile} cannot be read`);
    }
    devices = devicesFromConfigJson(text, `--config ${configFile}`);
  } else if (env.VKS_BIGIP_DEVICES) {
    try {
      devices = parseDevices(env.VKS_BIGIP_DEVICES);
    } catch (error) {
      throw new UsageError(`VKS_BIGIP_DEVICES: ${(error as Error).message}`);
    }
  } else if (env.PULUMI_CONFIG) {
    const config = JSON.parse(env.PULUMI_CONFIG) as Record<string, unknown>;
    if (config[CONFIG_KEY] !== undefined) devices = devicesFromConfigJson(env.PULUMI_CONFIG, 'PULUMI_CONFIG');
  }
  return (device) => {
    const found = devices[device];
    if (found?.username && found.password) return found;
    if (env.VKS_BIGIP_USERNAME && env.VKS_BIGIP_PASSWORD) {
      return {
        ...found,
        username: env.VKS_BIGIP_USERNAME,
        password: env.VKS_BIGIP_PASSWORD,
        ...(env.VKS_BIGIP_CA_BUNDLE ? { caBundle: readFileSync(env.VKS_BIGIP_CA_BUNDLE, 'utf8') } : {}),
      };
    }
    return undefined;
  };
}

export async function runLiveDiff(options: DiffOptions, terminal: Terminal): Promise<boolean> {
  const credentials = deviceCredentials(options.config);
  // Every stack, so that a tenant another stack declares is not called unmanaged.
  const output = synthesizeForCli(terminal, loadApp(options.app), options.app, (app) =>
    synthesizeApp(app, { onStack: (name) => terminal.status(`synthesizing ${name}…`) }),
  );
  const selected = options.stack?.length ? options.stack : output.stacks.map((s) => s.stackName);
  for (const name of selected)
    if (!output.stacks.some((s) => s.stackName === name))
      throw new UsageError(
        `no stack named ${JSON.stringify(name)}; stacks: ${output.stacks.map((s) => s.stackName).join(', ')}`,
      );

  const devices = new Map<string, { url: string }>();
  for (const stack of output.stacks) {
    if (!selected.includes(stack.stackName)) continue;
    for (const d of stack.records.declarations)
      if (!devices.has(d.device)) devices.set(d.device, { url: d.url });
  }
  const results: LiveDevice[] = [];
  for (const [device, { url: stackUrl }] of devices) {
    const settings = credentials(device);
    if (!settings) {
      throw new UsageError(
        `no credentials for BIG-IP ${device}: set VKS_BIGIP_USERNAME and VKS_BIGIP_PASSWORD, VKS_BIGIP_DEVICES='{"${device}":{"username":…,"password":…}}', or pass --config with the output of pulumi config --json --show-secrets`,
      );
    }
    const url = settings.url ?? stackUrl;
    const client = new BigipClient({
      url,
      username: settings.username,
      password: settings.password,
      auth: options.auth === 'token' ? 'token' : 'basic',
      caBundle: settings.caBundle,
      insecure: settings.insecure,
      deviceName: device,
      onWarning: (message) => terminal.warn(message),
    });
    try {
      const declarations = output.stacks
        .filter((s) => selected.includes(s.stackName))
        .flatMap((s) =>
          s.records.declarations
            .filter((d) => d.device === device)
            .map((record) => ({ stack: s.stackName, record })),
        );
      const known = output.stacks.flatMap((s) => s.records.partitions.filter((p) => p.device === device));
      results.push(
        await compareDevice({
          device,
          url,
          client,
          declarations,
          known,
          onProgress: (line) => terminal.status(line),
        }),
      );
    } finally {
      await client.close();
    }
  }
  const report = liveReport(results);
  const text =
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'markdown'
        ? formatLiveMarkdown(report)
        : formatLiveText(report);
  process.stdout.write(text);
  return report.changed;
}
