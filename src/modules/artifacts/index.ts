import "./artifacts.events";

/** The artifacts module: a project's versioned Markdown documents, diffed and exported as Markdown, PDF and DOCX. */
export { artifactRoutes } from "./artifacts.routes";
/** For the assistant: GET /threads/:id/artifacts and its create_artifact tool. */
export { createArtifact, listArtifacts, reviseArtifactContent, type NewArtifact, type ArtifactFilter } from "./artifacts.service";
export type { PresentedArtifact, PresentedArtifactSummary } from "./artifacts.presenter";
/** The schemas: `createArtifactBody` validates what a model hands the create_artifact tool. */
export { artifactSummary, artifact, artifactType, createArtifactBody, listArtifactsQuery, MAX_ARTIFACT_CHARS } from "./artifacts.schema";
