const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isIndex = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * A typed check of one ConverseStream event payload (by its `:event-type`), for the fields the
 * gateway reads. Returns undefined when it is fine, else why not.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
 */
export function checkConverseStreamEvent(eventType: string, payload: unknown): string | undefined {
  if (!isObject(payload)) return `${eventType} is not an object`;
  switch (eventType) {
    case 'contentBlockStart': {
      const toolUse = isObject(payload.start) ? payload.start.toolUse : undefined;
      const toolOk =
        toolUse === undefined ||
        (isObject(toolUse) && typeof toolUse.toolUseId === 'string' && typeof toolUse.name === 'string');
      return isIndex(payload.contentBlockIndex) && toolOk
        ? undefined
        : 'contentBlockStart needs contentBlockIndex (and toolUse ids as strings)';
    }
    case 'contentBlockDelta': {
      const delta = payload.delta;
      if (!isIndex(payload.contentBlockIndex) || !isObject(delta))
        return 'contentBlockDelta needs an index and a delta';
      const toolUse = delta.toolUse;
      const reasoning = delta.reasoningContent;
      const fine =
        optionalString(delta.text) &&
        (toolUse === undefined || (isObject(toolUse) && typeof toolUse.input === 'string')) &&
        (reasoning === undefined ||
          (isObject(reasoning) &&
            optionalString(reasoning.text) &&
            optionalString(reasoning.signature) &&
            optionalString(reasoning.redactedContent)));
      return fine ? undefined : 'contentBlockDelta has a delta of the wrong type';
    }
    case 'contentBlockStop':
      return isIndex(payload.contentBlockIndex) ? undefined : 'contentBlockStop needs contentBlockIndex';
    case 'messageStop':
      return optionalString(payload.stopReason) ? undefined : 'messageStop.stopReason is not a string';
    case 'metadata': {
      const usage = payload.usage;
      const fine =
        usage === undefined ||
        (isObject(usage) && typeof usage.inputTokens === 'number' && typeof usage.outputTokens === 'number');
      return fine ? undefined : 'metadata.usage needs inputTokens and outputTokens';
    }
    default:
      return undefined;
  }
}
