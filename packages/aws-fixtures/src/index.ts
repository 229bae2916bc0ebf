import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fixtures folder: AWS's SigV4 test suite, Bedrock SigV4 vectors, the AWS event-stream codec
 * vectors and real captured Bedrock answers, each with its SOURCE.txt and licence. Test data only.
 */
export const FIXTURES_DIRECTORY = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The absolute path of one fixture, e.g. `sigv4-bedrock-vectors/invoke-colon-encoded.json`. */
export function fixturePath(relativePath: string): string {
  return `${FIXTURES_DIRECTORY}${relativePath}`;
}

export function readFixture(relativePath: string): Buffer {
  return readFileSync(fixturePath(relativePath));
}

export function readFixtureText(relativePath: string): string {
  return readFixture(relativePath).toString('utf8');
}
