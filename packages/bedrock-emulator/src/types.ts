import type { SigV4Credential } from './sigv4/verify-sigv4';

export type EmulatorCredential = SigV4Credential;

export type ScenarioName =
  | 'throttle'
  | 'service-unavailable'
  | 'midstream-exception'
  | 'bad-crc'
  | 'slow-drip'
  | 'hang'
  | 'reset'
  | 'capture'
  | 'long-stream';

export type ScenarioOptions = {
  /** Apply the scenario only to the next N matching requests, then behave normally again. */
  times?: number;
  /** slow-drip: pause between frames (default 50 ms); other scenarios ignore it. */
  delayMs?: number;
  /** midstream-exception, bad-crc, reset: how many normal frames precede the fault (default 2). */
  afterFrames?: number;
  /** long-stream: number of content deltas (default 200). */
  deltaCount?: number;
};

export type EmulatorOptions = {
  host?: string;
  port?: number;
  /** Region the SigV4 credential scope must name. Default `us-east-1`. */
  region?: string;
  /** SigV4 credentials accepted by the Bedrock face. Default `EMULATOR_DEFAULT_CREDENTIALS`. */
  credentials?: EmulatorCredential[];
  /** Bedrock API keys accepted as `Authorization: Bearer <key>`. Default `[EMULATOR_DEFAULT_BEDROCK_API_KEY]`. */
  bedrockApiKeys?: string[];
  /** When set, the OpenAI face requires `Authorization: Bearer <key>`; otherwise anything goes. */
  openAiApiKey?: string;
  /** When set, the Anthropic face requires `x-api-key: <key>`; otherwise anything goes. */
  anthropicApiKey?: string;
  /** Clock used for the SigV4 date-skew check. */
  now?: () => Date;
  /** Default true. When false, the Bedrock face accepts any request (signatures are still checked and recorded). */
  verifySignatures?: boolean;
};

export type EmulatorFace = 'openai' | 'anthropic' | 'bedrock' | 'emulator' | 'unknown';

export type RecordedRequest = {
  method: string;
  /** Path and query exactly as received on the wire (percent-encoding untouched). */
  path: string;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  face: EmulatorFace;
  /** True only when a SigV4 signature was present and verified. */
  signatureVerified: boolean;
  /** How the caller authenticated, when it did. */
  auth: 'sigv4' | 'bedrock-api-key' | 'bearer' | 'x-api-key' | 'none';
  /** AWS/OpenAI/Anthropic error code when authentication failed. */
  authError?: string;
  /** Model id taken from the path (Bedrock, decoded once) or the body (`model`). */
  modelId?: string;
};

export type EmulatorHandle = {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Use `*` as modelId to apply a scenario to every model. */
  setScenario(modelId: string, scenario: ScenarioName, options?: ScenarioOptions): void;
  clearScenarios(): void;
  /** Every request received since start or the last `reset()`, oldest first. */
  readonly requests: readonly RecordedRequest[];
  lastRequest(): RecordedRequest | undefined;
  /** Forgets recorded requests, scenarios and prompt-cache state. */
  reset(): void;
};
