import { createHmac } from 'node:crypto';
import { sha256Hex } from './sigv4-canonical-request';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export type CredentialScope = {
  /** `YYYYMMDD` */
  date: string;
  region: string;
  service: string;
};

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

export function buildStringToSign(amzDate: string, scope: CredentialScope, canonicalRequest: string): string {
  return [SIGV4_ALGORITHM, amzDate, scopeString(scope), sha256Hex(canonicalRequest)].join('\n');
}

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secretAccessKey: string, scope: CredentialScope): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, scope.date);
  const regionKey = hmac(dateKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);
  return hmac(serviceKey, 'aws4_request');
}

export function computeSignature(
  secretAccessKey: string,
  scope: CredentialScope,
  stringToSign: string,
): string {
  return hmac(deriveSigningKey(secretAccessKey, scope), stringToSign).toString('hex');
}
