// The organiser's event area, one section per route. Adding a section
// (Live, Recording, Payments…) is one line here: its path, its name in the
// side navigation, and the module that draws it, loaded when first visited.
import type { ComponentType } from "preact";
import { lazy } from "preact-iso";
import type { EventDetail } from "../../../api/client";

/** What every section is given by the event area. */
export type SectionProps = {
  event: EventDetail;
  /** The event as saved after a change made in the section. */
  onChange: (e: EventDetail) => void;
  /** The event was deleted: leave the area. */
  onDeleted: () => void;
};

/** One section: its path under /manage/events/:id ("" for the overview), its name, how it is drawn. */
export type Section = { path: string; title: string; component: ComponentType<SectionProps> & { preload?: () => Promise<unknown> } };

/** A section's module, fetched when the section is first shown. */
const load = (module: () => Promise<ComponentType<SectionProps>>) => lazy<ComponentType<SectionProps>>(module);

export const sections: readonly Section[] = [
  { path: "", title: "Overview", component: load(() => import("./Overview").then((m) => m.Overview)) },
  { path: "details", title: "Details", component: load(() => import("./Details").then((m) => m.Details)) },
  { path: "people", title: "People", component: load(() => import("./People").then((m) => m.People)) },
  { path: "agenda", title: "Agenda", component: load(() => import("./Agenda").then((m) => m.Agenda)) },
  { path: "registration", title: "Registration", component: load(() => import("./Registration").then((m) => m.Registration)) },
  { path: "payments", title: "Payments", component: load(() => import("./Payments").then((m) => m.Payments)) },
  { path: "registrants", title: "Registrants", component: load(() => import("./Registrants").then((m) => m.Registrants)) },
  { path: "attendance", title: "Attendance", component: load(() => import("./Attendance").then((m) => m.Attendance)) },
  { path: "live", title: "Live", component: load(() => import("./Live").then((m) => m.Live)) },
  { path: "recording", title: "Recording", component: load(() => import("./Recording").then((m) => m.Recording)) },
  { path: "segments", title: "Segments", component: load(() => import("./Segments").then((m) => m.Segments)) },
  { path: "writeup", title: "Write-up", component: load(() => import("./Writeup").then((m) => m.Writeup)) },
  { path: "messages", title: "Messages", component: load(() => import("./Messages").then((m) => m.Messages)) },
  { path: "comments", title: "Comments", component: load(() => import("./Comments").then((m) => m.Comments)) },
];

/** The address of an event's section. */
export const sectionHref = (eventID: string, path: string) => `/manage/events/${eventID}${path ? `/${path}` : ""}`;

/** The address of an event's section, or undefined while the area has no such section (so that no link leads nowhere). */
export const sectionHrefIf = (eventID: string, path: string) => (sections.some((s) => s.path === path) ? sectionHref(eventID, path) : undefined);
