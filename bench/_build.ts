import { buildFleet } from './fleet';
const { app } = buildFleet(5000, { clusters: 20, devices: 4 });
(globalThis as { keep?: unknown }).keep = app;
(globalThis as { gc?: () => void }).gc?.();
console.log('heap MiB', (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0));
