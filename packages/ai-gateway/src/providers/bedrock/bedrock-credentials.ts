import type { AwsCredentialIdentity } from '@smithy/types';
import type { AwsBedrockSettings } from '../../definition/aws-bedrock-settings-schema';
import { GatewayError } from '../../errors/gateway-error';

export type AwsCredentials = AwsCredentialIdentity;
export type AwsCredentialProvider = () => Promise<AwsCredentials>;
/** Credentials for a given moment: cached until they are close to expiry. */
export type MemoizedCredentialProvider = (now: Date) => Promise<AwsCredentials>;

/**
 * Refresh this long before `expiration`, so a request signed now is not rejected as expired while
 * in flight. The AWS SDKs use a similar window (5 minutes, `credentialsWillNeedRefresh`).
 */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Wraps a credential provider (the default chain makes network calls: STS, IMDS, container
 * endpoint) so most requests reuse resolved credentials. Concurrent callers share one refresh;
 * a failed refresh is not cached, and still-valid credentials are kept if a refresh fails.
 */
export function memoizeCredentialProvider(
  provider: AwsCredentialProvider,
  refreshBeforeExpiryMs = REFRESH_BEFORE_EXPIRY_MS,
): MemoizedCredentialProvider {
  let cached: AwsCredentials | undefined;
  let refreshing: Promise<AwsCredentials> | undefined;

  const needsRefresh = (credentials: AwsCredentials | undefined, now: Date) =>
    credentials === undefined ||
    (credentials.expiration !== undefined &&
      credentials.expiration.getTime() - now.getTime() <= refreshBeforeExpiryMs);

  return async (now) => {
    if (!needsRefresh(cached, now)) return cached as AwsCredentials;
    refreshing ??= provider().finally(() => {
      refreshing = undefined;
    });
    try {
      cached = await refreshing;
      return cached;
    } catch (error) {
      const stillValid = cached?.expiration !== undefined && cached.expiration.getTime() > now.getTime();
      if (cached !== undefined && stillValid) return cached;
      throw error;
    }
  };
}

/**
 * The AWS default credential chain (env, shared config/profile, web identity, ECS/EKS container,
 * EC2 IMDS), loaded lazily so deployments that never use it do not pay for the import. Each call
 * makes a new memoized chain: the composition root makes one and passes it in (GatewayDeps.aws).
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
 */
export function createDefaultCredentialChain(): MemoizedCredentialProvider {
  let chain: AwsCredentialProvider | undefined;
  return memoizeCredentialProvider(async () => {
    if (chain === undefined) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      chain = fromNodeProviderChain();
    }
    return chain();
  });
}

/** Finds (or makes) the memoized AssumeRole provider for a role on top of some base credentials. */
export type AssumedRoleProviders = (
  settings: AwsBedrockSettings & { role_arn: string },
  base: AwsCredentialProvider,
  baseId: string,
) => MemoizedCredentialProvider;

/**
 * Access keys from the definition, else the (memoized) default chain; with `role_arn`, the role
 * assumed with those (cached until shortly before expiry). Not for api_key mode.
 */
export async function resolveBedrockCredentials(
  settings: AwsBedrockSettings,
  now: Date,
  defaultProvider: MemoizedCredentialProvider,
  assumedRoles?: AssumedRoleProviders,
): Promise<AwsCredentials> {
  const roleArn = settings.role_arn;
  if (roleArn === undefined || assumedRoles === undefined)
    return baseCredentials(settings, now, defaultProvider);
  const baseId =
    settings.access_key_id === undefined
      ? 'default-chain'
      : `${settings.access_key_id}\n${settings.secret_access_key}\n${settings.session_token ?? ''}`;
  // The base credentials refresh on their own clock (they are only STS's signing key).
  const base = () => baseCredentials(settings, new Date(), defaultProvider);
  const assumed = assumedRoles({ ...settings, role_arn: roleArn }, base, baseId);
  return assumed(now);
}

async function baseCredentials(
  settings: AwsBedrockSettings,
  now: Date,
  defaultProvider: MemoizedCredentialProvider,
): Promise<AwsCredentials> {
  if (settings.access_key_id !== undefined && settings.secret_access_key !== undefined) {
    return {
      accessKeyId: settings.access_key_id,
      secretAccessKey: settings.secret_access_key,
      ...(settings.session_token === undefined ? {} : { sessionToken: settings.session_token }),
    };
  }
  try {
    return await defaultProvider(now);
  } catch (error) {
    // The chain's own message can name files, roles or endpoints: kept as `cause`, not shown.
    throw new GatewayError({
      code: 'upstream_auth_failed',
      status: 502,
      message:
        'The gateway could not load AWS credentials from the default chain (environment, profile, web identity, container or instance metadata) for this Bedrock model.',
      cause: error,
    });
  }
}
