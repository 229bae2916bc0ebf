import { describe, expect, it } from 'vitest';
import { parseAllowedHosts } from '@/server/config';
import { createUpstreamUrlCheck, isBlockedAddress } from '@/server/upstream-policy';

// Issue 17 #12: NAT64 local-use, 6to4 and Teredo prefixes reach internal IPv4 hosts.
describe('SSRF pre-check: IPv6 translation prefixes', () => {
  it.each([
    '64:ff9b:1::a9fe:a9fe', // NAT64 local-use (RFC 8215) of 169.254.169.254
    '64:ff9b:1:ffff::1',
    '2002:7f00:1::1', // 6to4 of 127.0.0.1
    '2002:a9fe:a9fe::', // 6to4 of 169.254.169.254
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '2001::1',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['2001:4860:4860::8888', '2001:db8:1::1', '2600:1f18::1', '64:ff9b:2::1'])(
    '%s stays public',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );

  it('an allow-listed translated address is still reachable', () => {
    const check = createUpstreamUrlCheck(parseAllowedHosts('[2002:7f00:1::1]:8080'));
    expect(() => check(new URL('http://[2002:7f00:1::1]:8080/v1'), { bedrock: false })).not.toThrow();
    expect(() => check(new URL('http://[2002:7f00:1::1]:8081/v1'), { bedrock: false })).toThrow(
      /not allowed/,
    );
  });
});

// Issue 17 #8: credentials in a URL would be sent upstream and shown wherever the URL is.
describe('SSRF pre-check: userinfo', () => {
  const check = createUpstreamUrlCheck(parseAllowedHosts('127.0.0.1'));
  it.each([
    'https://user:pass@api.example.com/v1',
    'https://user@api.example.com/v1',
    'http://user:pass@127.0.0.1:8080/v1',
  ])('%s is refused, without echoing the password', (url) => {
    let message = '';
    try {
      check(new URL(url), { bedrock: false });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/user names and passwords in URLs are not allowed/);
    expect(message).not.toContain('pass@');
  });
});
