// Global toolbar for every story: language (fr/en), colour scheme (light/dark/system) and
// density. They act like a host page would: `lang` on an ancestor, CSS `color-scheme`, and the
// `--lien-density` token; the elements follow them without per-story code.
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

// The manifest exists once `pnpm --filter @lien/elements build` ran; docs tables use it then.
const manifests = import.meta.glob<{ default: object }>(
  '../packages/elements/custom-elements.json',
  { eager: true },
);
const manifest = Object.values(manifests)[0]?.default;
if (manifest) setCustomElementsManifest(manifest);

const SCHEMES: Record<string, string> = { light: 'light', dark: 'dark', auto: 'light dark' };

const withHostPage: Decorator = (story, { globals }) => {
  const lang = typeof globals.lang === 'string' ? globals.lang : 'fr';
  const scheme = SCHEMES[String(globals.theme)] ?? 'light';
  const density = globals.density === 'compact' ? '0.6' : '1';
  return html`<div
    lang=${lang}
    style=${styleMap({
      colorScheme: scheme,
      background: 'Canvas',
      color: 'CanvasText',
      padding: '1.5rem',
      minHeight: '100%',
      fontFamily: 'system-ui, sans-serif',
      '--lien-density': density,
    })}
  >
    ${story()}
  </div>`;
};

const preview: Preview = {
  decorators: [withHostPage],
  globalTypes: {
    lang: {
      description: 'Language (the nearest lang attribute)',
      toolbar: {
        title: 'Langue',
        icon: 'globe',
        items: [
          { value: 'fr', title: 'Français' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Colour scheme of the host page',
      toolbar: {
        title: 'Thème',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Clair' },
          { value: 'dark', title: 'Sombre' },
          { value: 'auto', title: 'Système' },
        ],
        dynamicTitle: true,
      },
    },
    density: {
      description: 'Spacing density (--lien-density)',
      toolbar: {
        title: 'Densité',
        icon: 'component',
        items: [
          { value: 'normal', title: 'Normale' },
          { value: 'compact', title: 'Compacte' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { lang: 'fr', theme: 'light', density: 'normal' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
};

export default preview;
