/**
 * The Blueprint wizard (SPEC §4.6 Blueprint mode, seed 000): the guide's 6
 * phases as data, a blueprint thread's answers per section, SYSTEM_BLUEPRINT.md
 * kept as the thread's `blueprint` artifact, and AI recommendations per phase.
 * Its changes reach other tabs as the artifacts module's artifact.created/updated events.
 */
export { blueprintRoutes } from "./blueprint.routes";
export { BLUEPRINT_GUIDE, type GuidePhase, type GuideSection, type GuideQuestion } from "./blueprint.guide";
