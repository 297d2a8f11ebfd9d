import { useState } from 'preact/hooks';
import { Me, signIn } from '../api';

/** The key is checked with GET /v1/me before it is kept (in sessionStorage: gone with the tab). */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Partnership Ledger</h1>
      <p>Sign in with an API key. It is kept in this tab only and sent only to this server.</p>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          required
        />
        <button type="submit">Sign in</button>
      </form>
      {problem && (
        <p class="alert bad" role="alert">
          {problem}
        </p>
      )}
    </main>
  );
}
