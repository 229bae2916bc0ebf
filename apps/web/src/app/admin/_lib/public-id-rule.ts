/**
 * The rule of CustomLlmService's public id check (server/admin/custom-llm-service.ts), repeated
 * here because that module pulls in the database; the server stays the authority.
 */
const PUBLIC_ID = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._~:@+-]+(?:\/[A-Za-z0-9._~:@+-]+)*$/;

export function publicIdProblem(publicId: string): string | undefined {
  if (publicId.length === 0) return 'Enter a public id: the model name callers will send.';
  if (publicId.length > 200 || !PUBLIC_ID.test(publicId)) {
    return 'Use letters, digits and . _ ~ : @ + - (segments separated by single "/").';
  }
  return undefined;
}

/** A public id as a URL path: each "/"-separated segment encoded on its own. */
export const publicIdPath = (publicId: string) => publicId.split('/').map(encodeURIComponent).join('/');
