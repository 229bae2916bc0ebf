import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from './emulator-state';
import { parseJsonObject, sendJson } from './http-utils';
import { SCENARIO_NAMES } from './scenarios/scenario-store';
import type { ScenarioName, ScenarioOptions } from './types';

export function resetState(state: EmulatorState): void {
  state.requests.length = 0;
  state.scenarios.clear();
  state.regionFaults.clear();
  state.assumeRoleCalls.length = 0;
  state.promptCache.clear();
}

function parseScenario(body: Record<string, unknown> | undefined): ScenarioName | undefined {
  const scenario = body?.scenario as ScenarioName | undefined;
  return scenario && SCENARIO_NAMES.includes(scenario) ? scenario : undefined;
}

/**
 * Out-of-process control: `GET /__emulator/requests`, `POST /__emulator/scenarios {modelId, scenario, options?}`,
 * `DELETE /__emulator/scenarios`, `POST /__emulator/regions/<region> {scenario, options?}` (`*` = every
 * region), `DELETE /__emulator/regions`, `GET /__emulator/assume-role-calls`, `POST /__emulator/reset`.
 */
export function handleControl(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): void {
  const { method, path } = request.record;
  const route = `${method} ${path.split('?')[0]}`;
  if (route === 'GET /__emulator/requests') {
    // The control request itself is not part of the history.
    sendJson(response, 200, { requests: state.requests.filter((recorded) => recorded !== request.record) });
    return;
  }
  if (route === 'POST /__emulator/scenarios') {
    const body = parseJsonObject(request.record.body);
    const scenario = parseScenario(body);
    if (typeof body?.modelId !== 'string' || !scenario) {
      sendJson(response, 400, {
        error: `Expected {"modelId": string, "scenario": one of ${SCENARIO_NAMES.join(', ')}}`,
      });
      return;
    }
    state.scenarios.set(body.modelId, scenario, (body.options ?? {}) as ScenarioOptions);
    sendJson(response, 200, { ok: true });
    return;
  }
  if (route === 'DELETE /__emulator/scenarios') {
    state.scenarios.clear();
    sendJson(response, 200, { ok: true });
    return;
  }
  const regionMatch = /^POST \/__emulator\/regions\/([a-z0-9*-]+)$/.exec(route);
  if (regionMatch) {
    const body = parseJsonObject(request.record.body);
    const scenario = parseScenario(body);
    if (!scenario) {
      sendJson(response, 400, {
        error: `Expected {"scenario": one of ${SCENARIO_NAMES.join(', ')}, "options"?: {...}}`,
      });
      return;
    }
    state.regionFaults.set(regionMatch[1]!, scenario, (body?.options ?? {}) as ScenarioOptions);
    sendJson(response, 200, { ok: true });
    return;
  }
  if (route === 'DELETE /__emulator/regions') {
    state.regionFaults.clear();
    sendJson(response, 200, { ok: true });
    return;
  }
  if (route === 'GET /__emulator/assume-role-calls') {
    sendJson(response, 200, { calls: state.assumeRoleCalls });
    return;
  }
  if (route === 'POST /__emulator/reset') {
    resetState(state);
    sendJson(response, 200, { ok: true });
    return;
  }
  sendJson(response, 404, { error: `No emulator control route ${route}` });
}
