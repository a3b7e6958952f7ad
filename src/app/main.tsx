import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { keepDraftSaved, restoreStudio } from '../state/persistence.ts';
import { useStorageStore } from '../state/storageStore.ts';
import { studioStorage } from '../storage/index.ts';
import { App } from './App.tsx';
import './styles/studio.css';

const reportStorageProblem = (error: unknown) => useStorageStore.getState().report(error);

// The draft and recent runs are back before the first paint, so nothing flickers from empty to restored.
void restoreStudio(studioStorage, reportStorageProblem).then(() => {
  keepDraftSaved(studioStorage, reportStorageProblem);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
