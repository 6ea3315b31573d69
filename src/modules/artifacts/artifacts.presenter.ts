import type { Artifact, ArtifactVersion } from "../../generated/prisma/client";

export const presentArtifactSummary = (a: Artifact) => ({
  id: a.id,
  projectId: a.projectId,
  threadId: a.threadId,
  type: a.type,
  title: a.title,
  version: a.version,
  createdBy: a.createdById,
  sourceMessageId: a.sourceMessageId,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export const presentArtifact = (a: Artifact) => ({ ...presentArtifactSummary(a), content: a.content });

export const presentVersion = (v: ArtifactVersion) => ({
  artifactId: v.artifactId,
  version: v.version,
  title: v.title,
  content: v.content,
  editedBy: v.editedById,
  createdAt: v.createdAt.toISOString(),
});

export const presentVersionSummary = (v: Omit<ArtifactVersion, "content">) => ({
  artifactId: v.artifactId,
  version: v.version,
  title: v.title,
  editedBy: v.editedById,
  createdAt: v.createdAt.toISOString(),
});

export type PresentedArtifact = ReturnType<typeof presentArtifact>;
export type PresentedArtifactSummary = ReturnType<typeof presentArtifactSummary>;
