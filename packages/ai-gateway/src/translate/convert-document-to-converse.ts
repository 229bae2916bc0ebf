import type { AnthropicDocumentBlock } from './anthropic-types';
import type { ConverseDocumentBlock } from './converse-types';
import { invalidRequest } from './request-errors';

/** Converse `DocumentFormat` values for the media types Claude documents come in. */
const FORMATS: Record<string, ConverseDocumentBlock['format']> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'text/csv': 'csv',
};

/**
 * A Claude `document` block -> a Converse `document` block
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html): the
 * format from the media type, the bytes (base64 in the JSON protocol), and a `name`, which Converse
 * requires and restricts to letters, digits, single spaces, hyphens, parentheses and brackets.
 */
export function convertDocumentToConverse(
  block: AnthropicDocumentBlock,
  index: number,
  param: string,
): ConverseDocumentBlock {
  const name = converseName(block.title) ?? `document-${index + 1}`;
  const source = block.source;
  if (source.type === 'base64' || source.type === 'text') {
    const format = FORMATS[source.media_type];
    if (format === undefined) {
      throw invalidRequest(
        `Documents of type '${source.media_type}' are not supported for this model.`,
        `${param}.source`,
      );
    }
    const bytes =
      source.type === 'base64' ? source.data : Buffer.from(source.data, 'utf8').toString('base64');
    return { format, name, source: { bytes }, ...(block.citations ? { citations: block.citations } : {}) };
  }
  if (source.type === 'content') {
    const text =
      typeof source.content === 'string'
        ? source.content
        : source.content.map((part) => part.text).join('\n');
    return { format: 'txt', name, source: { bytes: Buffer.from(text, 'utf8').toString('base64') } };
  }
  throw invalidRequest(
    'Document URLs are not supported for this model; send the document as base64 data.',
    `${param}.source`,
  );
}

function converseName(title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const cleaned = title
    .replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? undefined : cleaned;
}
