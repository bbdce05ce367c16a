// Questions and polls as the moderator API sends them, for the console's tests.
import { vi } from "vitest";
import type { ModPoll, ModQuestion } from "./types";

export const eventID = "e1";
export const base = `/api/v1/manage/events/${eventID}/live`;

/** A held question by Grace Hopper; fields given replace the defaults. */
export function question(fields: Partial<ModQuestion> = {}): ModQuestion {
  return {
    id: "q1", body: "How do councils share data safely?", asker: { name: "Grace Hopper", organisation: "Compiler Borough" },
    status: "held", answer: "", answered_live: false, on_stage: false, votes: 0, voted: false, mine: false,
    created_at: "2031-06-05T09:01:00Z", anonymous: false, registration_id: "r1", email: "grace@compiler.gov.uk",
    sector: "local_government", original_body: "How do councils share data safely?", edited: false, dismiss_reason: "",
    merged_from: [], askers: [{ name: "Grace Hopper", organisation: "Compiler Borough" }], blocked: false, ...fields,
  };
}

/** A draft poll with two options; fields given replace the defaults. */
export function poll(fields: Partial<ModPoll> = {}): ModPoll {
  return {
    id: "p1", question: "Which topic next?", multiple: false, status: "draft", results: "live", results_visible: true, my_choices: [], opened_at: null, closed_at: null,
    options: [{ id: "o1", label: "Data", votes: 0 }, { id: "o2", label: "Money", votes: 0 }], total: 0, ...fields,
  };
}

/** The list answer of GET …/live/questions. */
export const questionList = (items: ModQuestion[], fair = "Fair puts well-liked questions first and takes turns between organisations.") =>
  ({ status: 200, body: { items, last_change_id: 41, fair_explanation: fair } });

/** A stand-in EventSource: tests send it messages; every one made is kept in `made`. */
export class FakeEventSource {
  static made: FakeEventSource[] = [];
  static readonly CLOSED = 2;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners: Record<string, ((m: MessageEvent) => void)[]> = {};
  closed = false;
  constructor(public url: string) { FakeEventSource.made.push(this); }
  addEventListener(type: string, fn: (m: MessageEvent) => void) { (this.listeners[type] ??= []).push(fn); }
  close() { this.closed = true; this.readyState = 2; }
  /** Delivers one message of the stream. */
  send(type: string, data: unknown, id = "") {
    for (const fn of this.listeners[type] ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
}

/** Installs the stand-in EventSource for the current test. */
export function fakeEventSource() {
  FakeEventSource.made = [];
  vi.stubGlobal("EventSource", FakeEventSource);
}
