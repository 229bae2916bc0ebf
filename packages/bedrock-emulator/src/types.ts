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
  | 'long-stream'
  | 'throttle-first-frame'
  | 'use-tool';

export type ScenarioOptions = {
  /** Apply the scenario only to the next N matching requests, then behave normally again. */
  times?: number;
  /** slow-drip: pause between frames (default 50 ms); other scenarios ignore it. */
  delayMs?: number;
  /** midstream-exception, bad-crc, reset: how many normal frames precede the fault (default 2). */
  afterFrames?: number;
  /** long-stream: number of content deltas (default 200). */
  deltaCount?: number;
  /** throttle (Bedrock face): also send `retry-after: <seconds>`. */
  retryAfterSeconds?: number;
  /**
   * use-tool: the tool the model calls when the user just spoke (by name; it must be offered), with
   * `toolInput`; without `toolName` the model answers in text even when tools are offered.
   */
  toolName?: string;
  toolInput?: Record<string, unknown>;
};

/** A role STS AssumeRole may hand out. */
export type EmulatorRole = {
  /** e.g. `arn:aws:iam::123456789012:role/bedrock-caller` */
  roleArn: string;
  /** When set, AssumeRole must carry exactly this ExternalId (the trust policy's `sts:ExternalId`). */
  externalId?: string;
};

export type EmulatorOptions = {
  host?: string;
  port?: number;
  /** Region the SigV4 credential scope must name. Kept for compatibility: added to `regions`. */
  region?: string;
  /**
   * Regions served: SigV4 scopes naming any of them are accepted (Bedrock and STS). Default
   * `EMULATOR_DEFAULT_REGIONS` (us-east-1, us-west-2, eu-west-1), plus `region` when given.
   */
  regions?: string[];
  /** Roles STS AssumeRole accepts. Default `[EMULATOR_DEFAULT_ROLE]`. */
  roles?: EmulatorRole[];
  /** Lifetime of AssumeRole credentials when the call names no DurationSeconds. Default 3600. */
  defaultSessionSeconds?: number;
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

export type EmulatorFace = 'openai' | 'anthropic' | 'bedrock' | 'sts' | 'emulator' | 'unknown';

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
  /**
   * Bedrock and STS: the region that served the request, from the SigV4 credential scope, else from a
   * `/region/<region>` path prefix, else the first configured region.
   */
  region?: string;
  /** SigV4: the access key id that signed the request (never the secret). */
  accessKeyId?: string;
  /** Signatures of the `thinking` blocks (Anthropic) / `reasoningText` (Converse) sent back in history. */
  thinkingSignatures?: string[];
};

/** One STS AssumeRole call as the emulator saw it. */
export type AssumeRoleCall = {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds: number;
  /** The issued access key id, or the error code when the call was refused. */
  outcome: { accessKeyId: string } | { error: string };
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
  /** Forgets recorded requests, scenarios, region faults, AssumeRole calls and prompt-cache state. */
  reset(): void;
  /** Makes every Bedrock request signed for (or prefixed with) `region` fail; see README "Regions". */
  setRegionFault(region: string, scenario: ScenarioName, options?: ScenarioOptions): void;
  clearRegionFaults(): void;
  /** STS AssumeRole calls since start or the last `reset()` (issued credentials stay valid). */
  readonly assumeRoleCalls: readonly AssumeRoleCall[];
};
