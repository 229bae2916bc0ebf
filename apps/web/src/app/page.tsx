export default function HomePage() {
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}
    >
      <h1>AI Gateway</h1>
      <p>
        OpenAI-compatible endpoint: <code>POST /api/gateway/v1/chat/completions</code>
        <br />
        Anthropic-compatible endpoint: <code>POST /api/gateway/v1/messages</code>
      </p>
      <p>
        <a href="/admin">Admin console</a>
      </p>
    </main>
  );
}
