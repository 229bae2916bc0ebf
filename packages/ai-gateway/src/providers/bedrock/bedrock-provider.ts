import type { Provider } from '../types';
import { bedrockRequestUrl, signBedrockRequest } from './bedrock-signer';
import { finalizeBedrockBody } from './finalize-bedrock-body';

/**
 * AWS Bedrock Runtime: Claude through `invoke` / `invoke-with-response-stream` (Anthropic Messages
 * bodies) or any model through `converse` / `converse-stream`, signed with SigV4 or a Bedrock API key.
 */
export const bedrockProvider: Provider = {
  id: 'bedrock',
  buildUrl: (context) => bedrockRequestUrl(context).url,
  finalizeBody: finalizeBedrockBody,
  signRequest: signBedrockRequest,
};
