// Storybook for @lien/elements: stories beside the elements, fed with data (no server).
import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';

const config: StorybookConfig = {
  stories: ['../packages/elements/src/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(config) {
    // Stories import @lien/client from its sources, so a Storybook build does not depend on the
    // client having been built first.
    config.resolve ??= {};
    config.resolve.alias = [
      ...(Array.isArray(config.resolve.alias) ? config.resolve.alias : []),
      {
        find: /^@lien\/client$/,
        replacement: fileURLToPath(new URL('../packages/client/src/index.ts', import.meta.url)),
      },
      {
        find: /^@lien\/client\/letters$/,
        replacement: fileURLToPath(
          new URL('../packages/client/src/letters/index.ts', import.meta.url),
        ),
      },
    ];
    return config;
  },
};

export default config;
