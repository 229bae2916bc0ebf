import { GatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import type { IncomingCall } from '../handlers/create-endpoint-handler';
import type { RequestAccounting } from '../handlers/request-accounting';
import { InMemoryResponse } from '../http/in-memory-response';
import { sseResponse } from '../pipeline/sse-response';
import type { ResponsesReport, ResponsesStreamPart, ResponsesSupport } from '../providers/types';
import type { ParsedResponsesRequest } from './parse-responses-request';

/**
 * `POST /v1/responses` to an upstream that speaks the Responses API itself: the caller's body goes
 * up as it came (the provider applies the definition's body rules and sets `model`), and the
 * answer comes back as the upstream sent it — whole JSON, or its events one by one. The gateway
 * keeps nothing: `store`, `previous_response_id` and `GET`/`DELETE` are the upstream's business.
 * Accounting reads `usage` from the Response or its `response.completed` event.
 */
export async function passResponsesThrough(
  call: IncomingCall<ParsedResponsesRequest>,
  support: ResponsesSupport,
  gatewayLimits: { maxUpstreamEventBytes?: number | undefined },
): Promise<Response> {
  const { accounting } = call;
  const answer = await call.send(
    (upstream) => {
      // A definition whose targets mix wire formats cannot pass one body to all of them.
      if (!upstream.provider.responses) throw mixedTargets(upstream.name);
      return call.json;
    },
    { operation: 'responses' },
  );
  const label = answer.upstream.label;
  const headers = new Headers(call.headers);
  if (!call.stream) {
    const text = await answer.text();
    note(accounting, support.readAnswer(text, { label }));
    accounting.markFirstByte();
    headers.set('content-type', 'application/json');
    return new InMemoryResponse(text, { status: 200, headers });
  }

  const parts = support.relayStream(answer.chunks(), {
    label,
    headers: answer.response.headers,
    messageId: `msg_${accounting.requestId}`,
    model: call.resolved.publicId,
    ...(gatewayLimits.maxUpstreamEventBytes ? { maxEventBytes: gatewayLimits.maxUpstreamEventBytes } : {}),
  });
  const first = await parts.next();
  if (!first.done && first.value.type === 'error') {
    // Nothing is committed yet: a real HTTP error in OpenAI's shape.
    answer.upstreamAbort.abort();
    await parts.return(undefined);
    accounting.finish(first.value.error.status, first.value.error);
    return renderOpenAiError(first.value.error, headers);
  }
  let pending: IteratorResult<ResponsesStreamPart> | undefined = first;
  const end = (outcome: { error: GatewayError | undefined; cancelled: boolean }) =>
    accounting.finishStream(outcome);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = pending ?? (await parts.next());
      pending = undefined;
      if (result.done) {
        controller.close();
        end({ error: undefined, cancelled: false });
        return;
      }
      const part = result.value;
      accounting.markFirstByte();
      if (part.type === 'error') {
        if (part.bytes) controller.enqueue(part.bytes);
        controller.close();
        answer.upstreamAbort.abort();
        await parts.return(undefined);
        end({ error: part.error, cancelled: false });
        return;
      }
      note(accounting, part);
      controller.enqueue(part.bytes);
    },
    async cancel() {
      answer.upstreamAbort.abort();
      end({ error: undefined, cancelled: true });
      await parts.return(undefined);
    },
  });
  accounting.streamPending = true;
  return sseResponse(body, headers);
}

function note(accounting: RequestAccounting, report: ResponsesReport): void {
  if (report.usage) accounting.addUsage(report.usage);
  if (report.finishReason) accounting.setFinishReason(report.finishReason);
}

function mixedTargets(target: string): GatewayError {
  return new GatewayError({
    code: 'invalid_request',
    status: 400,
    param: 'model',
    message: `Target "${target}" of this model does not speak the Responses API, unlike its first target: give every target api_adapter "openai-responses", or none.`,
  });
}
