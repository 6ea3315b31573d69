import { BarChart3, Bot, Briefcase, CalendarCheck, CalendarDays, FolderKanban, LayoutDashboard, ListChecks, Palette, type LucideIcon } from "lucide-react";

/** The product modules, for the sidebar and their placeholder pages. */
export interface ModuleInfo {
  key: "dashboard" | "projects" | "my-tasks" | "bookings" | "assistant";
  path: string;
  label: string;
  icon: LucideIcon;
  ready: boolean;
  summary: string;
  features: string[];
}

export const MODULES: ModuleInfo[] = [
  {
    key: "dashboard",
    path: "",
    label: "Dashboard",
    icon: LayoutDashboard,
    ready: true,
    summary: "An overview of your workspace.",
    features: [],
  },
  {
    key: "projects",
    path: "projects",
    label: "Projects",
    icon: FolderKanban,
    ready: true,
    summary: "Plan and run your team's work in projects.",
    features: [
      "Kanban boards with drag and drop and live updates from your teammates",
      "List view with filters, search and bulk actions",
      "Sprints with burndown and velocity charts",
      "A timeline of project phases and milestones",
    ],
  },
  {
    key: "my-tasks",
    path: "my-tasks",
    label: "My tasks",
    icon: ListChecks,
    ready: true,
    summary: "Everything on your plate, in one list.",
    features: [
      "Tasks assigned to you across all projects",
      "Personal to-dos that only you can see",
      "Filters by status, priority and due date",
      "AI breakdown of a large task into subtasks",
    ],
  },
  {
    key: "bookings",
    path: "bookings",
    label: "Bookings",
    icon: CalendarDays,
    ready: true,
    summary: "Book artists and crew without double bookings.",
    features: [
      "A resource calendar of people × days, colour-coded by status",
      "Hold → pencil → confirmed bookings with conflicts shown",
      "Artist profiles, working hours and time off",
      "Utilisation reports and job listings",
    ],
  },
  {
    key: "assistant",
    path: "assistant",
    label: "Assistant",
    icon: Bot,
    ready: true,
    summary: "An AI analyst that knows your project documents.",
    features: [
      "Upload briefs and specs; answers cite your documents",
      "Streamed answers in conversation threads",
      "User stories, acceptance criteria and requirement docs, exported as Markdown, PDF or Word",
      "Blueprint mode: a guided system design in six phases",
    ],
  },
];

/** The pages under Bookings in the sidebar (indented below its entry). */
export interface SubPageInfo {
  key: "artists" | "utilisation" | "my-bookings" | "jobs";
  path: string;
  label: string;
  icon: LucideIcon;
  /** Listed only for a user linked to an artist of the workspace. */
  artistsOnly?: boolean;
}

export const BOOKINGS_PAGES: SubPageInfo[] = [
  { key: "artists", path: "artists", label: "Artists", icon: Palette },
  { key: "utilisation", path: "reports/utilisation", label: "Utilisation", icon: BarChart3 },
  { key: "jobs", path: "jobs", label: "Jobs", icon: Briefcase },
  { key: "my-bookings", path: "my-bookings", label: "My bookings", icon: CalendarCheck, artistsOnly: true },
];
