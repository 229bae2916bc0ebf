import type { ThinkingSupport } from './model-capabilities';

export type ClaudeFamily = {
  tier: 'opus' | 'sonnet' | 'haiku';
  /** e.g. 4.5 for claude-sonnet-4-5, 3.7 for claude-3-7-sonnet. */
  version: number;
  thinking: ThinkingSupport;
  documents: boolean;
};

/** `claude-sonnet-4-5…`, `claude-opus-4-1…`, `claude-haiku-4-5…`, `claude-opus-4…` (4.x naming). */
const NEW_NAMING = /claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?=$|[-@:.v])/;
/** `claude-3-7-sonnet…`, `claude-3-5-haiku…`, `claude-3-haiku…` (3.x naming). */
const OLD_NAMING = /claude-(\d+)(?:-(\d))?-(opus|sonnet|haiku)/;

/**
 * The Claude family named inside a model id, whatever the transport: Anthropic API names
 * (`claude-sonnet-4-5-20250929`), Bedrock ids (`anthropic.claude-…-v1:0`), inference profiles
 * (`us.anthropic.…`, `global.anthropic.…`) and foundation-model / inference-profile ARNs.
 * Undefined for anything else (an application-inference-profile ARN names no model: the
 * definition's `capabilities` must say what it can do).
 * Thinking support per https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * (3.7 and 4.x take `budget_tokens`; 4.6 and later also take `{"type":"adaptive"}`); PDF support
 * per https://docs.anthropic.com/en/docs/build-with-claude/pdf-support (3.5 Sonnet and later).
 */
export function claudeFamilyOf(modelId: string): ClaudeFamily | undefined {
  const id = modelId.toLowerCase();
  const newer = NEW_NAMING.exec(id);
  if (newer) {
    const minor = newer[3] !== undefined && newer[3].length === 1 ? Number(newer[3]) : 0;
    return familyOf(newer[1] as ClaudeFamily['tier'], Number(newer[2]) + minor / 10);
  }
  const older = OLD_NAMING.exec(id);
  if (older) {
    const minor = older[2] === undefined ? 0 : Number(older[2]);
    return familyOf(older[3] as ClaudeFamily['tier'], Number(older[1]) + minor / 10);
  }
  return undefined;
}

function familyOf(tier: ClaudeFamily['tier'], version: number): ClaudeFamily {
  const thinking: ThinkingSupport = version >= 4.6 ? 'adaptive' : version >= 3.7 ? 'budget' : 'none';
  return { tier, version, thinking, documents: version >= 3.5 };
}
