import type { TestGateway } from '../../support/test-gateway';

export type ChatOptions = {
  stream?: boolean;
  signal?: AbortSignal;
  content?: string;
  key?: string;
  endpoint?: 'chat' | 'messages';
};

/** One chat request to the gateway over its real socket. */
export function chat(gateway: TestGateway, model: string, options: ChatOptions = {}): Promise<Response> {
  const messages = [{ role: 'user', content: options.content ?? 'hello' }];
  const isMessages = options.endpoint === 'messages';
  return fetch(`${gateway.url}/api/gateway/v1/${isMessages ? 'messages' : 'chat/completions'}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.key ?? gateway.callerKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      model,
      messages,
      ...(isMessages ? { max_tokens: 100 } : {}),
      ...(options.stream ? { stream: true } : {}),
    }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export type ErrorBody = { error: { message: string; code?: string; type?: string } };

export async function errorOf(response: Response): Promise<ErrorBody['error']> {
  return ((await response.json()) as ErrorBody).error;
}
