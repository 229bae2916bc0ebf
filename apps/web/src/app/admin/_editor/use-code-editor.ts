'use client';

import { json, jsonLanguage } from '@codemirror/lang-json';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView, keymap } from '@codemirror/view';
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import type { SchemaNode } from '../_lib/definition-schema-navigation';
import { definitionCompletionSource } from './definition-completion';
import { definitionHover } from './definition-hover';
import { editorSetup } from './editor-setup';

const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: '#ffffff' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: '#f6f7f9', borderRight: '1px solid #d5dae0' },
  '&.cm-focused': { outline: '3px solid #7aa2f7', outlineOffset: '-1px' },
  '.cm-definition-hover': { padding: '0.4rem 0.6rem', maxWidth: '360px', fontSize: '13px' },
  '.cm-definition-hover p': { margin: '0.3rem 0 0' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-mono)' },
});

type CodeEditorOptions = {
  parent: RefObject<HTMLDivElement | null>;
  initialText: string;
  schema: SchemaNode;
  onChange(text: string): void;
  onSave(): void;
};

/** Mounts CodeMirror 6 (bundled, no CDN) with JSON, schema completion/hover and a lint gutter. */
export function useCodeEditor({ parent, initialText, schema, onChange, onSave }: CodeEditorOptions) {
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  // Created once; later text arrives through replaceText.
  useEffect(() => {
    if (!parent.current) return;
    const created = new EditorView({
      parent: parent.current,
      doc: initialText,
      extensions: [
        editorSetup,
        json(),
        jsonLanguage.data.of({ autocomplete: definitionCompletionSource(schema) }),
        definitionHover(schema),
        lintGutter(),
        editorTheme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-label': 'Definition JSON',
          'data-testid': 'definition-editor',
        }),
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              callbacks.current.onSave();
              return true;
            },
          },
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
        }),
      ],
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, []);

  const replaceText = useCallback((text: string) => {
    const current = view.current;
    if (!current) return;
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } });
  }, []);

  const replaceRange = useCallback((from: number, to: number, text: string) => {
    view.current?.dispatch({ changes: { from, to, insert: text } });
  }, []);

  const showDiagnostics = useCallback((diagnostics: Diagnostic[]) => {
    const current = view.current;
    if (current) current.dispatch(setDiagnostics(current.state, diagnostics));
  }, []);

  const reveal = useCallback((from: number, to: number) => {
    const current = view.current;
    if (!current) return;
    current.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    current.focus();
  }, []);

  return { replaceText, replaceRange, showDiagnostics, reveal };
}
