const CONTENT_BLOCK_MEMBERS = [
  'text',
  'image',
  'document',
  'video',
  'audio',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
  'searchResult',
];

type Message = { role?: unknown; content?: unknown };

/**
 * Validates a Converse / ConverseStream body against the service model's constraints and the
 * service's conversation rules, with Bedrock's wording. Returns the ValidationException message.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function validateConverseBody(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return 'Malformed request body: the body must be a JSON object.';
  const messages = body.messages;
  if (messages !== undefined && !Array.isArray(messages)) {
    return "1 validation error detected: Value at 'messages' failed to satisfy constraint: Member must be a list";
  }
  const list = (messages ?? []) as Message[];
  if (list.length === 0 || list[0]?.role !== 'user') {
    return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  }
  let usesTools = false;
  for (const [messageIndex, message] of list.entries()) {
    if (message?.role !== 'user' && message?.role !== 'assistant') {
      return `1 validation error detected: Value '${String(message?.role)}' at 'messages.${messageIndex + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`;
    }
    if (messageIndex > 0 && list[messageIndex - 1]?.role === message.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    if (!Array.isArray(message.content)) {
      return `1 validation error detected: Value null at 'messages.${messageIndex + 1}.member.content' failed to satisfy constraint: Member must not be null`;
    }
    for (const [blockIndex, block] of (message.content as Record<string, unknown>[]).entries()) {
      const members = Object.keys(block ?? {}).filter((key) => CONTENT_BLOCK_MEMBERS.includes(key));
      if (members.length !== 1) {
        return `The content field in the Message object at messages.${messageIndex}.content.${blockIndex} must contain exactly one of its members.`;
      }
      if ('text' in block && (typeof block.text !== 'string' || block.text.trim() === '')) {
        return `The text field in the ContentBlock object at messages.${messageIndex}.content.${blockIndex} is blank. Add text to the text field, and try again.`;
      }
      if ('toolUse' in block || 'toolResult' in block) usesTools = true;
    }
  }
  if (usesTools && body.toolConfig === undefined) {
    return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  }
  const maxTokens = (body.inferenceConfig as { maxTokens?: unknown } | undefined)?.maxTokens;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    return `1 validation error detected: Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`;
  }
  return undefined;
}
