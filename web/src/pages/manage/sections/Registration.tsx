import { QuestionsEditor } from "../QuestionsEditor";
import type { SectionProps } from ".";

/** The registration form's questions, and who is admitted without a decision. */
export function Registration({ event }: SectionProps) {
  return <QuestionsEditor event={event} />;
}
