/**
 * Benchmark only: the emulator as its own process. `tsx bench/emulator-process.ts <port> [unverified]`.
 * `unverified` accepts any SigV4 signature: Portkey signs for the real AWS host even when it sends to
 * a custom host, so only that copy of the emulator can answer it.
 */
import { startEmulator } from '@gateway/bedrock-emulator';

const [port, mode] = process.argv.slice(2);
const emulator = await startEmulator({ port: Number(port), verifySignatures: mode !== 'unverified' });
const stop = () => void emulator.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
