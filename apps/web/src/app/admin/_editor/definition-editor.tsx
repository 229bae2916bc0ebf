'use client';

import type { CustomLlmDefinition } from '@gateway/ai-gateway/definition';
import { definitionJsonSchema } from '@gateway/ai-gateway/definition';
import { useEffect, useMemo, useRef, useState } from 'react';
import { publicIdPath, publicIdProblem } from '@/server/admin/public-id-rule';
import styles from '../_components/admin.module.css';
import { ProviderBadge } from '../_components/provider-badge';
import { TestConnectionButton } from '../_components/test-connection-button';
import { adminFetch, issuesOf } from '../_lib/admin-fetch';
import type { SchemaNode } from '../_lib/definition-schema-navigation';
import { DEFINITION_TEMPLATES, toEditorText } from '../_lib/definition-templates';
import { diagnoseDefinition } from '../_lib/diagnose-definition';
import { locateJsonValues } from '../_lib/json-locations';
import { bedrockModelOptions } from './definition-completion';
import editor from './editor.module.css';
import { ProblemsPanel } from './problems-panel';
import { useCodeEditor } from './use-code-editor';

type Saved = { public_id: string; definition: CustomLlmDefinition; updated_at: string; warnings?: string[] };
type Status = { kind: 'success' | 'error' | 'warning'; text: string; details?: string[] };

const EMPTY_TEXT = '{\n  \n}\n';

export type DefinitionEditorProps = { publicId?: string; definition?: CustomLlmDefinition };

