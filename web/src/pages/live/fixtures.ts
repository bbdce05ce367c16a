// Live-page data for component tests, shaped as the API contract states.
import type { LivePage, LivePoll, LiveQuestion } from "./liveTypes";

export function livePage(over: Partial<LivePage> = {}): LivePage {
  return {
    event: {
      slug: "early-intervention", title: "Early intervention: how the public sector can work together",
      starts_at: "2031-06-05T09:00:00Z", ends_at: "2031-06-05T10:15:00Z", timezone: "Europe/London", status: "published",
    },
    phase: "live", opens_at: "2031-06-05T08:45:00Z", now: "2031-06-05T09:05:00Z",
    viewer: { first_name: "Joan", confirmed: true, may_ask: true },
    stream: { kind: "youtube", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" },
    recording_url: null, moderation: "held", last_change_id: 41,
    ...over,
  };
}

export function question(id: string, over: Partial<LiveQuestion> = {}): LiveQuestion {
  return {
    id, body: `Question ${id}?`, asker: { name: "Grace Pollard", organisation: "New Local" }, status: "published",
    answer: "", answered_live: false, on_stage: false, votes: 0, voted: false, mine: false,
    created_at: "2031-06-05T09:01:00Z", ...over,
  };
}

export function poll(id: string, over: Partial<LivePoll> = {}): LivePoll {
  return {
    id, question: "Does your organisation pool budgets?", multiple: false, status: "open", results: "closed", results_visible: false,
    options: [{ id: `${id}-a`, label: "Yes", votes: null }, { id: `${id}-b`, label: "No", votes: null }],
    total: null, my_choices: [], opened_at: "2031-06-05T09:10:00Z", closed_at: null, ...over,
  };
}
