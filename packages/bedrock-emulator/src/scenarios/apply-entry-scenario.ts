import type { ServerResponse } from 'node:http';
import { resetConnection } from '../http-compat';
import { pause, waitForClientToLeave } from '../http-utils';
import type { ActiveScenario } from './scenario-store';

export type EntryErrors = {
  throttle: () => void;
  serviceUnavailable: () => void;
  /** The face sends `throttle-first-frame` as an exception frame itself; otherwise it is a plain throttle. */
  streamsFirstFrameThrottle?: boolean;
};

/**
 * Applies the scenarios that act before any answer is produced. Returns true when the request has
 * been dealt with (error sent, socket reset, or client gone), false when the face should answer.
 */
export async function applyEntryScenario(
  scenario: ActiveScenario | undefined,
  response: ServerResponse,
  errors: EntryErrors,
  streaming: boolean,
): Promise<boolean> {
  switch (scenario?.name) {
    case 'throttle':
      errors.throttle();
      return true;
    case 'throttle-first-frame':
      if (streaming && errors.streamsFirstFrameThrottle) return false;
      errors.throttle();
      return true;
    case 'service-unavailable':
      errors.serviceUnavailable();
      return true;
    case 'hang':
      await waitForClientToLeave(response);
      return true;
    case 'reset':
      if (streaming) return false;
      resetConnection(response);
      return true;
    case 'slow-drip':
      if (streaming) return false;
      return !(await pause(response, scenario.options.delayMs ?? 50));
    default:
      return false;
  }
}
