import type { ReactNode } from 'react';
import './globals.css';

export const metadata = {
  title: 'AI Gateway',
  description: 'OpenAI- and Anthropic-compatible gateway for Bedrock and more',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
