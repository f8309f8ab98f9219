/**
 * Pulumi's dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`) as a child process, driven over
 * gRPC the way the engine drives it: Configure with the stack config, then Create with `__provider` in
 * the properties. Several hosts stand for several `pulumi up` at once. Each host is stopped by its pid.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { nativeRequire, PROJECT, ROOT, within } from './helpers';

type Json = Record<string, unknown>;
/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
type Message = any;

const req = nativeRequire();
const grpc = req('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
const provrpc = req('@pulumi/pulumi/proto/provider_grpc_pb') as any;
const proto = req('@pulumi/pulumi/proto/provider_pb') as any;
const { Struct } = req('google-protobuf/google/protobuf/struct_pb') as any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const CALL_DEADLINE_MS = 30_000;

export const urnOf = (name: string) =>
  `urn:pulumi:test::${PROJECT}::pulumi:pulumi:Stack$vks-bigip:bigip:Device$pulumi-nodejs:dynamic/vks-bigip:As3Tenant::${name}`;

export class ProviderHost {
  private stderrText = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly client: Message,
  ) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
  }

  /** Starts a host as the engine does (no PULUMI_* variables) and configures it with `config`. */
  static async start(config: Record<string, string>): Promise<ProviderHost> {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('PULUMI_')) delete env[key];
    delete env.VKS_BIGIP_ROOT;
    const child = spawn(
      process.execPath,
      [path.join('node_modules', '@pulumi', 'pulumi', 'cmd', 'dynamic-provider', 'index.js'), '127.0.0.1:1'],
      { cwd: ROOT, env, stdio: 'pipe' },
    );
    let early = '';
    child.stderr.on('data', (chunk: Buffer) => (early += chunk.toString()));
    const port = await within(
      new Promise<number>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split('\n')[0];
          if (stdout.includes('\n') && line) resolve(Number(line.trim()));
        });
        child.on('exit', (code) => reject(new Error(`the provider host exited (${code}): ${early}`)));
      }),
      20_000,
      'the provider host start',
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new ProviderHost(child, client);
    const configure = new proto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript(config));
    configure.setAcceptsecrets(true);
    configure.setAcceptresources(true);
    await host.call('configure', configure);
    return host;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Create as the engine sends it; resolves with the id and outputs, rejects with the gRPC error. */
  async create(name: string, properties: Json): Promise<{ id: string; properties: Json }> {
    const request = new proto.CreateRequest();
    request.setUrn(urnOf(name));
    request.setProperties(Struct.fromJavaScript(properties));
    const response = await this.call('create', request);
    return { id: response.getId(), properties: response.getProperties().toJavaScript() };
  }

  /** Closes the channel and stops the host process (SIGTERM, then SIGKILL), by its pid. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await within(exited, 5_000, 'the provider host exit').catch(() => this.child.kill('SIGKILL'));
  }

  private call(method: string, request: Message): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.client[method](
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + CALL_DEADLINE_MS },
        (error: Error | null, response: Message) => (error ? reject(error) : resolve(response)),
      );
    });
  }
}
