/**
 * The Blueprint guide (seed 000, "System Blueprint Creation Guide") as data:
 * its 6 phases, their sections and each section's questions, in the guide's
 * order and words. The seed spells out every prompt of phases 1 and 2 and the
 * sections 3.1–3.4 (where the guide has Claude propose and the user review:
 * the questions here are the factors it names for that review) and names 3.5
 * and the topics of phases 4–6 only ("What You'll Get": data models, API
 * design, testing, deployment and monitoring, scaling, feature timeline and
 * team evolution); those sections ask about exactly those topics.
 */

export interface GuideQuestion {
  key: string;
  /** The prompt, as the guide asks it. */
  text: string;
  /** The guide's follow-up or choices, shown under the prompt. */
  hint?: string;
  /** A sub-heading of the section the question sits under (1.5 "Team", "Timeline"…). */
  group?: string;
}

export interface GuideSection {
  key: string;
  /** "1.1", "3.2": how the guide numbers it ("Let's work on section 3.2"). */
  number: string;
  title: string;
  intro?: string;
  questions: GuideQuestion[];
}

export interface GuidePhase {
  key: string;
  number: number;
  title: string;
  goal: string;
  /** The guide's time estimate. */
  duration: string;
  /** What the AI recommendations of this phase are about. */
  recommends: string;
  sections: GuideSection[];
}

const q = (key: string, text: string, hint?: string, group?: string): GuideQuestion => ({ key, text, ...(hint ? { hint } : {}), ...(group ? { group } : {}) });

