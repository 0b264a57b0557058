import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Kasa',
  description: 'Open-source card payment gateway with a hosted checkout page',
  // app/icon.svg is linked by Next's file convention; public/ holds the raster icons older browsers,
  // home screens and /favicon.ico requests look for.
  icons: { apple: '/apple-touch-icon.png' },
  manifest: '/site.webmanifest',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
