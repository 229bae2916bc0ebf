import type { AwsBedrockSettings } from '../../definition/aws-bedrock-settings-schema';
import { GatewayError } from '../../errors/gateway-error';
import {
  type AwsCredentialProvider,
  type AwsCredentials,
  type MemoizedCredentialProvider,
  memoizeCredentialProvider,
} from './bedrock-credentials';

export type AssumeRoleOptions = {
  /**
   * The STS endpoint (tests: the emulator's URL). Default: the SDK's regional endpoint for the
   * target's region, `https://sts.{region}.amazonaws.com`.
   */
  stsEndpoint?: string | undefined;
  /** Refresh this long before the session expires (default 5 minutes, as the AWS SDKs do). */
  refreshBeforeExpiryMs?: number | undefined;
};

/** What STS calls a session when the definition names none (shows in CloudTrail as the caller). */
export const DEFAULT_ROLE_SESSION_NAME = 'ai-gateway';

/**
 * AssumeRole on top of a target's base credentials (static keys or the default chain), one memoized
 * provider per (base identity, role, ExternalId, session name, region): temporary credentials are
 * reused until shortly before they expire, and concurrent requests share one STS call
 * (memoizeCredentialProvider), so a burst after expiry is one AssumeRole, not one per request.
 * Credentials are never logged; STS's own message stays in `cause`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function createAssumedRoleCache(options: AssumeRoleOptions) {
  const providers = new Map<string, MemoizedCredentialProvider>();

  return (
    settings: AwsBedrockSettings & { role_arn: string },
    base: AwsCredentialProvider,
    baseId: string,
  ) => {
    const sessionName = settings.role_session_name ?? DEFAULT_ROLE_SESSION_NAME;
    const key = [baseId, settings.role_arn, settings.external_id ?? '', sessionName, settings.region].join(
      '\n',
    );
    let provider = providers.get(key);
    if (provider === undefined) {
      provider = memoizeCredentialProvider(
        assumeRole(settings, sessionName, base, options),
        options.refreshBeforeExpiryMs,
      );
      providers.set(key, provider);
    }
    return provider;
  };
}

function assumeRole(
  settings: AwsBedrockSettings & { role_arn: string },
  sessionName: string,
  base: AwsCredentialProvider,
  options: AssumeRoleOptions,
): AwsCredentialProvider {
  let loaded: AwsCredentialProvider | undefined;
  return async (): Promise<AwsCredentials> => {
    if (loaded === undefined) {
      // Loaded lazily: deployments without AssumeRole never pay for the STS client.
      const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
      loaded = fromTemporaryCredentials({
        masterCredentials: base,
        params: {
          RoleArn: settings.role_arn,
          RoleSessionName: sessionName,
          ...(settings.external_id === undefined ? {} : { ExternalId: settings.external_id }),
        },
        clientConfig: {
          region: settings.region,
          ...(options.stsEndpoint === undefined ? {} : { endpoint: options.stsEndpoint }),
        },
      });
    }
    try {
      return await loaded();
    } catch (error) {
      throw new GatewayError({
        code: 'upstream_auth_failed',
        status: 502,
        message: `The gateway could not assume the role ${settings.role_arn} for this Bedrock model (check its trust policy and external_id).`,
        cause: error,
      });
    }
  };
}