export const BLUEPRINT_GUIDE: readonly GuidePhase[] = [
  {
    key: "vision-strategy",
    number: 1,
    title: "Vision & Strategy",
    goal: "Establish project purpose, goals, and constraints",
    duration: "30-45 min",
    recommends: "gaps in the vision, measurable success metrics, and risks in the constraints",
    sections: [
      {
        key: "core-vision",
        number: "1.1",
        title: "Core Vision Statement",
        questions: [
          q("project", "What is your project?", "Describe it in 2-3 sentences."),
          q("problem", "What problem does it solve?", "What pain point are you addressing?"),
          q("audience", "Who is it for?", "Who are your target users?"),
        ],
      },
      {
        key: "strategic-goals",
        number: "1.2",
        title: "Strategic Goals",
        questions: [
          q("success", "What does success look like in 6 months?", "In 1 year?"),
          q("objectives", "What are your top 3 business objectives?"),
          q("primary-goal", "Primary goal?", "Generate revenue (SaaS, marketplace) · Grow user base (network effects) · Portfolio/learning project · Internal tool (solve company problem) · Open source community project"),
        ],
      },
      {
        key: "success-metrics",
        number: "1.3",
        title: "Success Metrics",
        questions: [
          q("measure", "How will you measure success?", "What numbers matter most?"),
          q("metrics", "What metrics will you track?", "SaaS: MRR, churn, activation · Marketplace: GMV, liquidity · Content: engagement, retention · Internal tool: time saved, adoption"),
        ],
      },
      {
        key: "market-positioning",
        number: "1.4",
        title: "Market Positioning",
        questions: [
          q("competitors", "Who are your competitors or alternatives?", "What do people use today?"),
          q("difference", "What makes your approach different?", "Why will users switch?"),
          q("advantage", "What's your unfair advantage?", "What can you do that others can't?"),
        ],
      },
      {
        key: "constraints",
        number: "1.5",
        title: "Constraints & Context",
        intro: "This section is critical: it drives the architecture recommendations.",
        questions: [
          q("team-size", "Team size?", "How many people will build this?", "Team"),
          q("team-composition", "Team composition?", "Roles and skills?", "Team"),
          q("team-expertise", "Technical expertise?", "What languages/frameworks does the team know well?", "Team"),
          q("launch", "When do you want to launch?", "Target date for MVP?", "Timeline"),
          q("commitment", "Time commitment?", "Full-time or part-time?", "Timeline"),
          q("deadlines", "Hard deadlines?", "Any fixed dates (events, funding milestones)?", "Timeline"),
          q("dev-budget", "Development budget?", "Bootstrap or funded?", "Budget"),
          q("infra-budget", "Infrastructure budget?", "Monthly spend tolerance for hosting/services?", "Budget"),
          q("tool-budget", "Tool budget?", "Can you pay for development tools/services?", "Budget"),
          q("existing-infra", "Existing infrastructure?", "Building on top of anything?", "Technical"),
          q("must-use", "Must-use technologies?", "Any required tech (company standard, personal preference)?", "Technical"),
          q("must-avoid", "Must-avoid technologies?", "Any constraints (licensing, compatibility)?", "Technical"),
          q("regulations", "Industry regulations?", "HIPAA, GDPR, SOC2, etc.?", "Regulatory/Compliance"),
          q("residency", "Data residency?", "Must data stay in specific regions?", "Regulatory/Compliance"),
          q("security-reqs", "Security requirements?", "Specific security certifications needed?", "Regulatory/Compliance"),
        ],
      },
    ],
  },
  {
    key: "product-definition",
    number: 2,
    title: "Product Definition",
    goal: "Define users, features, and extensibility requirements",
    duration: "45-60 min",
    recommends: "the technical complexity of each feature, what to defer from the MVP, and gaps or risks",
    sections: [
      {
        key: "user-personas",
        number: "2.1",
        title: "User Personas",
        questions: [
          q("users", "Who will use this?", "Describe 2-3 primary user types"),
          q("goals", "What are their goals?", "What are they trying to accomplish?"),
          q("pains", "What are their pain points?", "What frustrates them today?"),
          q("proficiency", "Technical proficiency?", "Novice, intermediate, or expert users?"),
          q("context", "Context of use?", "When, where, and how often do they use your product?"),
        ],
      },
      {
        key: "core-features",
        number: "2.2",
        title: "Core Features",
        intro: "This is where you describe WHAT you're building.",
        questions: [
          q("mvp-features", "What are the 5-7 core features for MVP?", "Focus on essential features only."),
          q("feature-details", "For each feature, describe", "What does it do? Why is it important?"),
          q("priorities", "Must-have vs Nice-to-have", "Honestly categorize each feature."),
        ],
      },
      {
        key: "user-flows",
        number: "2.3",
        title: "User Flows",
        questions: [
          q("journey", "Walk through the primary user journey", "What does a user do from start to finish?"),
          q("happy-path", "Happy path", "Describe the ideal scenario"),
          q("edge-cases", "Edge cases", "What happens when things go wrong?"),
        ],
      },
      {
        key: "extensibility",
        number: "2.4",
        title: "Extensibility Vision",
        intro: "This is critical! Your answers here will drive architecture decisions in Phase 3.",
        questions: [
          q("who", "Who should be able to extend this system?", "No one · Internal developers only · Power users · Third-party developers · Everyone (full plugin ecosystem with marketplace)"),
          q("what", "What should be extensible?", "UI/Theming · Workflows · Integrations · Data models · Business logic · Reports/Analytics"),
          q("when", "Timeline for extensibility?", "MVP (v1.0) · Post-launch (v2.0) · Future · Never"),
          q("models", "Extensibility models you admire?", "Shopify apps, VSCode extensions, Zapier integrations, WordPress plugins, Notion databases, Airtable bases, GitHub Actions: which resonates with your vision?"),
        ],
      },
      {
        key: "non-functional",
        number: "2.5",
        title: "Non-Functional Requirements",
        intro: "Often overlooked, but important!",
        questions: [
          q("load", "Expected load?", "How many concurrent users?", "Performance"),
          q("response-time", "Response time expectations?", "How fast should actions feel?", "Performance"),
          q("data-volume", "Data volume?", "How much data will users generate?", "Performance"),
          q("sensitivity", "Data sensitivity?", "Public, internal, or highly sensitive?", "Security"),
          q("authentication", "Authentication method?", "Email/password, social login, SSO?", "Security"),
          q("compliance", "Compliance needs?", "GDPR, HIPAA, SOC2, etc.?", "Security"),
          q("growth", "Growth expectations?", "100 users, 10K users, 1M users?", "Scalability"),
          q("scale-timeline", "Timeline for scale?", "When do you expect to hit growth milestones?", "Scalability"),
          q("uptime", "Uptime requirements?", "99%? 99.9%? 99.99%?", "Availability"),
          q("downtime-impact", "Business impact of downtime?", "Lost revenue? User frustration?", "Availability"),
          q("accessibility", "Accessibility requirements?", "WCAG 2.1 AA compliance?", "Accessibility"),
          q("i18n", "Internationalization?", "Multiple languages needed?", "Accessibility"),
        ],
      },
      {
        key: "out-of-scope",
        number: "2.6",
        title: "Out of Scope",
        intro: "Explicitly document what you're NOT building.",
        questions: [
          q("rejected", "What features have you considered and rejected?", "Why?"),
          q("adjacent", "What adjacent problems will you NOT solve?", "Clear boundaries."),
          q("integrations", "What integrations will you NOT support?", "At least initially."),
        ],
      },
    ],
  },
  {
    key: "technical-architecture",
    number: 3,
    title: "Technical Architecture",
    goal: "Define technical approach and architecture",
    duration: "60-90 min",
    recommends: "an architecture pattern, a complete technology stack with reasons, the data strategy and the API approach",
    sections: [
      {
        key: "architecture-philosophy",
        number: "3.1",
        title: "Architecture Philosophy",
        intro: "The architecture follows from team size, timeline, extensibility, scale and feature complexity. Review the proposal: raise concerns, add context, approve, adjust or reject.",
        questions: [
          q("pattern", "Which architecture approach fits?", "1-2 developers → monolith · 3-5 → modular monolith · 5+ → microservices (if needed)"),
          q("scale", "What scale must the first architecture carry?", "< 10K users → single server · 10-100K → plan for horizontal scaling · 100K+ → distributed from the start"),
          q("complex-features", "Which features shape the architecture?", "Real-time features → WebSocket support · File uploads → separate storage service · Complex queries → caching strategy"),
          q("evolution", "How should the architecture evolve?", "e.g. modular monolith now, extract high-traffic features to services if needed"),
        ],
      },
      {
        key: "tech-stack",
        number: "3.2",
        title: "Technology Stack Recommendation",
        intro: "Factors: the team's existing skills, timeline, feature requirements, extensibility needs, community and ecosystem, hiring, long-term maintainability.",
        questions: [
          q("frontend", "Frontend?", "Framework, language, styling, state management"),
          q("backend", "Backend?", "Language, framework, background jobs"),
          q("database", "Database and cache?"),
          q("infrastructure", "Hosting and infrastructure?", "Where it runs, CI/CD, file storage"),
          q("decision", "Your response to the proposed stack", "Approve, adjust (what and why), or question it"),
        ],
      },
      {
        key: "data-architecture",
        number: "3.3",
        title: "Data Architecture",
        questions: [
          q("primary-store", "Primary data store?", "What lives in the database, and why that database"),
          q("caching", "Caching strategy?", "Session data, frequently accessed data, rate limiting, job queue, real-time pub/sub; how the cache is invalidated"),
          q("data-flow", "How does data flow through the system?", "From a user action through the API, cache, database, events and background jobs back to the browser"),
        ],
      },
      {
        key: "api-philosophy",
        number: "3.4",
        title: "API Design Philosophy",
        intro: "The API approach follows your extensibility needs.",
        questions: [
          q("style", "API style?", "REST, GraphQL, RPC; internal only or public"),
          q("public-api", "Public API and webhooks?", "Who consumes the API, and when (MVP, v2.0, later)"),
          q("versioning", "Versioning and deprecation?", "e.g. /v1 paths, deprecation headers, support old versions for 12 months"),
        ],
      },
      {
        key: "security-architecture",
        number: "3.5",
        title: "Security Architecture",
        questions: [
          q("authn", "Authentication?", "Sessions or tokens, social login, SSO, MFA"),
          q("authz", "Authorization?", "Roles and permissions, tenant isolation"),
          q("data-protection", "Data protection?", "Encryption in transit and at rest, secrets management, backups"),
          q("threats", "Main threats and mitigations?", "e.g. OWASP Top 10, abuse, rate limiting"),
        ],
      },
    ],
  },
  {
    key: "data-api-design",
    number: 4,
    title: "Data & API Design",
    goal: "Design data models and API endpoints",
    duration: "45-60 min",
    recommends: "the database schema and entity relationships, the endpoints, and integration points",
    sections: [
      {
        key: "data-models",
        number: "4.1",
        title: "Data Models",
        questions: [
          q("entities", "What are the core entities?", "Their key fields"),
          q("relationships", "How do they relate?", "One-to-many, many-to-many, ownership"),
          q("lifecycle", "Data lifecycle?", "Retention, soft deletes, audit history"),
        ],
      },
      {
        key: "api-endpoints",
        number: "4.2",
        title: "API Endpoints",
        questions: [
          q("resources", "Which resources and operations does the API expose?"),
          q("conventions", "Conventions?", "Pagination, filtering, error format, idempotency"),
          q("realtime", "Real-time updates?", "WebSocket events, polling, server-sent events"),
        ],
      },
      {
        key: "integrations",
        number: "4.3",
        title: "Authentication & Integration Points",
        questions: [
          q("auth-flows", "How do clients authenticate to the API?", "Sessions, tokens, API keys, OAuth"),
          q("external", "Which external services does the system integrate with?", "Payments, email, storage, identity…"),
          q("webhooks", "Events offered to others?", "Webhooks, their payloads and retries"),
        ],
      },
    ],
  },
  {
    key: "operations-quality",
    number: 5,
    title: "Operations & Quality",
    goal: "Plan testing, deployment, and monitoring",
    duration: "30-45 min",
    recommends: "the testing strategy, deployment pipeline and monitoring",
    sections: [
      {
        key: "testing",
        number: "5.1",
        title: "Testing Strategy",
        questions: [
          q("levels", "Which kinds of tests, and how many of each?", "Unit, integration, end-to-end"),
          q("quality-bar", "Quality bar?", "Coverage target, what blocks a release"),
          q("test-data", "Test data and environments?"),
        ],
      },
      {
        key: "deployment",
        number: "5.2",
        title: "Deployment",
        questions: [
          q("pipeline", "CI/CD pipeline?", "From a commit to production"),
          q("environments", "Environments?", "Development, staging, production"),
          q("rollback", "Releases and rollback?", "Migrations, feature flags, how to undo a bad release"),
        ],
      },
      {
        key: "monitoring",
        number: "5.3",
        title: "Monitoring & Incident Response",
        questions: [
          q("observability", "What do you monitor?", "Logs, metrics, traces, uptime"),
          q("alerts", "Alerts and on-call?", "Who is woken up, for what"),
          q("backups", "Backups and disaster recovery?", "Recovery point and time objectives"),
        ],
      },
    ],
  },
  {
    key: "growth-planning",
    number: 6,
    title: "Growth Planning",
    goal: "Plan for scale, features, and team evolution",
    duration: "30 min",
    recommends: "the scaling strategy, feature timeline and team evolution",
    sections: [
      {
        key: "scaling",
        number: "6.1",
        title: "Scaling Strategy",
        questions: [
          q("bottlenecks", "What breaks first as usage grows?"),
          q("triggers", "Scaling milestones?", "At which numbers do you change the architecture, and how"),
        ],
      },
      {
        key: "roadmap",
        number: "6.2",
        title: "Feature Roadmap",
        questions: [
          q("v1-1", "What comes right after the MVP (v1.1)?"),
          q("v2", "What is in v2.0 and later?", "Including the deferred features"),
        ],
      },
      {
        key: "team-evolution",
        number: "6.3",
        title: "Team Evolution",
        questions: [
          q("hiring", "How does the team grow?", "Roles to hire, and when"),
          q("process", "How do practices change as the team grows?", "Code review, ownership, documentation"),
        ],
      },
    ],
  },
];

export interface SectionRef {
  phase: GuidePhase;
  section: GuideSection;
}

const SECTIONS = new Map<string, SectionRef>(BLUEPRINT_GUIDE.flatMap((phase) => phase.sections.map((section) => [section.key, { phase, section }] as const)));
const PHASES = new Map<string, GuidePhase>(BLUEPRINT_GUIDE.map((p) => [p.key, p]));

export const findSection = (key: string): SectionRef | undefined => SECTIONS.get(key);
export const findPhase = (key: string): GuidePhase | undefined => PHASES.get(key);
