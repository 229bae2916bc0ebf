import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export type StsError = { status: number; code: string; message: string; type?: 'Sender' | 'Receiver' };

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  response.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(xml);
}

/** The Query protocol's error document. https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html */
export function sendStsError(response: ServerResponse, error: StsError): void {
  sendXml(
    response,
    error.status,
    `<ErrorResponse xmlns="${NAMESPACE}">
  <Error>
    <Type>${error.type ?? 'Sender'}</Type>
    <Code>${escapeXml(error.code)}</Code>
    <Message>${escapeXml(error.message)}</Message>
  </Error>
  <RequestId>${randomUUID()}</RequestId>
</ErrorResponse>
`,
  );
}

export type AssumeRoleXml = {
  assumedRoleArn: string;
  assumedRoleId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
};

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (response example) */
export function sendAssumeRoleResponse(response: ServerResponse, result: AssumeRoleXml): void {
  // AWS writes the expiration without milliseconds: 2019-11-09T13:34:41Z.
  const expiration = result.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z');
  sendXml(
    response,
    200,
    `<AssumeRoleResponse xmlns="${NAMESPACE}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>${escapeXml(result.assumedRoleId)}</AssumedRoleId>
      <Arn>${escapeXml(result.assumedRoleArn)}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${result.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${escapeXml(result.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${escapeXml(result.sessionToken)}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`,
  );
}
