import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './app/i18n';
// antd's component styles as one static file (the theme's zeroRuntime): no style is generated
// while a page renders, which was a third of a phone's first render
import 'antd/dist/antd.css';
import './app/app.css';
import { App } from './app/app';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

// at once in Chinese; in English once its file has arrived (offline: Chinese, with the error logged)
void i18nReady
  .catch((error: unknown) => console.error(error))
  .then(() =>
    createRoot(container).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
