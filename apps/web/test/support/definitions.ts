import { EMULATOR_DEFAULT_BEDROCK_API_KEY, EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';

export const STATIC_CREDENTIALS = EMULATOR_DEFAULT_CREDENTIALS[0]!;
export const SESSION_CREDENTIALS = EMULATOR_DEFAULT_CREDENTIALS[1]!;

export function openAiDefinition(emulatorUrl: string, extra: Record<string, unknown> = {}) {
  return {
    internal_id: 'emulator-gpt',
    display_name: 'Emulator GPT',
    context_length: 128000,
    max_completion_tokens: 4096,
    base_url: `${emulatorUrl}/v1`,
    ...extra,
  };
}

export function bedrockDefinition(
  emulatorUrl: string,
  auth: 'static' | 'session' | 'api_key' = 'static',
  extra: Record<string, unknown> = {},
) {
  const credentials =
    auth === 'api_key'
      ? { api_key: EMULATOR_DEFAULT_BEDROCK_API_KEY }
      : auth === 'session'
        ? {
            access_key_id: SESSION_CREDENTIALS.accessKeyId,
            secret_access_key: SESSION_CREDENTIALS.secretAccessKey,
            session_token: SESSION_CREDENTIALS.sessionToken,
          }
        : {
            access_key_id: STATIC_CREDENTIALS.accessKeyId,
            secret_access_key: STATIC_CREDENTIALS.secretAccessKey,
          };
  return {
    internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    display_name: 'Claude Sonnet 4.5 (Bedrock)',
    context_length: 200000,
    max_completion_tokens: 8192,
    base_url: emulatorUrl,
    aws_bedrock: { region: 'us-east-1', ...credentials },
    ...extra,
  };
}
