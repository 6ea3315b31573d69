// Local ESLint rules that keep the server's module boundaries (docs/ARCHITECTURE.md):
// - a module is used through its index.ts: src/modules/<name>/<file> may be
//   imported only by files of the same module;
// - events reach the bus only through the unit of work: `publishCommitted`
//   (src/events/bus.ts) may be imported only inside src/events.
import path from "node:path";

const MODULES = `${path.sep}src${path.sep}modules${path.sep}`;

/** `{ module, rest }` when the path is inside src/modules/<module>/, else null. */
function moduleOf(file) {
  const at = file.lastIndexOf(MODULES);
  if (at < 0) return null;
  const [module, ...rest] = file.slice(at + MODULES.length).split(path.sep);
  return rest.length ? { root: file.slice(0, at + MODULES.length) + module, module, rest: rest.join("/") } : null;
}

function resolveImport(context, source) {
  if (!source.startsWith(".")) return null;
  return path.resolve(path.dirname(context.filename), source);
}

const onlyThroughIndex = {
  meta: {
    type: "problem",
    docs: { description: "Import another module only through its index.ts" },
    messages: {
      internal: "'{{source}}' reaches into the {{module}} module's internals; import what it exports from its index.ts ('{{index}}') instead.",
    },
    schema: [],
  },
  create(context) {
    const self = moduleOf(context.filename);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== "string") return;
      const target = resolveImport(context, source);
      if (!target) return;
      const targetModule = moduleOf(target) ?? moduleOf(`${target}${path.sep}index`);
      if (!targetModule || targetModule.module === self?.module) return;
      if (targetModule.rest === "index" || targetModule.rest === "index.ts") return;
      const index = path.relative(path.dirname(context.filename), targetModule.root).split(path.sep).join("/");
      context.report({ node: node.source, messageId: "internal", data: { source, module: targetModule.module, index: index.startsWith(".") ? index : `./${index}` } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const publishThroughUnitOfWork = {
  meta: {
    type: "problem",
    docs: { description: "Publish events only through the unit of work" },
    messages: {
      publish: "Events are published only after their transaction commits: emit them through inTransaction()/withEvents() (src/events/unit-of-work.ts), not publishCommitted.",
    },
    schema: [],
  },
  create(context) {
    if (context.filename.includes(`${path.sep}src${path.sep}events${path.sep}`)) return {};
    return {
      ImportSpecifier(node) {
        if (node.imported.name === "publishCommitted") context.report({ node, messageId: "publish" });
      },
    };
  },
};

export default { rules: { "only-through-index": onlyThroughIndex, "publish-through-unit-of-work": publishThroughUnitOfWork } };
