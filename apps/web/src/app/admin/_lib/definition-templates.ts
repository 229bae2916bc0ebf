/** Starting points for a new definition; placeholders are plain values the admin replaces. */
export type DefinitionTemplate = { id: string; label: string; definition: Record<string, unknown> };

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const bedrockBase = {
  internal_id: CLAUDE,
  display_name: 'Claude Sonnet 4.5 (Bedrock)',
  context_length: 200000,
};

export const DEFINITION_TEMPLATES: readonly DefinitionTemplate[] = [
  {
    id: 'bedrock-access-keys',
    label: 'Bedrock (access keys)',
    definition: {
      ...bedrockBase,
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: 'AKIA...',
        secret_access_key: 'replace-with-the-secret-access-key',
      },
    },
  },
  {
    id: 'bedrock-api-key',
    label: 'Bedrock (API key)',
    definition: {
      ...bedrockBase,
      aws_bedrock: { region: 'us-east-1', api_key: 'replace-with-the-bedrock-api-key' },
    },
  },
  {
    id: 'bedrock-default-credentials',
    label: 'Bedrock (default credentials)',
    definition: { ...bedrockBase, aws_bedrock: { region: 'us-east-1', use_default_credentials: true } },
  },
  {
    id: 'bedrock-three-regions',
    label: 'Bedrock in three regions (targets, failover)',
    definition: {
      ...bedrockBase,
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
      targets: [
        { name: 'us-east-1', weight: 2 },
        { name: 'us-west-2', weight: 1, aws_bedrock: { region: 'us-west-2' } },
        {
          name: 'other-account',
          weight: 1,
          aws_bedrock: {
            region: 'us-east-2',
            role_arn: 'arn:aws:iam::123456789012:role/bedrock-caller',
            external_id: 'replace-with-the-external-id',
          },
        },
        {
          name: 'anthropic-api',
          priority: 1,
          aws_bedrock: null,
          base_url: 'https://api.anthropic.com',
          api_key: 'replace-with-the-anthropic-api-key',
          internal_id: 'claude-sonnet-4-5-20250929',
          openclaw_settings: { api_adapter: 'anthropic-messages' },
        },
      ],
    },
  },
  {
    id: 'openai-compatible',
    label: 'OpenAI-compatible',
    definition: {
      internal_id: 'gpt-4o-mini',
      display_name: 'GPT-4o mini',
      context_length: 128000,
      base_url: 'https://api.openai.com/v1',
      api_key: 'replace-with-the-api-key',
    },
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    definition: {
      internal_id: 'claude-sonnet-4-5-20250929',
      display_name: 'Claude Sonnet 4.5',
      context_length: 200000,
      base_url: 'https://api.anthropic.com',
      api_key: 'replace-with-the-anthropic-api-key',
      openclaw_settings: { api_adapter: 'anthropic-messages' },
    },
  },
];

export const toEditorText = (definition: unknown) => `${JSON.stringify(definition, null, 2)}\n`;
