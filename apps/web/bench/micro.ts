import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CustomLlmDefinitionSchema } from '@gateway/ai-gateway';
import {
  createBedrockSigner,
  createProviderRegistry,
  finishUpstreamStream,
  memoizeCredentialProvider,
  openAiChunkEncoder,
} from '@gateway/ai-gateway/testing';
import { fixturePath } from '@gateway/aws-fixtures';
import { EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';
import { summarize } from './statistics';

/** The median slice, and every slice (this machine's speed drifts: one long average hides it). */
export type SigningResult = { iterations: number; microsecondsPerSignature: number; slices?: number[] };
export type DecodeResult = {
  capture: string;
  captureBytes: number;
  streams: number;
  megabytesPerSecond: number;
  eventsPerSecond: number;
  slices?: number[];
};

const SLICES = 5;

const credentials = EMULATOR_DEFAULT_CREDENTIALS[0] as { accessKeyId: string; secretAccessKey: string };
const noDefaultChain = memoizeCredentialProvider(async () => {
  throw new Error('the benchmark signs with the definition keys');
});

/** SigV4 per request with the production signer (createBedrockSigner), keys from the definition. */
export async function measureSigning(seconds: number): Promise<SigningResult> {
  const signer = createBedrockSigner({ defaultCredentials: noDefaultChain });
  const definition = CustomLlmDefinitionSchema.parse({
    internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    display_name: 'bench',
    context_length: 200000,
    max_completion_tokens: 8192,
    aws_bedrock: {
      region: 'us-east-1',
      access_key_id: credentials.accessKeyId,
      secret_access_key: credentials.secretAccessKey,
    },
  });
  const context = { definition, stream: true, now: () => new Date() };
  const body = JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'x'.repeat(1000) }],
  });
  const request = {
    url: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  };
  for (let index = 0; index < 2_000; index++) await signer(request, context);
  let iterations = 0;
  const slices: number[] = [];
  const limit = BigInt(Math.round((seconds / SLICES) * 1e9));
  for (let slice = 0; slice < SLICES; slice++) {
    let sliceIterations = 0;
    const started = process.hrtime.bigint();
    while (process.hrtime.bigint() - started < limit) {
      for (let index = 0; index < 500; index++) await signer(request, context);
      sliceIterations += 500;
    }
    slices.push(Number(process.hrtime.bigint() - started) / 1e3 / sliceIterations);
    iterations += sliceIterations;
  }
  return { iterations, microsecondsPerSignature: summarize(slices).p50, slices };
}

/** The real Bedrock invoke-with-response-stream capture, decoded and re-encoded as OpenAI chunks. */
export async function measureDecodeTranslate(seconds: number): Promise<DecodeResult> {
  const folder = fixturePath('eventstream/bedrock-live-captures');
  const capture = 'invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens.eventstream';
  const bytes = new Uint8Array(readFileSync(path.join(folder, capture)));
  const definition = CustomLlmDefinitionSchema.parse({
    internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
  });
  const provider = createProviderRegistry({ awsDefaultCredentials: noDefaultChain }).providerFor(definition);
  const decodeContext = { label: 'bench', headers: new Headers(), messageId: 'bench', model: 'bench' };
  const once = async (): Promise<number> => {
    const encoder = openAiChunkEncoder({ id: 'bench', created: 0, model: 'bench', includeUsage: true });
    let events = 0;
    let output = 0;
    const parts = provider.decodeChatStream(chunksOf(bytes), definition, decodeContext);
    for await (const part of finishUpstreamStream(parts, 'bench')) {
      if (part.type === 'error') throw new Error(part.error.message);
      output += encoder.event(part.event).length;
      events++;
    }
    output += encoder.end().length;
    if (output === 0) throw new Error('nothing translated');
    return events;
  };
  for (let index = 0; index < 500; index++) await once();
  let streams = 0;
  const megabytesPerSecond: number[] = [];
  const eventsPerSecond: number[] = [];
  const limit = BigInt(Math.round((seconds / SLICES) * 1e9));
  for (let slice = 0; slice < SLICES; slice++) {
    let sliceStreams = 0;
    let sliceEvents = 0;
    const started = process.hrtime.bigint();
    while (process.hrtime.bigint() - started < limit) {
      for (let index = 0; index < 100; index++) sliceEvents += await once();
      sliceStreams += 100;
    }
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    megabytesPerSecond.push((sliceStreams * bytes.byteLength) / 1e6 / elapsedSeconds);
    eventsPerSecond.push(sliceEvents / elapsedSeconds);
    streams += sliceStreams;
  }
  return {
    capture,
    captureBytes: bytes.byteLength,
    streams,
    megabytesPerSecond: summarize(megabytesPerSecond).p50,
    eventsPerSecond: summarize(eventsPerSecond).p50,
    slices: megabytesPerSecond,
  };
}

/** The capture as the network delivers it: a few reads, cut mid-frame. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  const size = 512;
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}
