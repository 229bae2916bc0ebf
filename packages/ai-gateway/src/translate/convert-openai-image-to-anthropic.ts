import type { AnthropicImageBlock } from './anthropic-types';
import { invalidRequest } from './request-errors';

export type FetchImage = (url: string) => Promise<{ mediaType: string; data: string }>;

export type ImageOptions = {
  allowImageUrls: boolean;
  fetchImage: FetchImage | undefined;
};

/** The image types Claude accepts (https://docs.anthropic.com/en/docs/build-with-claude/vision). */
export const SUPPORTED_IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

const DATA_URL = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s;

/**
 * An OpenAI `image_url` (a data URL, or an http(s) URL when the definition allows fetching) as an
 * Anthropic base64 image block. Remote URLs are fetched by the gateway rather than passed on, since
 * Bedrock only takes inline bytes and a caller must not make the gateway fetch arbitrary hosts
 * unless the admin opted in.
 */
export async function convertOpenAiImageToAnthropic(
  url: string,
  options: ImageOptions,
  param: string,
): Promise<AnthropicImageBlock> {
  const dataUrl = DATA_URL.exec(url);
  if (dataUrl) {
    const mediaType = (dataUrl[1] ?? '').toLowerCase();
    return imageBlock(mediaType, dataUrl[3] ?? '', param);
  }
  if (/^https?:\/\//i.test(url)) {
    if (!options.allowImageUrls || options.fetchImage === undefined) {
      throw invalidRequest(
        'Image URLs are not supported for this model; send the image inline as a base64 data URL (data:image/png;base64,...).',
        param,
      );
    }
    const fetched = await options.fetchImage(url);
    return imageBlock(fetched.mediaType.toLowerCase(), fetched.data, param);
  }
  throw invalidRequest(
    'Image URL must be a base64 data URL (data:image/png;base64,...) or an http(s) URL.',
    param,
  );
}

function imageBlock(mediaType: string, data: string, param: string): AnthropicImageBlock {
  if (!SUPPORTED_IMAGE_MEDIA_TYPES.includes(mediaType)) {
    throw invalidRequest(
      `Image type '${mediaType}' is not supported; use one of ${SUPPORTED_IMAGE_MEDIA_TYPES.join(', ')}.`,
      param,
    );
  }
  if (data.trim() === '') throw invalidRequest('Image data is empty.', param);
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
}
