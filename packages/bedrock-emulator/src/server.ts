import type { AddressInfo } from 'node:net';
import {
  EMULATOR_DEFAULT_BEDROCK_API_KEY,
  EMULATOR_DEFAULT_CREDENTIALS,
  EMULATOR_DEFAULT_REGIONS,
  EMULATOR_DEFAULT_ROLE,
} from './default-credentials';
import { createDualProtocolServer } from './dual-protocol-server';
import { resetState } from './emulator-control';
import type { EmulatorState } from './emulator-state';
import { resetConnection } from './http-compat';
import { sendJson } from './http-utils';
import { route } from './router';
import { ScenarioStore } from './scenarios/scenario-store';
import type { EmulatorHandle, EmulatorOptions } from './types';

function resolveState(options: EmulatorOptions): EmulatorState {
  return {
    regions: [
      ...new Set([
        ...(options.region ? [options.region] : []),
        ...(options.regions ?? EMULATOR_DEFAULT_REGIONS),
      ]),
    ],
    credentials: [...(options.credentials ?? EMULATOR_DEFAULT_CREDENTIALS)],
    roles: options.roles ?? [EMULATOR_DEFAULT_ROLE],
    defaultSessionSeconds: options.defaultSessionSeconds ?? 3600,
    bedrockApiKeys: options.bedrockApiKeys ?? [EMULATOR_DEFAULT_BEDROCK_API_KEY],
    openAiApiKey: options.openAiApiKey,
    anthropicApiKey: options.anthropicApiKey,
    now: options.now ?? (() => new Date()),
    verifySignatures: options.verifySignatures ?? true,
    scenarios: new ScenarioStore(),
    regionFaults: new ScenarioStore(),
    assumeRoleCalls: [],
    requests: [],
    promptCache: new Set(),
  };
}

/** Starts the emulator on 127.0.0.1 (a free port unless `port` is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const state = resolveState(options);
  const { server, close } = createDualProtocolServer((incoming, response) => {
    route(incoming, response, state).catch((error: unknown) => {
      if (response.headersSent) resetConnection(response);
      else sendJson(response, 500, { message: `Emulator failure: ${(error as Error).message}` });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close,
    setScenario: (modelId, scenario, scenarioOptions) =>
      state.scenarios.set(modelId, scenario, scenarioOptions),
    clearScenarios: () => state.scenarios.clear(),
    get requests() {
      return state.requests;
    },
    lastRequest: () => state.requests.at(-1),
    reset: () => resetState(state),
    setRegionFault: (region, scenario, scenarioOptions) =>
      state.regionFaults.set(region, scenario, scenarioOptions),
    clearRegionFaults: () => state.regionFaults.clear(),
    get assumeRoleCalls() {
      return state.assumeRoleCalls;
    },
  };
}
