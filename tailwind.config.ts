import type { Config } from 'tailwindcss';

// Tailwind 4 reads its theme from CSS (`app/globals.css`); this file keeps content paths and brand tokens in one place.
export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: { brand: { DEFAULT: '#0f766e', dark: '#115e59' } },
    },
  },
} satisfies Config;
