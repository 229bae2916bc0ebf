/**
 * Public ids are URL path segments joined by `/`: no blanks, no `..`, no control characters.
 * Dependency-free, so the console (in the browser) and the server share one rule.
 */
const PUBLIC_ID = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._~:@+-]+(?:\/[A-Za-z0-9._~:@+-]+)*$/;

export function publicIdProblem(publicId: string): string | undefined {
  if (publicId.length === 0) return 'Enter a public id: the model name callers will send.';
  if (publicId.length > 200 || !PUBLIC_ID.test(publicId)) {
    return 'Use 1-200 letters, digits and . _ ~ : @ + - (segments separated by single "/").';
  }
  return undefined;
}

/** A public id as a URL path: each "/"-separated segment encoded on its own. */
export const publicIdPath = (publicId: string) => publicId.split('/').map(encodeURIComponent).join('/');
