import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import { RootLayout } from "./RootLayout";
import { GuestOnly, RequireAuth } from "../features/auth/guards";

// Every page is its own chunk so the first load only carries the shell.
const SignInPage = lazy(() => import("../features/auth/SignInPage").then((m) => ({ default: m.SignInPage })));
const RegisterPage = lazy(() => import("../features/auth/RegisterPage").then((m) => ({ default: m.RegisterPage })));
const AcceptInvitationPage = lazy(() =>
  import("../features/invitations/AcceptInvitationPage").then((m) => ({ default: m.AcceptInvitationPage })),
);
const HomeRedirect = lazy(() => import("../features/workspaces/HomeRedirect").then((m) => ({ default: m.HomeRedirect })));
const AppShell = lazy(() => import("./AppShell").then((m) => ({ default: m.AppShell })));
const WorkspaceLayout = lazy(() =>
  import("../features/workspaces/WorkspaceLayout").then((m) => ({ default: m.WorkspaceLayout })),
);
const DashboardPage = lazy(() => import("../features/workspaces/DashboardPage").then((m) => ({ default: m.DashboardPage })));
const ProjectsPage = lazy(() => import("../features/projects/ProjectsPage").then((m) => ({ default: m.ProjectsPage })));
const ProjectLayout = lazy(() => import("../features/projects/ProjectLayout").then((m) => ({ default: m.ProjectLayout })));
const BoardPage = lazy(() => import("../features/board/BoardPage").then((m) => ({ default: m.BoardPage })));
const TaskListPage = lazy(() => import("../features/task-list/TaskListPage").then((m) => ({ default: m.TaskListPage })));
const ArtifactsPage = lazy(() => import("../features/artifacts/ArtifactsPage").then((m) => ({ default: m.ArtifactsPage })));
const AssistantPage = lazy(() => import("../features/assistant/AssistantPage").then((m) => ({ default: m.AssistantPage })));
const WorkspaceAssistantPage = lazy(() => import("../features/assistant/WorkspaceAssistantPage").then((m) => ({ default: m.WorkspaceAssistantPage })));
const BlueprintPage = lazy(() => import("../features/blueprint/BlueprintPage").then((m) => ({ default: m.BlueprintPage })));
const DocumentsPage = lazy(() => import("../features/documents/DocumentsPage").then((m) => ({ default: m.DocumentsPage })));
const DocumentPage = lazy(() => import("../features/documents/DocumentPage").then((m) => ({ default: m.DocumentPage })));
const TimelinePage = lazy(() => import("../features/timeline/TimelinePage").then((m) => ({ default: m.TimelinePage })));
const SprintsPage = lazy(() => import("../features/sprints/SprintsPage").then((m) => ({ default: m.SprintsPage })));
const ProjectFilesPage = lazy(() => import("../features/attachments/ProjectFilesPage").then((m) => ({ default: m.ProjectFilesPage })));
const MyTasksPage = lazy(() => import("../features/my-tasks/MyTasksPage").then((m) => ({ default: m.MyTasksPage })));
const TaskRedirect = lazy(() => import("../features/tasks/TaskRedirect").then((m) => ({ default: m.TaskRedirect })));
const MembersPage = lazy(() => import("../features/members/MembersPage").then((m) => ({ default: m.MembersPage })));
const WorkspaceSettingsPage = lazy(() =>
  import("../features/workspaces/WorkspaceSettingsPage").then((m) => ({ default: m.WorkspaceSettingsPage })),
);
const WebhooksPage = lazy(() => import("../features/webhooks/WebhooksPage").then((m) => ({ default: m.WebhooksPage })));
const AiSettingsPage = lazy(() => import("../features/ai-settings/AiSettingsPage").then((m) => ({ default: m.AiSettingsPage })));
const ProfilePage = lazy(() => import("../features/profile/ProfilePage").then((m) => ({ default: m.ProfilePage })));
const BookingsCalendarPage = lazy(() => import("../features/bookings/BookingsCalendarPage").then((m) => ({ default: m.BookingsCalendarPage })));
const ArtistsPage = lazy(() => import("../features/artists/ArtistsPage").then((m) => ({ default: m.ArtistsPage })));
const ArtistProfilePage = lazy(() => import("../features/artists/ArtistProfilePage").then((m) => ({ default: m.ArtistProfilePage })));
const MyBookingsPage = lazy(() => import("../features/my-bookings/MyBookingsPage").then((m) => ({ default: m.MyBookingsPage })));
const UtilisationPage = lazy(() => import("../features/utilisation/UtilisationPage").then((m) => ({ default: m.UtilisationPage })));
const JobsPage = lazy(() => import("../features/job-listings/JobsPage").then((m) => ({ default: m.JobsPage })));
const JobListingPage = lazy(() => import("../features/job-listings/JobListingPage").then((m) => ({ default: m.JobListingPage })));
const PublicJobPage = lazy(() => import("../features/job-listings/PublicJobPage").then((m) => ({ default: m.PublicJobPage })));
const NotFoundPage = lazy(() => import("./NotFoundPage").then((m) => ({ default: m.NotFoundPage })));

export const router = createBrowserRouter([
  {
    element: <RootLayout />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: "sign-in", element: <SignInPage /> },
          { path: "register", element: <RegisterPage /> },
        ],
      },
      { path: "invite/:token", element: <AcceptInvitationPage /> },
      // Public, signed in or not: the job listing page and its application form.
      { path: "jobs/:workspaceSlug/:listingId", element: <PublicJobPage /> },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            element: <AppShell />,
            children: [
              { path: "profile", element: <ProfilePage /> },
              {
                path: "w/:workspaceId",
                element: <WorkspaceLayout />,
                children: [
                  { index: true, element: <DashboardPage /> },
                  { path: "projects", element: <ProjectsPage /> },
                  {
                    path: "projects/:projectId",
                    element: <ProjectLayout />,
                    children: [
                      { index: true, element: <Navigate to="board" replace /> },
                      { path: "board", element: <BoardPage /> },
                      { path: "list", element: <TaskListPage /> },
                      { path: "sprints", element: <SprintsPage /> },
                      { path: "timeline", element: <TimelinePage /> },
                      { path: "artifacts", element: <ArtifactsPage /> },
                      { path: "files", element: <ProjectFilesPage /> },
                      { path: "assistant", element: <AssistantPage /> },
                      { path: "blueprint", element: <BlueprintPage /> },
                      { path: "documents", element: <DocumentsPage /> },
                      { path: "documents/:documentId", element: <DocumentPage /> },
                    ],
                  },
                  { path: "my-tasks", element: <MyTasksPage /> },
                  { path: "tasks/:taskId", element: <TaskRedirect /> },
                  { path: "bookings", element: <BookingsCalendarPage /> },
                  { path: "artists", element: <ArtistsPage /> },
                  { path: "artists/:artistId", element: <ArtistProfilePage /> },
                  { path: "my-bookings", element: <MyBookingsPage /> },
                  { path: "reports/utilisation", element: <UtilisationPage /> },
                  { path: "jobs", element: <JobsPage /> },
                  { path: "jobs/:listingId", element: <JobListingPage /> },
                  { path: "assistant", element: <WorkspaceAssistantPage /> },
                  { path: "settings", element: <Navigate to="members" replace /> },
                  { path: "settings/members", element: <MembersPage /> },
                  { path: "settings/workspace", element: <WorkspaceSettingsPage /> },
                  { path: "settings/ai", element: <AiSettingsPage /> },
                  { path: "settings/webhooks", element: <WebhooksPage /> },
                  { path: "*", element: <NotFoundPage inShell /> },
                ],
              },
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
