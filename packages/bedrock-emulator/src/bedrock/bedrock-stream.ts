import type { ServerResponse } from 'node:http';
import { corruptMessageCrc, encodeException } from '../eventstream/eventstream-writer';
import { flushHeaders } from '../http-compat';
import type { ActiveScenario } from '../scenarios/scenario-store';
import { runStream } from '../scenarios/stream-runner';
import { newRequestId, THROTTLING } from './bedrock-errors';

export const EVENTSTREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

// ModelStreamErrorException members per the service model: message, originalStatusCode, originalMessage.
const MODEL_STREAM_ERROR = {
  message: 'The system encountered an unexpected error during processing. Try your request again.',
  originalStatusCode: 500,
  originalMessage: 'Internal server error',
};

/** Starts an event-stream response and writes the frames, applying the request's fault scenario. */
export async function sendEventStream(
  response: ServerResponse,
  frames: Uint8Array[],
  scenario: ActiveScenario | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  response.writeHead(200, {
    'content-type': EVENTSTREAM_CONTENT_TYPE,
    'x-amzn-requestid': newRequestId(),
    ...extraHeaders,
  });
  flushHeaders(response);
  if (scenario?.name === 'throttle-first-frame') {
    // A throttle that arrives after the 200: the stream's first (and only) frame is the exception.
    response.end(encodeException('throttlingException', { message: THROTTLING.message }));
    return;
  }
  await runStream(
    response,
    {
      frames,
      exceptionFrame: encodeException('modelStreamErrorException', MODEL_STREAM_ERROR),
      corruptFrame: corruptMessageCrc,
    },
    scenario,
  );
}
