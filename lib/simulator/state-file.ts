/**
 * Optional persistence of the simulator's state (stored declarations with history, task records, settings
 * and the key of its secret vault) to one JSON file, written atomically so a crash never leaves half a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEntry } from './declaration-store';
import { isObject } from './declaration-util';
import { DEFAULT_SETTINGS, type As3Settings } from './settings';
import type { TaskRecord } from './tasks';

const FORMAT = 'vks-bigip-simulator-state';
const VERSION = 1;

export interface SimulatorState {
  readonly history: readonly HistoryEntry[];
  readonly tasks: readonly TaskRecord[];
  readonly settings: As3Settings;
  /** hex; the vault key, so cryptograms stored before a restart can still be compared. */
  readonly secretKey: string;
}

/** Reads a state file; undefined when it does not exist yet. Throws with the file name when it is unusable. */
export function readStateFile(file: string): SimulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read simulator state file ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`simulator state file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(data) || data.format !== FORMAT || data.version !== VERSION) {
    throw new Error(`${file} is not a vks-bigip simulator state file (format ${FORMAT} version ${VERSION})`);
  }
  return {
    history: Array.isArray(data.history) ? (data.history as HistoryEntry[]) : [],
    tasks: Array.isArray(data.tasks) ? (data.tasks as TaskRecord[]) : [],
    settings: {
      ...DEFAULT_SETTINGS,
      ...(isObject(data.settings) ? (data.settings as Partial<As3Settings>) : {}),
    },
    secretKey: typeof data.secretKey === 'string' ? data.secretKey : '',
  };
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdirSync never returns on some special filesystems
 * (e.g. a folder under /proc), so the missing levels are created one by one and any refusal is thrown.
 */
function ensureFolder(folder: string): void {
  const missing: string[] = [];
  for (let current = folder; !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const level of missing) fs.mkdirSync(level);
}

/**
 * Throws, naming the file, when the state could not be written there: the folder cannot be created, or
 * a file cannot be created next to the state file (the atomic write needs both), or the path is a folder.
 */
export function assertStateFileWritable(file: string): void {
  const fail = (why: string): never => {
    throw new Error(`simulator state file ${file} is not writable: ${why}`);
  };
  try {
    if (fs.statSync(file).isDirectory()) fail('it is a folder');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail((error as Error).message);
  }
  const probe = `${file}.${process.pid}.probe`;
  try {
    ensureFolder(path.dirname(path.resolve(file)));
    fs.writeFileSync(probe, '', { mode: 0o600 });
  } catch (error) {
    fail((error as Error).message);
  }
  fs.rmSync(probe, { force: true });
}

export function writeStateFile(file: string, state: SimulatorState): void {
  const text = `${JSON.stringify({ format: FORMAT, version: VERSION, ...state }, null, 2)}\n`;
  ensureFolder(path.dirname(path.resolve(file)));
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
