import { describe, expect, it } from 'vitest';
import { parseAllowedHosts } from './config';
import { createUpstreamUrlCheck, isBlockedAddress } from './upstream-policy';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.100.100.200',
    '::1',
    '::',
    '::7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    'fd00:ec2::254',
    'fe80::1',
    '64:ff9b::a9fe:a9fe',
    'not-an-address',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '52.94.0.1', '2600:1f18::1', '172.32.0.1', '192.169.0.1'])(
    '%s is public',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
});

describe('createUpstreamUrlCheck', () => {
  const check = createUpstreamUrlCheck(
    parseAllowedHosts('127.0.0.1:8080, models.internal, [::1]:9000, gpu-box:8000'),
  );
  const refused = (url: string, bedrock = false) => {
    try {
      check(new URL(url), { bedrock });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('allows listed host:port pairs and hosts listed without a port on every port', () => {
    expect(refused('http://127.0.0.1:8080/v1')).toBeUndefined();
    expect(refused('http://models.internal:1234/v1')).toBeUndefined();
    expect(refused('http://[::1]:9000/v1')).toBeUndefined();
    expect(refused('http://127.0.0.1:8081/v1')).toMatch(/port 8081 is not among the ports listed/);
    expect(refused('http://[::1]:9001/v1')).toMatch(/port 9001 is not among the ports listed/);
    expect(refused('http://127.0.0.2:8080/v1')).toMatch(/loopback, private/);
  });

  it('keeps a name listed with a port to that port (the DNS guard allows listed names on any port)', () => {
    expect(refused('http://gpu-box:8000/v1')).toBeUndefined();
    expect(refused('http://gpu-box:22/')).toMatch(/port 22 is not among the ports listed/);
    expect(refused('http://gpu-box/')).toMatch(/port 80 is not among the ports listed/);
  });

  it('refuses non-http schemes, internal names and non-AWS Bedrock hosts', () => {
    expect(refused('file:///etc/passwd')).toMatch(/only http\(s\)/);
    expect(refused('http://metadata.google.internal/')).toMatch(/internal host names/);
    expect(refused('http://foo.localhost/')).toMatch(/internal host names/);
    expect(refused('https://bedrock.example.com', true)).toMatch(/must be AWS hosts/);
    expect(refused('https://bedrock-runtime.us-east-1.amazonaws.com', true)).toBeUndefined();
    expect(refused('https://api.openai.com/v1')).toBeUndefined();
  });

  it('never names anything but the host in its message', () => {
    expect(refused('http://user:hunter2-password@10.0.0.1/v1?token=abc')).not.toMatch(/hunter2|token=abc/);
  });
});
