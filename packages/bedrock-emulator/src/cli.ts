#!/usr/bin/env tsx
import { parseArgs } from 'node:util';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY, EMULATOR_DEFAULT_CREDENTIALS } from './default-credentials';
import { startEmulator } from './server';

// Test credentials only: they open nothing but this local emulator, so printing them is fine.
const { values } = parseArgs({
  // `pnpm start -- --port 4010` forwards the `--` separator itself.
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    region: { type: 'string', default: 'us-east-1' },
    'openai-api-key': { type: 'string' },
    'anthropic-api-key': { type: 'string' },
  },
});

const emulator = await startEmulator({
  host: values.host,
  port: Number(values.port),
  region: values.region,
  bedrockApiKeys: [EMULATOR_DEFAULT_BEDROCK_API_KEY],
  openAiApiKey: values['openai-api-key'],
  anthropicApiKey: values['anthropic-api-key'],
});

console.log(`bedrock-emulator listening on ${emulator.url}`);
console.log(
  `  OpenAI-compatible: ${emulator.url}/v1/chat/completions  (key: ${values['openai-api-key'] ?? 'any'})`,
);
console.log(
  `  Anthropic:         ${emulator.url}/v1/messages  (x-api-key: ${values['anthropic-api-key'] ?? 'any'})`,
);
console.log(
  `  Bedrock Runtime:   ${emulator.url}/model/{modelId}/invoke  (region ${values.region}, service bedrock)`,
);
for (const credential of EMULATOR_DEFAULT_CREDENTIALS) {
  const token = credential.sessionToken ? ` session_token=${credential.sessionToken}` : '';
  console.log(
    `    access_key_id=${credential.accessKeyId} secret_access_key=${credential.secretAccessKey}${token}`,
  );
}
console.log(`    Bedrock API key: ${EMULATOR_DEFAULT_BEDROCK_API_KEY}`);
console.log(
  `  Control: POST ${emulator.url}/__emulator/scenarios {"modelId","scenario"}; GET ${emulator.url}/__emulator/requests`,
);

const shutdown = () => {
  emulator.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
