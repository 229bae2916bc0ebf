import type { CustomLlmDefinition } from '@gateway/ai-gateway/definition';

export type ProviderKind = 'bedrock' | 'anthropic' | 'openai';

export type ProviderSummary = { kind: ProviderKind; label: string; detail?: string };

const AUTH_LABELS = {
  access_keys: 'access keys',
  api_key: 'API key',
  default_credentials: 'default credentials',
};

/** What the list's badge says: the provider, and for Bedrock its auth mode and region. */
export function summarizeProvider(definition: CustomLlmDefinition): ProviderSummary {
  const bedrock = definition.aws_bedrock;
  if (bedrock) {
    const mode =
      bedrock.api_key !== undefined
        ? 'api_key'
        : bedrock.use_default_credentials === true
          ? 'default_credentials'
          : 'access_keys';
    return { kind: 'bedrock', label: 'Bedrock', detail: `${AUTH_LABELS[mode]} · ${bedrock.region}` };
  }
  const anthropic =
    definition.openclaw_settings?.api_adapter === 'anthropic-messages' ||
    /(^|\.)anthropic\.com$/.test(hostOf(definition.base_url));
  return anthropic
    ? { kind: 'anthropic', label: 'Anthropic' }
    : { kind: 'openai', label: 'OpenAI-compatible' };
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return '';
  }
}