/** The JSON editor for one definition: live validation, templates, catalog, save and test. */
export function DefinitionEditor(props: DefinitionEditorProps) {
  const schema = useMemo(() => definitionJsonSchema() as SchemaNode, []);
  const [savedId, setSavedId] = useState(props.publicId);
  const [publicId, setPublicId] = useState(props.publicId ?? '');
  const [initialText] = useState(() => (props.definition ? toEditorText(props.definition) : EMPTY_TEXT));
  const [text, setText] = useState(initialText);
  const [savedText, setSavedText] = useState(props.definition ? initialText : undefined);
  const [serverIssues, setServerIssues] = useState<{
    text: string;
    issues: { path: string; message: string }[];
  }>();
  const [status, setStatus] = useState<Status>();
  const [saving, setSaving] = useState(false);
  const editorHost = useRef<HTMLDivElement>(null);
  const saveRef = useRef<() => void>(() => undefined);

  const diagnosis = useMemo(
    () => diagnoseDefinition(text, serverIssues?.text === text ? serverIssues.issues : []),
    [text, serverIssues],
  );
  const idProblem = savedId === undefined ? publicIdProblem(publicId) : undefined;
  const dirty = text !== savedText;
  const canSave = diagnosis.valid && idProblem === undefined && !saving;

  const code = useCodeEditor({
    parent: editorHost,
    initialText,
    schema,
    onChange: setText,
    onSave: () => saveRef.current(),
  });
  const { showDiagnostics } = code;
  useEffect(() => {
    showDiagnostics(
      diagnosis.problems.map((problem) => ({
        from: problem.from,
        to: problem.to,
        severity: problem.severity,
        message: problem.path === '(json)' ? problem.message : `${problem.path}: ${problem.message}`,
      })),
    );
  }, [diagnosis, showDiagnostics]);

  const save = async () => {
    if (!canSave) return;
    const id = savedId ?? publicId.trim();
    setSaving(true);
    setStatus(undefined);
    const answer = await adminFetch<Saved>(`/api/admin/custom-llms/${publicIdPath(id)}`, {
      method: 'PUT',
      body: text,
    });
    setSaving(false);
    if (answer.ok && answer.body) {
      const redacted = toEditorText(answer.body.definition);
      code.replaceText(redacted);
      setSavedText(redacted);
      const warnings = answer.body.warnings ?? [];
      setStatus({
        kind: warnings.length ? 'warning' : 'success',
        text: answer.status === 201 ? `Created ${id}.` : `Saved ${id}.`,
        details: warnings,
      });
      if (savedId === undefined) {
        setSavedId(id);
        window.history.replaceState(null, '', `/admin/llms/edit/${publicIdPath(id)}`);
      }
      return;
    }
    const issues = issuesOf(answer.body);
    if (answer.status === 400 && issues.length > 0) {
      setServerIssues({ text, issues });
      setStatus({ kind: 'error', text: 'The server refused the definition; see Problems.' });
    } else {
      setStatus({ kind: 'error', text: answer.message });
    }
  };
  saveRef.current = save;

  const parsed = diagnosis.parsed as Partial<CustomLlmDefinition> | undefined;
  const region = typeof parsed?.aws_bedrock?.region === 'string' ? parsed.aws_bedrock.region : undefined;
  const hasBedrock = typeof parsed === 'object' && parsed !== null && parsed.aws_bedrock !== undefined;
  const modelOptions = useMemo(() => bedrockModelOptions(region), [region]);

  const chooseModel = (modelId: string) => {
    const location = locateJsonValues(text).get('internal_id');
    if (location) code.replaceRange(location.from, location.to, JSON.stringify(modelId));
  };

  return (
    <div className={editor.layout}>
      <section className={editor.main} aria-label="Definition">
        {savedId === undefined ? (
          <div className={styles.field}>
            <label htmlFor="public-id" className={styles.label}>
              Public id
            </label>
            <input
              id="public-id"
              className={`${styles.input} ${styles.mono}`}
              value={publicId}
              onChange={(event) => setPublicId(event.target.value)}
              placeholder="e.g. claude-sonnet or team/claude"
              aria-invalid={publicId !== '' && idProblem !== undefined ? true : undefined}
              aria-describedby="public-id-hint"
              autoComplete="off"
              spellCheck={false}
            />
            <p id="public-id-hint" className={styles.hint}>
              {publicId !== '' && idProblem
                ? idProblem
                : 'The model name callers send. It cannot be changed later.'}
            </p>
          </div>
        ) : null}
        <fieldset className={editor.templates}>
          <legend className={styles.label}>Start from a template</legend>
          <div className={editor.toolbar}>
            {DEFINITION_TEMPLATES.map((template) => (
              <button
                key={template.id}
                type="button"
                className={`${styles.button} ${styles.small}`}
                onClick={() => code.replaceText(toEditorText(template.definition))}
              >
                {template.label}
              </button>
            ))}
          </div>
        </fieldset>
        <div ref={editorHost} className={editor.frame} />
        <p className={styles.hint}>
          Ctrl+Space completes field names and values; hover a field for its docs; Esc then Tab leaves the
          editor. Secrets show as ••••abcd: leave them as they are to keep the stored value, or type a new
          one.
        </p>
        <div className={editor.saveRow}>
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            onClick={save}
            disabled={!canSave}
            aria-describedby="save-state"
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
          <span id="save-state" className={styles.hint}>
            {!diagnosis.valid
              ? 'Fix the problems to save.'
              : idProblem && publicId === ''
                ? 'Enter a public id to save.'
                : dirty
                  ? 'Unsaved changes.'
                  : 'Saved.'}
          </span>
        </div>
        <div aria-live="polite" className={editor.statusSlot}>
          {status ? (
            <div role="status" className={`${styles.notice} ${styles[status.kind]}`}>
              {status.text}
              {status.details?.map((detail) => (
                <div key={detail}>{detail}</div>
              ))}
            </div>
          ) : null}
        </div>
      </section>
      <aside className={editor.side}>
        <ProblemsPanel problems={diagnosis.problems} onReveal={code.reveal} />
        <section className={styles.card} aria-labelledby="catalog-title">
          <h2 id="catalog-title" className={editor.sideTitle}>
            Bedrock model
          </h2>
          <label htmlFor="bedrock-model" className={styles.hint}>
            {hasBedrock
              ? `Claude models for ${region ?? 'the region'}`
              : 'Add an aws_bedrock block to pick a model.'}
          </label>
          <select
            id="bedrock-model"
            className={styles.input}
            disabled={!hasBedrock}
            value=""
            onChange={(event) => chooseModel(event.target.value)}
          >
            <option value="">Choose a model…</option>
            {modelOptions.map((model) => (
              <option key={model.id} value={model.id}>
                {model.label} ({model.note}) — {model.id}
              </option>
            ))}
          </select>
        </section>
        {savedId !== undefined ? (
          <section className={styles.card} aria-labelledby="connection-title">
            <h2 id="connection-title" className={editor.sideTitle}>
              Connection
            </h2>
            {parsed && diagnosis.valid ? <ProviderBadge definition={parsed as CustomLlmDefinition} /> : null}
            <p className={styles.hint}>Sends a 1-token request with the saved definition.</p>
            <TestConnectionButton publicId={savedId} />
          </section>
        ) : null}
      </aside>
    </div>
  );
}
