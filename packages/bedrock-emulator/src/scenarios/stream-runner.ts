import type { ServerResponse } from 'node:http';
import { isGone, resetConnection } from '../http-compat';
import { pause } from '../http-utils';
import type { ActiveScenario } from './scenario-store';

export type StreamFrames = {
  /** Normal frames (SSE events or event-stream messages), in order. */
  frames: Uint8Array[];
  /** midstream-exception: what the upstream sends instead of the rest of the stream. */
  exceptionFrame: Uint8Array;
  /** bad-crc: a copy of a frame with a broken checksum (event-stream faces only). */
  corruptFrame?: (frame: Uint8Array) => Uint8Array;
};

const DEFAULT_AFTER_FRAMES = 2;
const DEFAULT_DRIP_MS = 50;

/**
 * Writes the frames to an already-started response, applying a streaming fault scenario
 * (midstream-exception, bad-crc, reset, slow-drip). Stops early when the client goes away.
 */
export async function runStream(
  response: ServerResponse,
  stream: StreamFrames,
  scenario: ActiveScenario | undefined,
): Promise<void> {
  const faultAt = Math.min(scenario?.options.afterFrames ?? DEFAULT_AFTER_FRAMES, stream.frames.length - 1);
  for (const [index, frame] of stream.frames.entries()) {
    if (isGone(response)) return;
    if (index === faultAt && scenario?.name === 'midstream-exception') {
      response.end(stream.exceptionFrame);
      return;
    }
    if (index === faultAt && scenario?.name === 'reset') {
      resetConnection(response);
      return;
    }
    const corrupt = index === faultAt && scenario?.name === 'bad-crc' && stream.corruptFrame;
    response.write(corrupt ? corrupt(frame) : frame);
    if (scenario?.name === 'slow-drip' && index < stream.frames.length - 1) {
      const stillConnected = await pause(response, scenario.options.delayMs ?? DEFAULT_DRIP_MS);
      if (!stillConnected) return;
    }
  }
  response.end();
}
