import type { ServerResponse } from 'node:http';
import { deterministicVector } from '../embeddings/deterministic-vector';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { parseJsonObject, sendJson } from '../http-utils';
import { estimateTokens } from '../reply/reply-plan';
import { authenticateOpenAi, sendOpenAiError } from './openai-face';

/** text-embedding-3-small's default size. */
const DEFAULT_DIMENSIONS = 1536;
const MAX_INPUTS = 2048;

type Input = { kind: 'text'; value: string } | { kind: 'tokens'; value: number[] };

/** `input` as OpenAI takes it: a string, strings, a token array or token arrays; undefined if none of those. */
function inputsOf(input: unknown): Input[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [{ kind: 'text', value: input }];
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) return undefined;
  if (input.every((item) => typeof item === 'string' && item !== '')) {
    return input.map((value: string) => ({ kind: 'text', value }));
  }
  const isTokens = (item: unknown): item is number[] =>
    Array.isArray(item) && item.length > 0 && item.every((token) => Number.isInteger(token) && token >= 0);
  if (isTokens(input)) return [{ kind: 'tokens', value: input }];
  if (input.every(isTokens)) return input.map((value) => ({ kind: 'tokens', value }));
  return undefined;
}

/**
 * POST /v1/embeddings (OpenAI): deterministic vectors from (model, input), `dimensions`,
 * `encoding_format` float or base64 (little-endian float32), usage from a rough token count.
 * https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function handleOpenAiEmbeddings(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): void {
  if (!authenticateOpenAi(request, response, state)) return;
  const body = parseJsonObject(request.record.body);
  const invalid = (message: string) => sendOpenAiError(response, 400, message, 'invalid_request_error', null);
  if (!body) {
    invalid('We could not parse the JSON body of your request.');
    return;
  }
  if (typeof body.model !== 'string') {
    invalid("Missing required parameter: 'model'.");
    return;
  }
  request.record.modelId = body.model;
  const inputs = inputsOf(body.input);
  if (inputs === undefined) {
    invalid("'$.input' is invalid. Please check the API reference.");
    return;
  }
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > 3072) {
    invalid(`Invalid value for 'dimensions' = ${JSON.stringify(body.dimensions)}.`);
    return;
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    invalid(`Invalid value for 'encoding_format' = ${JSON.stringify(format)}.`);
    return;
  }
  let promptTokens = 0;
  const data = inputs.map((input, index) => {
    const text = input.kind === 'text' ? input.value : `tokens:${input.value.join(',')}`;
    promptTokens += input.kind === 'text' ? estimateTokens(input.value) : input.value.length;
    const vector = deterministicVector(body.model as string, text, dimensions as number, true);
    const embedding = format === 'float' ? vector : float32Base64(vector);
    return { object: 'embedding', index, embedding };
  });
  sendJson(response, 200, {
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}
