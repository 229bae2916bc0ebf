/**
 * Hover and completion docs for definition fields, by path with array indexes dropped. The JSON
 * Schema from zod carries types and enums; the words here say what a field is for.
 */
export const FIELD_DOCS: Record<string, string> = {
  internal_id:
    'The upstream model id. For Bedrock: a model id, an inference-profile id (us., eu., apac., jp., au., global.) or an ARN.',
  display_name: 'A friendly name shown in model lists.',
  context_length: 'Context window in tokens.',
  max_completion_tokens: 'Largest completion the model allows, in tokens.',
  base_url:
    'The upstream URL, e.g. https://api.openai.com/v1. Optional with aws_bedrock (default https://bedrock-runtime.{region}.amazonaws.com).',
  api_key: 'Bearer key for an OpenAI-compatible or Anthropic upstream. Stored encrypted, shown redacted.',
  organization_ids: 'Organisations allowed to use this model.',
  aliases:
    'Other model names that resolve to this definition (e.g. "claude-sonnet-4-5" for Anthropic clients).',
  supports_image_input: 'Whether image parts may be sent to this model.',
  allow_image_urls: 'Lets the gateway fetch http(s) image URLs; off: such parts are refused.',
  add_cache_breakpoints: 'Adds prompt-cache breakpoints to Anthropic-format requests.',
  inject_reasoning_into_content:
    'Copies reasoning text into the message content for clients that ignore reasoning.',
  reasoning_summary: 'Reasoning summary detail requested from the upstream.',
  extra_headers: 'Headers added to every upstream request (name -> value).',
  extra_body: 'Fields merged into every upstream request body.',
  remove_from_body: 'Top-level body fields removed before the request goes upstream.',
  caller_passthrough:
    'Which caller betas and top-level body fields reach the upstream. Default: everything except the betas mcp-client-*, files-api-*, code-execution-*, skills-* and the fields mcp_servers, container, service_tier, store, models.',
  'caller_passthrough.betas':
    'anthropic-beta / openai-beta values (and a body anthropic_beta); names or prefixes ending in *.',
  'caller_passthrough.fields': 'Top-level body keys, checked before remove_from_body and extra_body.',
  'caller_passthrough.betas.allow': 'Only these pass (the defaults no longer apply); deny still wins.',
  'caller_passthrough.betas.deny': 'Replaces the default deny list ([] forwards every beta).',
  'caller_passthrough.fields.allow':
    'Only these top-level keys pass (the defaults no longer apply); deny still wins.',
  'caller_passthrough.fields.deny': 'Replaces the default deny list ([] forwards every field).',
  opencode_settings: 'Settings for the OpenCode client.',
  'opencode_settings.ai_sdk_provider': 'AI SDK provider package OpenCode should use.',
  openclaw_settings: 'Settings for how the gateway talks to the upstream.',
  'openclaw_settings.api_adapter':
    'The upstream wire format: openai-completions, anthropic-messages (Anthropic API or Bedrock invoke), bedrock-converse, or openai-responses (serves /v1/responses only, passed through).',
  pricing: 'Dollars per token, as decimal strings ("0.000003" = $3 per million tokens).',
  'pricing.prompt': 'Dollars per input token.',
  'pricing.completion': 'Dollars per output token.',
  'pricing.input_cache_read': 'Dollars per cached input token read.',
  'pricing.input_cache_write': 'Dollars per input token written to the cache.',
  aws_bedrock: 'Routes this model to AWS Bedrock. Needs a region and exactly one auth mode.',
  'aws_bedrock.region': 'AWS region, e.g. "us-east-1" or "eu-central-1".',
  'aws_bedrock.access_key_id': 'IAM access key id (auth mode: access keys, SigV4).',
  'aws_bedrock.secret_access_key': 'IAM secret access key. Stored encrypted, shown redacted.',
  'aws_bedrock.session_token': 'Session token for temporary credentials. Stored encrypted, shown redacted.',
  'aws_bedrock.api_key': 'Bedrock API key, sent as a Bearer token. Stored encrypted, shown redacted.',
  'aws_bedrock.use_default_credentials':
    'true: use the AWS default credential chain of the server (env, profile, web identity, container, IMDS).',
  'aws_bedrock.role_arn':
    'Assume this IAM role (STS AssumeRole) with the credentials above; temporary credentials are cached until shortly before they expire.',
  'aws_bedrock.external_id': 'The ExternalId the role’s trust policy requires (sts:ExternalId).',
  'aws_bedrock.role_session_name': 'Session name shown in CloudTrail (default "ai-gateway").',
  targets:
    'Several upstreams for this model (1–16). Each takes every upstream field it omits from the top level. The healthy targets of the lowest priority share traffic by weight; a throttled or failing one cools down and the next takes over.',
  'targets.name': 'Unique name ([a-z0-9-]); answers carry it as x-gateway-target.',
  'targets.weight': 'Share of traffic among healthy targets of the same priority (> 0, default 1).',
  'targets.priority':
    'Lower is tried first (default 0); a higher one only takes traffic when every lower one is down.',
  'targets.aws_bedrock':
    'Merged with the top-level aws_bedrock (region by field; auth and role as groups). null: this target is not Bedrock.',
  fallbacks:
    'Other public ids tried, in order, when every target failed with a retryable error (same mode; no cycles).',
};

export function fieldDoc(path: readonly (string | number)[]): string | undefined {
  return FIELD_DOCS[path.filter((segment) => typeof segment === 'string').join('.')];
}
