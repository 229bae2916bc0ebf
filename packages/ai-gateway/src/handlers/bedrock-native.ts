import { GatewayError } from '../errors/gateway-error';
import { renderAwsError } from '../errors/render-aws-error';
import { InMemoryResponse } from '../http/in-memory-response';
import { NATIVE_ACTIONS, type NativeAction } from '../providers/types';
import { authenticateBedrockCaller, resolveNativeModel } from './bedrock-native-caller';
import { type CoreContext, createEndpointHandler } from './create-endpoint-handler';
import { relayNativeStream } from './relay-native-stream';

export type BedrockNativeParams = { modelId: string; action: string };

const isNativeAction = (action: string): action is NativeAction =>
  (NATIVE_ACTIONS as readonly string[]).includes(action);
const isStreamingAction = (action: NativeAction) =>
  action === 'invoke-with-response-stream' || action === 'converse-stream';

/**
 * `POST /bedrock/model/<modelId>/<action>`: Bedrock Runtime's own wire for AWS-SDK clients, boto3
 * and Claude Code in Bedrock mode. The caller's key stands in for a Bedrock API key; the body goes
 * up as it came (with the definition's body rules) signed with the definition's credentials, and
 * the answer comes back as Bedrock sent it (event streams frame by frame). Errors are AWS-shaped.
 */
export function createBedrockNativeHandler(core: CoreContext) {
  return (request: Request, params: BedrockNativeParams): Promise<Response> => {
    const { modelId, action } = params;
    if (!isNativeAction(action)) {
      return Promise.resolve(
        Response.json(
          { message: `Unknown Bedrock Runtime operation "${action.slice(0, 50)}".` },
          { status: 404, headers: { 'x-amzn-errortype': 'UnknownOperationException' } },
        ),
      );
    }
    const handler = createEndpointHandler({
      core,
      endpoint: 'bedrock',
      mode: 'any',
      authenticate: authenticateBedrockCaller,
      resolve: resolveNativeModel,
      parse: () => ({ model: modelId, stream: isStreamingAction(action) }),
      renderError: renderAwsError,
      handle: async (call) => {
        const native = call.upstreams[0]?.provider.native;
        if (native === undefined) {
          throw new GatewayError({
            code: 'invalid_request',
            status: 400,
            param: 'modelId',
            message: `The provided model identifier is invalid for this endpoint: "${modelId}" is not a Bedrock model. The Bedrock-native endpoint serves Bedrock definitions only; call /api/gateway/v1/chat/completions or /api/gateway/v1/messages with it.`,
          });
        }
        const answer = await call.send(() => call.json, { operation: 'native', action });
        const headers = native.responseHeaders(answer.response.headers);
        for (const [name, value] of call.headers) headers.set(name, value);
        if (!headers.has('x-amzn-requestid')) headers.set('x-amzn-requestid', call.accounting.requestId);
        if (call.stream) {
          if (!headers.has('content-type')) headers.set('content-type', 'application/vnd.amazon.eventstream');
          return relayNativeStream(call, answer, native, headers);
        }
        const text = await answer.text();
        const usage = native.usageOfAnswer(action, answer.response.headers, text);
        if (usage) call.accounting.addUsage(usage);
        call.accounting.markFirstByte();
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        return new InMemoryResponse(text, { status: 200, headers });
      },
    });
    return handler(request);
  };
}
