import { GatewayError, type GatewayErrorCode } from '../../errors/gateway-error';
import { parseRetryAfter } from '../../errors/parse-retry-after';
import { redactCredentials } from '../../errors/redact-credentials';
import { baseModelId, findBedrockModel, inferenceProfileIdFor } from './bedrock-model-catalog';

/** Optional facts about the failed call, used for more helpful messages. */
export type BedrockErrorContext = { internalId?: string; region?: string };

/** Bedrock sends no `retry-after`; a short default lets clients back off sensibly. */
const DEFAULT_THROTTLE_RETRY_AFTER_SECONDS = 1;
/** AWS messages are short; anything longer is cut so a body is never echoed whole. */
const MAX_UPSTREAM_MESSAGE_LENGTH = 500;

const AUTH_ERROR_TYPES = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/**
 * Maps a non-2xx Bedrock Runtime response to a GatewayError. The error type comes from the
 * `x-amzn-ErrorType` header (`Name:namespace`) or the body's `__type` (restJson1), statuses from
 * the service model (botocore bedrock-runtime service-2.json) and
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function mapBedrockHttpError(
  status: number,
  headers: Headers,
  bodyText: string,
  context: BedrockErrorContext = {},
): GatewayError {
  const body = parseErrorBody(bodyText);
  const errorType = errorTypeOf(headers.get('x-amzn-errortype') ?? body?.type);
  const awsMessage = body?.message;
  const detail = awsMessage ? `: ${awsMessage}` : '.';
  const make = (code: GatewayErrorCode, mappedStatus: number, message: string, retryable = false) =>
    new GatewayError({ code, status: mappedStatus, message, retryable });

  if (errorType !== undefined && AUTH_ERROR_TYPES.has(errorType)) {
    // Never the AWS message: InvalidSignatureException echoes the canonical request and string to sign.
    return make(
      'upstream_auth_failed',
      502,
      `Bedrock rejected the gateway's credentials for this model (${errorType}).`,
    );
  }

  switch (errorType) {
    case 'ThrottlingException':
      return new GatewayError({
        code: 'upstream_rate_limited',
        status: 429,
        message: `Bedrock is throttling requests for this model${detail}`,
        retryable: true,
        retryAfterSeconds:
          parseRetryAfter(headers.get('retry-after')) ?? DEFAULT_THROTTLE_RETRY_AFTER_SECONDS,
      });
    case 'ServiceQuotaExceededException':
      return make('upstream_rate_limited', 429, `Bedrock service quota exceeded${detail}`);
    case 'ValidationException': {
      const hint = inferenceProfileHint(awsMessage, context);
      return make('upstream_bad_request', 400, `Bedrock rejected the request${detail}${hint}`);
    }
    case 'ResourceNotFoundException':
      return make('upstream_not_found', 404, `Bedrock could not find the model or resource${detail}`);
    case 'ModelTimeoutException':
      return make('upstream_timeout', 408, `The Bedrock model timed out${detail}`);
    case 'ServiceUnavailableException':
      return withRetryAfter(
        make('upstream_unavailable', 503, `Bedrock is unavailable${detail}`, true),
        headers,
      );
    case 'ModelNotReadyException':
      return withRetryAfter(
        make('upstream_unavailable', 503, `The Bedrock model is not ready yet${detail}`, true),
        headers,
      );
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
      return make('upstream_error', 502, `The Bedrock model returned an error${detail}`);
    case 'InternalServerException':
      return make('upstream_error', 502, 'Bedrock hit an internal error.', true);
  }

  const described = errorType === undefined ? '' : ` (${errorType})`;
  return make('upstream_error', 502, `Bedrock returned HTTP ${status}${described}.`, status >= 500);
}

type ErrorBody = { type?: string; message?: string };

function parseErrorBody(bodyText: string): ErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const message = [record.message, record.Message].find((value) => typeof value === 'string') as
    | string
    | undefined;
  return {
    ...(typeof record.__type === 'string' ? { type: record.__type } : {}),
    ...(message === undefined ? {} : { message: clean(message) }),
  };
}

/** `ThrottlingException:http://internal.amazon.com/coral/…` or `com.amazon.coral…#ThrottlingException`. */
function errorTypeOf(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const name = raw.split(':')[0]?.split('#').pop()?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** One line, credential-shaped text masked, bounded length. */
function clean(message: string): string {
  const singleLine = redactCredentials(message.replace(/\s+/g, ' ').trim());
  return singleLine.length > MAX_UPSTREAM_MESSAGE_LENGTH
    ? `${singleLine.slice(0, MAX_UPSTREAM_MESSAGE_LENGTH)}…`
    : singleLine;
}

function withRetryAfter(error: GatewayError, headers: Headers): GatewayError {
  const seconds = parseRetryAfter(headers.get('retry-after'));
  if (seconds === undefined) return error;
  return new GatewayError({
    code: error.code,
    status: error.status,
    message: error.message,
    retryable: error.retryable,
    retryAfterSeconds: seconds,
  });
}

/**
 * "Invocation of model ID anthropic.… with on-demand throughput isn't supported. Retry your
 * request with the ID or ARN of an inference profile that contains this model."
 */
const ON_DEMAND_NOT_SUPPORTED = /model ID (\S+) with on-demand throughput isn.t supported/i;

function inferenceProfileHint(awsMessage: string | undefined, context: BedrockErrorContext): string {
  const match = awsMessage === undefined ? null : ON_DEMAND_NOT_SUPPORTED.exec(awsMessage);
  if (match === null) return '';
  const modelId = baseModelId(match[1] ?? context.internalId ?? '');
  const profileId = context.region === undefined ? undefined : inferenceProfileIdFor(modelId, context.region);
  if (profileId !== undefined) return ` Set internal_id to the inference profile ${profileId}.`;
  const knownProfiles = findBedrockModel(modelId)?.profileGeographies.map(
    (geography) => `${geography}.${modelId}`,
  );
  const examples = knownProfiles?.join(', ') ?? `us.${modelId}, eu.${modelId}, global.${modelId}`;
  return ` Set internal_id to an inference profile that serves your region (${examples}) or an inference profile ARN.`;
}
