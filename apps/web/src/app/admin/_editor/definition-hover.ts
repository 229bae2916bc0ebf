import { hoverTooltip } from '@codemirror/view';
import { describeType, type SchemaNode, schemaAt } from '../_lib/definition-schema-navigation';
import { fieldDoc } from '../_lib/field-docs';
import { formatPath, keyAt } from '../_lib/json-locations';

/** Hover over a key: its path, type from the JSON Schema, and what it is for. */
export function definitionHover(schema: SchemaNode) {
  return hoverTooltip((view, position) => {
    const key = keyAt(view.state.doc.toString(), position);
    if (!key) return null;
    const node = schemaAt(schema, key.path);
    const doc = fieldDoc(key.path);
    if (!node && !doc) return null;
    return {
      pos: key.from,
      end: key.to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-definition-hover';
        const title = document.createElement('strong');
        title.textContent = formatPath(key.path);
        const type = document.createElement('code');
        type.textContent = node ? ` ${describeType(node)}` : '';
        dom.append(title, type);
        if (doc) {
          const paragraph = document.createElement('p');
          paragraph.textContent = doc;
          dom.append(paragraph);
        }
        return { dom };
      },
    };
  });
}
