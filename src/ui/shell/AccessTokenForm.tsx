import { useId, useState, type FormEvent } from 'react';
import { saveAccessToken } from '../../studio/index.ts';

/** Asks for the relay's access token when the relay refuses the studio without one. */
export function AccessTokenForm({ message, onSaved }: { message: string; onSaved: () => void }) {
  const id = useId();
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveAccessToken(token);
    onSaved();
  };
  return (
    <form
      onSubmit={submit}
      className="flex w-full max-w-sm flex-col gap-3 rounded-xl border border-line bg-panel p-5 shadow-2xl shadow-black/40"
    >
      <h2 className="text-[14px] font-semibold text-fg">This relay needs its access token</h2>
      <p role="alert" className="text-[12px] leading-relaxed text-fg-muted">
        {message}
      </p>
      <label htmlFor={id} className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
        Access token
      </label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        required
        value={token}
        onChange={(event) => setToken(event.target.value)}
        className="w-full rounded-md border border-line bg-raised px-2.5 py-1.5 font-mono text-[13px] text-fg outline-none focus-visible:ring-2 focus-visible:ring-accent/70"
      />
      <p className="text-[11px] text-fg-faint">
        Kept for this tab only. It is the relay's STUDIO_ACCESS_TOKEN.
      </p>
      <button
        type="submit"
        className="self-end rounded-md bg-accent px-4 py-1.5 text-[13px] font-semibold text-accent-fg transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        Connect
      </button>
    </form>
  );
}
