import type { EmulatorCredential } from './types';

/**
 * Test-only credentials the emulator accepts by default. They open nothing but this local emulator,
 * so printing them (the CLI does) is fine.
 */
export const EMULATOR_DEFAULT_CREDENTIALS: readonly EmulatorCredential[] = [
  { accessKeyId: 'AKIAEMULATOREXAMPLE', secretAccessKey: 'emulator/secret/EXAMPLEKEY0123456789abcdef' },
  {
    accessKeyId: 'ASIAEMULATOREXAMPLE',
    secretAccessKey: 'emulator/temporary/secret/EXAMPLEKEY98765',
    sessionToken: 'emulator-session-token-EXAMPLE//////////wEXAMPLE',
  },
];

export const EMULATOR_DEFAULT_BEDROCK_API_KEY = 'emulator-bedrock-api-key-EXAMPLE';

/** Regions the emulator serves unless `regions` says otherwise. */
export const EMULATOR_DEFAULT_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** The role STS AssumeRole accepts by default, with the ExternalId its trust policy requires. */
export const EMULATOR_DEFAULT_ROLE = {
  roleArn: 'arn:aws:iam::123456789012:role/emulator-bedrock-caller',
  externalId: 'emulator-external-id-EXAMPLE',
} as const;
