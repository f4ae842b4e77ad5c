import type { ModuleManifest, ModuleServices } from './modules';

/**
 * Start order of the modules: each after the modules it declares in `dependsOn`, otherwise in
 * the order of the list. Refuses a duplicate name, an unknown dependency and a cycle, naming them.
 */
export function orderModules(modules: readonly ModuleManifest[]): ModuleManifest[] {
  const byName = new Map<string, ModuleManifest>();
  for (const m of modules) {
    if (byName.has(m.name)) throw new Error(`Module "${m.name}" is registered twice.`);
    byName.set(m.name, m);
  }
  for (const m of modules) {
    for (const d of m.dependsOn ?? []) {
      if (d === m.name) throw new Error(`Module "${m.name}" depends on itself.`);
      if (!byName.has(d)) throw new Error(`Module "${m.name}" depends on "${d}", which is not registered.`);
    }
  }
  const ordered: ModuleManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: ModuleManifest, path: string[]) => {
    const s = state.get(m.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(m.name)), m.name];
      throw new Error(`Modules depend on each other in a cycle: ${cycle.join(' → ')}.`);
    }
    state.set(m.name, 'visiting');
    for (const d of m.dependsOn ?? []) visit(byName.get(d)!, [...path, m.name]);
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of modules) visit(m, []);
  return ordered;
}

/**
 * The services a module may reach: its own and those of the modules it depends on. Asking for
 * another registered module's services throws at once, naming the missing declaration, instead
 * of working by accident of start order.
 */
export function servicesVisibleTo(
  module: ModuleManifest,
  all: Partial<ModuleServices>,
  registered: ReadonlySet<string>,
): ModuleServices {
  const allowed = new Set([module.name, ...(module.dependsOn ?? [])]);
  return new Proxy(all, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && registered.has(prop)) {
        if (!allowed.has(prop)) {
          throw new Error(`Module "${module.name}" uses the services of "${prop}" without declaring it in dependsOn.`);
        }
        const services = Reflect.get(target, prop, receiver);
        if (services === undefined) throw new Error(`Module "${prop}" exports no services (asked by "${module.name}").`);
        return services;
      }
      return Reflect.get(target, prop, receiver);
    },
    set() {
      throw new Error('Module services are set by the platform at start.');
    },
  }) as ModuleServices;
}

/**
 * The naming rules every manifest follows, checked at start so that a module cannot take another
 * one's job kinds or settings by accident: job kinds and setting keys start with `<module>.`.
 * Returns the problems found (empty when all is well).
 */
export function manifestProblems(module: ModuleManifest, jobKinds: readonly string[]): string[] {
  const prefix = `${module.name}.`;
  const problems: string[] = [];
  for (const kind of jobKinds) {
    if (!kind.startsWith(prefix)) problems.push(`Module "${module.name}": job kind "${kind}" must start with "${prefix}".`);
  }
  for (const s of module.settings ?? []) {
    if (!s.key.startsWith(prefix)) problems.push(`Module "${module.name}": setting key "${s.key}" must start with "${prefix}".`);
  }
  return problems;
}
