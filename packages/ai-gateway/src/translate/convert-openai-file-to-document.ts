import type { AnthropicDocumentBlock } from './anthropic-types';
import type { OpenAiContentPart } from './openai-types';
import { invalidRequest } from './request-errors';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s;

/**
 * An OpenAI `file` content part (`{"type": "file", "file": {"file_data": "data:application/pdf;base64,…",
 * "filename": "x.pdf"}}`, https://platform.openai.com/docs/guides/pdf-files) -> a Claude `document`
 * block (https://docs.anthropic.com/en/docs/build-with-claude/pdf-support): a PDF as base64, plain
 * text as a text source. `file_id` needs OpenAI's file store, which Claude does not have.
 */
export function convertOpenAiFileToDocument(part: OpenAiContentPart, param: string): AnthropicDocumentBlock {
  const file = (part as { file?: { file_data?: unknown; file_id?: unknown; filename?: unknown } }).file;
  if (file?.file_id !== undefined && file.file_data === undefined) {
    throw invalidRequest(
      'file_id is not supported for this model; send the file as file_data.',
      `${param}.file_id`,
    );
  }
  const match = typeof file?.file_data === 'string' ? DATA_URL.exec(file.file_data) : null;
  if (!match) {
    throw invalidRequest(
      'file_data must be a base64 data URL (data:application/pdf;base64,…).',
      `${param}.file_data`,
    );
  }
  const [, mediaType, data] = match as unknown as [string, string, string];
  const title = typeof file?.filename === 'string' && file.filename !== '' ? { title: file.filename } : {};
  if (mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: mediaType, data }, ...title };
  }
  if (mediaType === 'text/plain') {
    const text = Buffer.from(data, 'base64').toString('utf8');
    return { type: 'document', source: { type: 'text', media_type: mediaType, data: text }, ...title };
  }
  throw invalidRequest(
    `Files of type '${mediaType}' are not supported; send a PDF or plain text.`,
    `${param}.file_data`,
  );
}
