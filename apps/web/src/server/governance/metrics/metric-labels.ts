import type { GatewayEndpoint } from '../core-contract';

/** Label values stay bounded: only names the gateway itself defines ever become a label. */
export type LabelPolicy = {
  /** The public id when it is a configured definition, else "unknown". */
  model(publicId: string | undefined): string;
  /** A target name as configured (bounded by the definitions), else "unknown". */
  target(target: string | undefined): string;
};

const ENDPOINTS = new Set<GatewayEndpoint>([
  'chat.completions',
  'messages',
  'count_tokens',
  'responses',
  'embeddings',
  'bedrock',
]);

export const endpointLabel = (endpoint: string): string =>
  ENDPOINTS.has(endpoint as GatewayEndpoint) ? endpoint : 'unknown';

export const statusClass = (status: number): string =>
  status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'unknown';

/** Error codes are the core's own enum; anything else (never expected) folds into "other". */
export const errorCodeLabel = (code: string | undefined): string =>
  code === undefined ? 'none' : /^[a-z_]{1,40}$/.test(code) ? code : 'other';

/** A policy over a lookup of configured definitions (the definition cache). */
export function createLabelPolicy(isConfigured: (publicId: string) => boolean): LabelPolicy {
  return {
    model: (publicId) => (publicId !== undefined && isConfigured(publicId) ? publicId : 'unknown'),
    // Target names come from definitions (admin input, bounded by them), never from callers.
    target: (target) => (target !== undefined && target.length <= 100 ? target : 'unknown'),
  };
}

/** Provider kinds are the core's own names. */
export const providerLabel = (provider: string): string =>
  /^[a-z0-9_.-]{1,40}$/.test(provider) ? provider : 'other';
