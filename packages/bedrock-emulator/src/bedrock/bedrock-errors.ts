import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-utils';

export type AwsError = { status: number; errorType: string; message: string };

// Statuses from the Bedrock Runtime service model (shapes *Exception, "error": {"httpStatusCode"}).
export const THROTTLING: AwsError = {
  status: 429,
  errorType: 'ThrottlingException',
  message: 'Too many requests, please wait before trying again.',
};

export const SERVICE_UNAVAILABLE: AwsError = {
  status: 503,
  errorType: 'ServiceUnavailableException',
  message: 'Bedrock is unable to process your request.',
};

export function validationError(message: string): AwsError {
  return { status: 400, errorType: 'ValidationException', message };
}

export function newRequestId(): string {
  return randomUUID();
}

/**
 * restJson1 error as AWS sends it: the code in `x-amzn-ErrorType`, `{"message"}` in the body.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
export function sendAwsError(
  response: ServerResponse,
  error: AwsError,
  headers: Record<string, string> = {},
): void {
  sendJson(
    response,
    error.status,
    { message: error.message },
    { 'x-amzn-ErrorType': error.errorType, 'x-amzn-RequestId': newRequestId(), ...headers },
  );
}
