#!/usr/bin/env tsx
import { parseArgs } from 'node:util';
import {
  EMULATOR_DEFAULT_BEDROCK_API_KEY,
  EMULATOR_DEFAULT_CREDENTIALS,
  EMULATOR_DEFAULT_REGIONS,
  EMULATOR_DEFAULT_ROLE,
} from './default-credentials';
import { startEmulator } from './server';

// Test credentials only: they open nothing but this local emulator, so printing them is fine.
const { values } = parseArgs({
  // `pnpm start -- --port 4010` forwards the `--` separator itself.
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    region: { type: 'string' },
    // Comma-separated; SigV4 scopes naming any of them are accepted.
    regions: { type: 'string', default: EMULATOR_DEFAULT_REGIONS.join(',') },
    'openai-api-key': { type: 'string' },
    'anthropic-api-key': { type: 'string' },
  },
});

const emulator = await startEmulator({
  host: values.host,
  port: Number(values.port),
  region: values.region,
  regions: values.regions.split(',').filter((region) => region !== ''),
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
  `  Bedrock Runtime:   ${emulator.url}/model/{modelId}/invoke|converse|count-tokens  (regions ${values.regions}, service bedrock; bearer callers pick a region with ${emulator.url}/region/<region>)`,
);
console.log(
  `  STS AssumeRole:    POST ${emulator.url}/  role_arn=${EMULATOR_DEFAULT_ROLE.roleArn} external_id=${EMULATOR_DEFAULT_ROLE.externalId}`,
);
for (const credential of EMULATOR_DEFAULT_CREDENTIALS) {
  const token = credential.sessionToken ? ` session_token=${credential.sessionToken}` : '';
  console.log(
    `    access_key_id=${credential.accessKeyId} secret_access_key=${credential.secretAccessKey}${token}`,
  );
}
console.log(`    Bedrock API key: ${EMULATOR_DEFAULT_BEDROCK_API_KEY}`);
console.log(
  `  Control: POST ${emulator.url}/__emulator/scenarios {"modelId","scenario"}; POST ${emulator.url}/__emulator/regions/<region> {"scenario"}; GET ${emulator.url}/__emulator/requests`,
);

const shutdown = () => {
  emulator.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
