import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SigV4Request } from './sigv4-sign';
import { FIXTURES_DIRECTORY, InspectableSignatureV4, readFixtureText } from './sigv4-test-support';

/**
 * AWS's official SigV4 test suite (2019 revision, __fixtures__/sigv4-test-suite, Apache-2.0) run
 * through the production signer (sigv4-sign.ts) with the suite's service name: canonical request
 * (.creq), string to sign (.sts) and Authorization header (.authz), case by case.
 */
const SUITE = 'sigv4-test-suite';
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SIGNING_DATE = new Date('2015-08-30T12:36:00Z');
/** From SOURCE.txt: this case's .req omits the token, the signer adds and signs it. */
const SESSION_TOKENS: Record<string, string> = {
  'get-vanilla-with-session-token': '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
};

/** Case directories (those holding `<name>.req`), relative to the suite root. */
function findCases(relative = ''): string[] {
  const directory = `${FIXTURES_DIRECTORY}${SUITE}/${relative}`;
  const cases: string[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const path = `${relative}${entry}`;
    if (!statSync(`${directory}${entry}`).isDirectory()) continue;
    const files = readdirSync(`${directory}${entry}`);
    if (files.includes(`${entry}.req`)) cases.push(path);
    cases.push(...findCases(`${path}/`));
  }
  return cases;
}

/** Parses a raw `.req`: request line, headers (folded lines and repeated names), blank line, body. */
function parseRawRequest(raw: string): SigV4Request {
  const [head = '', ...bodyParts] = raw.split('\n\n');
  const [requestLine = '', ...headerLines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const [path = '/', queryString] = target.split('?');

  const headers: Record<string, string> = {};
  let lastName = '';
  for (const line of headerLines) {
    if (line === '') continue;
    if (/^\s/.test(line)) {
      headers[lastName] += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    lastName = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    headers[lastName] = headers[lastName] === undefined ? value : `${headers[lastName]},${value.trim()}`;
  }

  const query: Record<string, string | string[]> = {};
  for (const pair of queryString ? queryString.split('&') : []) {
    const [rawName = '', rawValue = ''] = pair.split('=');
    const name = decodeURIComponent(rawName);
    const value = decodeURIComponent(rawValue);
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }

  const body = bodyParts.join('\n\n');
  return { method, path, query, headers, ...(body === '' ? {} : { body }) };
}

describe('AWS SigV4 test suite', () => {
  const cases = findCases();

  it('finds every case of the suite', () => {
    expect(cases.length).toBeGreaterThanOrEqual(29);
  });

  it.each(cases)('%s: canonical request, string to sign and Authorization', async (casePath) => {
    const name = casePath.split('/').pop() as string;
    const file = (extension: string) => readFixtureText(`${SUITE}/${casePath}/${name}.${extension}`);
    const sessionToken = SESSION_TOKENS[name];
    const signer = new InspectableSignatureV4(
      sessionToken === undefined ? CREDENTIALS : { ...CREDENTIALS, sessionToken },
      'us-east-1',
      'service',
    );

    const stages = await signer.stages(parseRawRequest(file('req')), SIGNING_DATE);

    expect(stages.canonicalRequest).toBe(file('creq'));
    expect(stages.stringToSign).toBe(file('sts'));
    expect(stages.authorization).toBe(file('authz'));
  });
});
