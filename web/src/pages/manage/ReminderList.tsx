import { useRef, useState } from "preact/hooks";
import { describeLead } from "../../lib/mail";
import { FormField } from "../../components/FormField";
import { plainChoices, Select } from "../../components/Select";
import "./ReminderList.css";

const maxReminders = 5;
const units = { minutes: 1, hours: 60, days: 1440 } as const;

type ReminderListProps = { reminders: number[]; error?: string; onChange: (list: number[], problem: string) => void };

/** The reminders, each removable, and a field to add one, up to five. */
export function ReminderList({ reminders, error, onChange }: ReminderListProps) {
  const [amount, setAmount] = useState("");
  const [unit, setUnit] = useState<keyof typeof units>("hours");
  const input = useRef<HTMLInputElement>(null);
  const full = reminders.length >= maxReminders;

  const add = () => {
    const n = Number(amount);
    const minutes = n * units[unit];
    if (!amount.trim() || !Number.isInteger(n) || n < 1) return onChange(reminders, "Enter a whole number, like 24.");
    if (minutes < 5 || minutes > 43200) return onChange(reminders, "A reminder goes from 5 minutes to 30 days before the start.");
    if (reminders.includes(minutes)) return onChange(reminders, `There is already a reminder ${describeLead(minutes)}.`);
    onChange([...reminders, minutes].sort((a, b) => b - a), "");
    setAmount("");
  };

  return (
    <fieldset class="reminder-list" aria-describedby="reminders-hint">
      <legend>Reminders</legend>
      <span id="reminders-hint" class="hint">Emails to everyone with a place, before the event starts. Up to {maxReminders}.</span>
      {reminders.length === 0 ? <p>No reminders.</p> : (
        <ul class="part-list">
          {reminders.map((m) => (
            <li key={m}>
              <span>{describeLead(m)}</span>
              <button type="button" class="secondary" onClick={() => {
                onChange(reminders.filter((x) => x !== m), "");
                input.current?.focus();
              }}>Remove <span class="visually-hidden">the reminder {describeLead(m)}</span></button>
            </li>
          ))}
        </ul>
      )}
      <div class="reminder-list__add">
        <FormField id="reminder_minutes" label="New reminder" hint={full ? "There are five reminders: remove one to add another." : "How long before the start."} error={error}>
          {(d) => <input id="reminder_minutes" type="number" inputMode="numeric" min={1} value={amount} ref={input}
            onInput={(e) => setAmount(e.currentTarget.value)} aria-describedby={d} disabled={full}
            onKeyDown={(e) => {
              // Enter adds the reminder here rather than saving the whole form without it.
              if (e.key === "Enter") { e.preventDefault(); add(); }
            }} />}
        </FormField>
        <FormField id="reminder_unit" label="Minutes, hours or days">
          {(d) => (
            <Select id="reminder_unit" value={unit} choices={plainChoices(Object.keys(units))} aria-describedby={d} disabled={full}
              onChange={(e) => setUnit(e.currentTarget.value as keyof typeof units)} />
          )}
        </FormField>
        <div class="actions"><button type="button" class="secondary" onClick={add} disabled={full}>Add reminder</button></div>
      </div>
    </fieldset>
  );
}
