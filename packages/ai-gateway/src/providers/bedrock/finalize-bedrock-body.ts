import type { ApiAdapter } from '../../definition/custom-llm-definition-schema';
import { mapThinking } from '../../models/map-thinking';
import type { ThinkingSupport } from '../../models/model-capabilities';
import { hoistSystemMessages } from '../../translate/anthropic-types';
import {
  BEDROCK_ACCEPTED_BETAS,
  BEDROCK_BETA_ALIASES,
  BEDROCK_BETA_MODELS,
  BEDROCK_INVOKE_BODY_KEYS,
  type BetaModel,
  takesEffort,
} from './bedrock-anthropic-invoke-rules';

/** The `anthropic_version` Bedrock requires in Claude invoke bodies. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/** What was left out or changed, for the debug log. */
export type BedrockBodyChanges = { fields: string[]; betas: string[]; mapped: string[] };

/**
 * Body rules for Bedrock (after `remove_from_body` and `extra_body`). The model id travels in the
 * URL and streaming is chosen by the operation, so `model` and `stream` must go; so must every other
 * top-level key and beta Bedrock does not accept (bedrock-anthropic-invoke-rules.ts): Bedrock
 * refuses the whole request for one of them. Claude's beta flags move from the `anthropic-beta`
 * header into the body; `role: "system"` messages move into `system`; thinking and effort are
 * mapped to what the model takes (models/map-thinking.ts).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
export function finalizeBedrockBody(
  body: Record<string, unknown>,
  context: {
    apiAdapter: ApiAdapter;
    callerHeaders: Headers;
    /** The Claude model (tier and version) when its id names one; per-model beta and effort rules. */
    model?: BetaModel | undefined;
    /** How the model takes thinking (capabilities, overridable by the definition). */
    thinking?: ThinkingSupport | undefined;
    /** Told what was left out or mapped (logged at debug). */
    onDropped?: (changes: BedrockBodyChanges) => void;
  },
): Record<string, unknown> {
  const result = { ...body };
  delete result.model;
  delete result.stream;

  if (context.apiAdapter === 'bedrock-converse') {
    // Converse takes the id from the path only (`modelId` is a URI label in service-2.json).
    delete result.modelId;
    return result;
  }

  const changes: BedrockBodyChanges = { fields: [], betas: [], mapped: [] };
  Object.assign(result, hoistSystemMessages(result));
  if (result.anthropic_version === undefined) result.anthropic_version = BEDROCK_ANTHROPIC_VERSION;

  const betas = mergeBetas(result.anthropic_beta, context.callerHeaders.get('anthropic-beta'));
  const accepted: string[] = [];
  for (const beta of betas) {
    const name = BEDROCK_BETA_ALIASES[beta] ?? beta;
    const forModel = BEDROCK_BETA_MODELS[name];
    const ok =
      BEDROCK_ACCEPTED_BETAS.has(name) &&
      (context.model === undefined || forModel === undefined || forModel(context.model));
    if (!ok) changes.betas.push(beta);
    else if (!accepted.includes(name)) {
      accepted.push(name);
      if (name !== beta) changes.mapped.push(`${beta} -> ${name}`);
    }
  }
  delete result.anthropic_beta;
  if (accepted.length > 0) result.anthropic_beta = accepted;

  mapThinkingAndEffort(result, context, changes);
  if (result.metadata !== null && typeof result.metadata === 'object') {
    // Bedrock takes `metadata.user_id` only ("metadata.x: Extra inputs are not permitted").
    const userId = (result.metadata as { user_id?: unknown }).user_id;
    result.metadata = typeof userId === 'string' ? { user_id: userId } : {};
  }

  for (const field of Object.keys(result)) {
    if (BEDROCK_INVOKE_BODY_KEYS.has(field)) continue;
    delete result[field];
    changes.fields.push(field);
  }
  if (changes.fields.length + changes.betas.length + changes.mapped.length > 0) context.onDropped?.(changes);
  return result;
}

function mapThinkingAndEffort(
  result: Record<string, unknown>,
  context: { model?: BetaModel | undefined; thinking?: ThinkingSupport | undefined },
  changes: BedrockBodyChanges,
): void {
  const outputConfig =
    result.output_config !== null && typeof result.output_config === 'object'
      ? { ...(result.output_config as Record<string, unknown>) }
      : undefined;
  if (result.thinking !== undefined && context.thinking !== undefined) {
    const before = JSON.stringify(result.thinking);
    const thinking = mapThinking(result.thinking, {
      support: context.thinking,
      effort: outputConfig?.effort,
      maxTokens: result.max_tokens,
    });
    if (thinking === undefined) {
      delete result.thinking;
      changes.fields.push('thinking');
    } else if (JSON.stringify(thinking) !== before) {
      result.thinking = thinking;
      changes.mapped.push(`thinking ${before} -> ${JSON.stringify(thinking)}`);
    }
  }
  if (
    outputConfig !== undefined &&
    'effort' in outputConfig &&
    context.model &&
    !takesEffort(context.model)
  ) {
    delete outputConfig.effort;
    changes.fields.push('output_config.effort');
    if (Object.keys(outputConfig).length === 0) delete result.output_config;
    else result.output_config = outputConfig;
  }
}

function mergeBetas(existing: unknown, header: string | null): string[] {
  const fromBody = Array.isArray(existing)
    ? existing.filter((value): value is string => typeof value === 'string')
    : typeof existing === 'string'
      ? [existing]
      : [];
  const fromHeader = (header ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return [...new Set([...fromBody, ...fromHeader])];
}
