import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Internal packages are consumed as TypeScript source.
  transpilePackages: ['@gateway/ai-gateway', '@gateway/db', '@gateway/bedrock-emulator'],
  // Native or WASM packages stay outside the server bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'undici'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
