import { readFileSync } from 'node:fs';
import { fixturePath } from '@gateway/aws-fixtures';

export type BedrockOperation = 'invoke' | 'invoke-with-response-stream' | 'converse' | 'converse-stream';

export type Capture = { body: Buffer; contentType: string; requestId: string };

// Real Bedrock responses (Claude Sonnet 4.5, us-west-2); see @gateway/aws-fixtures (fixtures/eventstream/SOURCE.txt).
const CAPTURES: Record<BedrockOperation, { file: string; contentType: string; requestId: string }> = {
  invoke: {
    file: 'invoke_anthropic-claude-sonnet-4-5_tooluse-maxtokens.response.json',
    contentType: 'application/json',
    requestId: 'c92e8fb8-a69f-47b5-bdfb-94952440dedb',
  },
  'invoke-with-response-stream': {
    file: 'invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens.eventstream',
    contentType: 'application/vnd.amazon.eventstream',
    requestId: 'c92e8fb8-a69f-47b5-bdfb-94952440dedb',
  },
  converse: {
    file: 'converse_claude-sonnet-4-5_tooluse-maxtokens.response.json',
    contentType: 'application/json',
    requestId: '3904b838-0f3c-447f-8a30-ebee4c5eeb9d',
  },
  'converse-stream': {
    file: 'converse-stream_claude-sonnet-4-5_tooluse-maxtokens.eventstream',
    contentType: 'application/vnd.amazon.eventstream',
    requestId: '3904b838-0f3c-447f-8a30-ebee4c5eeb9d',
  },
};

const cache = new Map<BedrockOperation, Capture>();

/** The captured response body for an operation, byte for byte. */
export function loadCapture(operation: BedrockOperation): Capture {
  const cached = cache.get(operation);
  if (cached) return cached;
  const entry = CAPTURES[operation];
  const path = fixturePath(`eventstream/bedrock-live-captures/${entry.file}`);
  const capture = { body: readFileSync(path), contentType: entry.contentType, requestId: entry.requestId };
  cache.set(operation, capture);
  return capture;
}
