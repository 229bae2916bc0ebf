import { expect, test } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import {
  encodeAnthropicSse,
  encodeOpenAiStreamError,
  encodeSseData,
  encodeSseEvent,
  OPENAI_DONE,
} from './encode-sse';
import { parseSse } from './parse-sse';

test('encoders produce the exact framing', () => {
  expect(encodeSseData({ a: 1 })).toBe('data: {"a":1}\n\n');
  expect(encodeAnthropicSse({ type: 'message_stop' })).toBe(
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  );
  expect(encodeSseEvent(undefined, 'x')).toBe('data: x\n\n');
  expect(encodeSseEvent('e', 'line 1\nline 2')).toBe('event: e\ndata: line 1\ndata: line 2\n\n');
  expect(OPENAI_DONE).toBe('data: [DONE]\n\n');
  const error = new GatewayError({ code: 'upstream_stream_error', status: 502, message: 'Upstream failed.' });
  expect(encodeOpenAiStreamError(error)).toBe(
    'data: {"error":{"message":"Upstream failed.","type":"api_error","code":"upstream_stream_error","param":null}}\n\n',
  );
});

test('what encodeSseEvent writes, parseSse reads back', async () => {
  const text = encodeSseEvent('multi', 'a\nb\r\nc') + encodeSseEvent(undefined, '');
  const result = [];
  for await (const message of parseSse(new Response(text).body!)) result.push(message);
  // A `data:` line with an empty value still dispatches an event (its data buffer holds a newline).
  expect(result).toEqual([
    { event: 'multi', data: 'a\nb\nc' },
    { event: undefined, data: '' },
  ]);
});
