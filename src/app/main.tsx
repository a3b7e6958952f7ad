import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { promptLibrary, studioStorage } from '../storage/index.ts';
import { createStudio, preloadRelayTransport } from '../studio/index.ts';
import { preloadViewsWhenIdle } from '../ui/kit/lazyView.tsx';
import { App } from './App.tsx';
import './styles/studio.css';

const studio = createStudio({ storage: studioStorage, library: promptLibrary });

// The draft and recent runs are back before the first paint, so nothing flickers from empty to restored.
void studio.start().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App studio={studio} />
    </StrictMode>,
  );
  preloadViewsWhenIdle([preloadRelayTransport]);
});
