// A capture template's name and pose prompts in the reader's language (area `capture`, ids
// `capture.tpl.<template id>.name` and `capture.tpl.<template id>.<step name>`). The value set keeps
// the English as its source; a template added there without messages shows that English.
import type { CaptureTemplate, TemplateShot } from '../../../shared/value-sets/templates';
import { hasMessage, useT, type MessageId } from '../i18n';

export const templateNameId = (t: CaptureTemplate): string => `capture.tpl.${t.id}.name`;
export const templatePromptId = (t: CaptureTemplate, shot: TemplateShot): string => `capture.tpl.${t.id}.${shot.name}`;

export function useTemplateText(): { name(t: CaptureTemplate): string; prompt(t: CaptureTemplate, shot: TemplateShot): string } {
  const translate = useT();
  const say = (id: string, english: string) => (hasMessage(id) ? translate(id as MessageId) : english);
  return { name: (t) => say(templateNameId(t), t.name), prompt: (t, shot) => say(templatePromptId(t, shot), shot.prompt) };
}
