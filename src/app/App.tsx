import { Studio } from '../ui/Studio.tsx';
import { Providers } from './providers.tsx';

export function App() {
  return (
    <Providers>
      <Studio />
    </Providers>
  );
}
