import type { Studio as StudioActions } from '../studio/index.ts';
import { StudioProvider } from '../studio/index.ts';
import { Studio } from '../ui/shell/Studio.tsx';
import { Providers } from './providers.tsx';

export function App({ studio }: { studio: StudioActions }) {
  return (
    <Providers>
      <StudioProvider studio={studio}>
        <Studio />
      </StudioProvider>
    </Providers>
  );
}
