/** A thinking block found in the history of an Anthropic Messages request. */
export type HistoryThinkingBlock = {
  messageIndex: number;
  blockIndex: number;
  thinking: unknown;
  signature: unknown;
};

/**
 * Every `thinking` block in `messages` (assistant turns sent back by the client), in order. Claude
 * requires each to come back with its signature unchanged.
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
export function thinkingBlocksInHistory(messages: unknown): HistoryThinkingBlock[] {
  if (!Array.isArray(messages)) return [];
  const found: HistoryThinkingBlock[] = [];
  for (const [messageIndex, message] of messages.entries()) {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (const [blockIndex, block] of content.entries()) {
      const typed = block as { type?: unknown; thinking?: unknown; signature?: unknown } | null;
      if (typed?.type !== 'thinking') continue;
      found.push({ messageIndex, blockIndex, thinking: typed.thinking, signature: typed.signature });
    }
  }
  return found;
}
