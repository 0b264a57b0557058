'use client';

import { useId, useRef, useState } from 'react';
import { buttonClass } from './primitives';

/**
 * A value to copy (a link, an API key, a secret shown once): a read-only text box, selected on focus
 * so it can be copied by keyboard too, and a Copy button that confirms in a live region.
 */
export function CopyField({ label, value, hideLabel, tone = 'default' }: { label: string; value: string; hideLabel?: boolean; tone?: 'default' | 'secret' }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission (e.g. plain http on another host): select the text for Ctrl+C instead.
      input.current?.select();
      return;
    }
    setCopied(true);
    setTimeout(() => { setCopied(false); }, 2000);
  };
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'mb-1 block text-xs font-medium text-slate-700'}>
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(event) => { event.currentTarget.select(); }}
          spellCheck={false}
          className={`block w-full min-w-0 rounded-md border px-2.5 py-1.5 font-mono text-[13px] text-slate-900 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/40 ${
            tone === 'secret' ? 'border-amber-300 bg-amber-50' : 'border-slate-300 bg-slate-50'
          }`}
        />
        <button type="button" onClick={() => { void copy(); }} className={buttonClass.secondary} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </button>
      </div>
      <p role="status" className="mt-1 h-4 text-xs text-green-800">
        {copied ? 'Copied to the clipboard' : ''}
      </p>
    </div>
  );
}

/** A compact Copy button for a table row (the value itself is shown beside it). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => { setCopied(false); }, 1500);
    } catch {
      // Nothing to do: the link is shown next to the button.
    }
  };
  return (
    <button
      type="button"
      aria-label={label}
      onClick={() => { void copy(); }}
      className={buttonClass.small}
    >
      <span aria-live="polite">{copied ? 'Copied' : 'Copy'}</span>
    </button>
  );
}
