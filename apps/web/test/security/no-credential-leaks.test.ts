import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat } from '../faults/support/gateway-calls';
import { startTinyUpstream, type TinyUpstream } from '../faults/support/tiny-upstream';
import { bedrockDefinition, openAiDefinition, SESSION_CREDENTIALS } from '../support/definitions';
import { capturedLogLines } from '../support/log-capture';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const RIGHT_KEY = 'sk-emulator-right-key-0123456789';
const WRONG_KEY = 'sk-definition-wrong-key-9876543210';
const LEAKY_KEY = 'sk-leaky-upstream-key-abcdefghij0123';
const WRONG_CALLER_KEY = 'sk-gw-not-a-real-caller-key-0123456789abcdef';
const WRONG_AWS_SECRET = 'wrongSecretAccessKey0123456789abcdefghijkl';

let gateway: TestGateway;
let leaky: TinyUpstream;

beforeAll(async () => {
  gateway = await startTestGateway({
    emulator: { openAiApiKey: RIGHT_KEY },
    extraSecrets: [RIGHT_KEY, WRONG_KEY, LEAKY_KEY, WRONG_CALLER_KEY, WRONG_AWS_SECRET],
  });
  // An upstream whose error bodies quote the key it was sent, in every shape an error comes in.
  leaky = await startTinyUpstream((request, response) => {
    const sent = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    const mode = request.url.split('/')[1];
    if (mode === 'json401') {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${sent}` } }));
    } else if (mode === 'html500') {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end(`<html><body>Internal error for key=${sent}</body></html>`);
    } else if (mode === 'json400') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `Bad request from ${sent}: max_tokens too large` } }));
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`not json at all ${sent}`);
    }
  });
  await gateway.putDefinition('wrong-key', openAiDefinition(gateway.emulator.url, { api_key: WRONG_KEY }));
  for (const mode of ['json401', 'html500', 'json400', 'garbage200']) {
    await gateway.putDefinition(mode, openAiDefinition(`${leaky.url}/${mode}`, { api_key: LEAKY_KEY }));
  }
  const bedrock = bedrockDefinition(gateway.emulator.url, 'session');
  await gateway.putDefinition('bedrock-bad-signature', {
    ...bedrock,
    aws_bedrock: { ...bedrock.aws_bedrock, secret_access_key: WRONG_AWS_SECRET },
  });
});
afterAll(async () => {
  await leaky?.close();
  await gateway?.close();
});

/** Everything a caller or an operator can read: response headers and body, and the logs. */
async function visibleText(response: Response): Promise<string> {
  const headers = JSON.stringify([...response.headers.entries()]);
  return `${headers}\n${await response.text()}`;
}

function expectNoneOf(text: string, forbidden: string[]) {
  for (const value of forbidden) expect(text).not.toContain(value);
}

describe('error paths never show a secret, a signature or a caller key', () => {
  it('bad caller credentials -> 401 that does not echo the key', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${WRONG_CALLER_KEY}` },
      { 'x-api-key': WRONG_CALLER_KEY },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'wrong-key', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(401);
      expectNoneOf(await visibleText(response), [WRONG_CALLER_KEY, gateway.callerKey]);
    }
  });

  it('upstream 401 (wrong definition key) -> 502 without the key', async () => {
    const response = await chat(gateway, 'wrong-key');
    expect(response.status).toBe(502);
    const text = await visibleText(response);
    expect(text).toContain('upstream_auth_failed');
    expectNoneOf(text, [WRONG_KEY, RIGHT_KEY, gateway.callerKey]);
  });

  it.each([
    ['json401', 502, 'rejected the gateway'],
    ['html500', 502, 'non-JSON body'],
    ['json400', 400, 'max_tokens too large'],
    ['garbage200', 502, 'not valid JSON'],
  ])(
    'an upstream %s answer that quotes the key -> %i with a clear message, key removed',
    async (mode, status, message) => {
      const response = await chat(gateway, mode);
      expect(response.status).toBe(status);
      const text = await visibleText(response);
      expect(text).toContain(message);
      expectNoneOf(text, [LEAKY_KEY, gateway.callerKey]);
    },
  );

  it('Bedrock InvalidSignatureException -> 502 naming the error type, not the signature or canonical request', async () => {
    gateway.emulator.reset();
    const response = await chat(gateway, 'bedrock-bad-signature', { endpoint: 'messages' });
    expect(response.status).toBe(502);
    const text = await visibleText(response);
    expect(text).toMatch(/InvalidSignatureException|SignatureDoesNotMatch/);
    const sent = gateway.emulator.lastRequest();
    const signature = /Signature=([0-9a-f]{64})/.exec(sent?.headers.authorization ?? '')?.[1];
    expect(signature).toBeDefined();
    const forbidden = [
      signature as string,
      WRONG_AWS_SECRET,
      SESSION_CREDENTIALS.sessionToken as string,
      'AWS4-HMAC-SHA256\n',
      'x-amz-date:',
    ];
    expectNoneOf(text, forbidden);
    expectNoneOf(capturedLogLines().join('\n'), forbidden.slice(0, 3));
  });

  it('no captured log line holds any of the keys used above', () => {
    expectNoneOf(capturedLogLines().join('\n'), [
      WRONG_CALLER_KEY,
      gateway.callerKey,
      WRONG_KEY,
      RIGHT_KEY,
      LEAKY_KEY,
      WRONG_AWS_SECRET,
      gateway.adminToken,
    ]);
  });
});
