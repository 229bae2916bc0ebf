import { BlockList, isIP } from 'node:net';
import { GatewayError, isAwsBedrockHost } from '@gateway/ai-gateway';

/**
 * Where the gateway may send requests (SSRF policy). Loopback, private, link-local, CGNAT and
 * cloud-metadata addresses are refused unless the host is listed in GATEWAY_ALLOWED_UPSTREAM_HOSTS;
 * Bedrock definitions may only reach AWS hosts unless listed. Names are checked again on the
 * resolved address at connect time (see `guardedLookup`), so DNS rebinding cannot get around it.
 */
export type AllowedHost = { host: string; port: string | undefined };

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d (IPv4-mapped ::ffff:a.b.c.d is checked
  // against the IPv4 list by BlockList itself).
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  // NAT64 local-use (RFC 8215), 6to4 (embeds any IPv4 address, private ones included) and Teredo
  // (RFC 4380): each can reach an internal IPv4 host through a translator (issue 17 #12).
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['2001::', 32],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

const BLOCKED_NAMES = new Set(['localhost', 'metadata.google.internal', 'metadata', 'instance-data']);

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

export function isAllowedHost(allowed: readonly AllowedHost[], hostname: string, port: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return allowed.some((entry) => entry.host === host && (entry.port === undefined || entry.port === port));
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The checks that need no DNS: scheme, literal addresses, well-known internal names, AWS hosts. */
export function createUpstreamUrlCheck(allowed: readonly AllowedHost[]) {
  return (url: URL, context: { bedrock: boolean }): void => {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    // Credentials in the URL would be sent to the upstream and shown wherever the URL is (issue 17 #8).
    if (url.username !== '' || url.password !== '')
      refuse(host, 'user names and passwords in URLs are not allowed');
    if (isAllowedHost(allowed, host, defaultPort(url))) return;
    // A host listed only with given ports is refused on any other port. This matters for names:
    // the connect-time DNS guard allows a listed name whatever the port, so the port is enforced here.
    if (allowed.some((entry) => entry.host === host)) {
      refuse(host, `port ${defaultPort(url)} is not among the ports listed for it`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      refuse(host, 'only http(s) upstreams are allowed');
    if (context.bedrock && !isAwsBedrockHost(host)) {
      refuse(host, 'Bedrock endpoints must be AWS hosts (or listed in GATEWAY_ALLOWED_UPSTREAM_HOSTS)');
    }
    if (BLOCKED_NAMES.has(host) || host.endsWith('.localhost') || host.endsWith('.internal')) {
      refuse(host, 'internal host names are not allowed as upstreams');
    }
    if (isIP(host) !== 0 && isBlockedAddress(host)) {
      refuse(host, 'loopback, private, link-local and metadata addresses are not allowed as upstreams');
    }
  };
}

function refuse(host: string, reason: string): never {
  throw new GatewayError({
    code: 'upstream_host_not_allowed',
    status: 502,
    message: `The upstream host "${host}" is not allowed: ${reason}. An operator can allow it with GATEWAY_ALLOWED_UPSTREAM_HOSTS.`,
  });
}
