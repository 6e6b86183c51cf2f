// Renders the k8s/ overlays offline and validates every object against the Kubernetes schemas (kubernetes-models;
// the ServiceMonitor against the Prometheus Operator's). There is no kustomize binary on these machines: this renders
// the subset of kustomize that k8s/ uses (resources, components, strategic-merge patches by kind and name, namespace,
// labels, images, configMapGenerator from files) and refuses anything else, so that nothing is silently mis-rendered.
//
//   node validate.mjs <out-dir>    writes <out-dir>/<target>.json (the rendered objects) for the Java tests to read
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "..", "target", "k8s"));

const TARGETS = {
  base: { dir: "base", components: [] },
  dev: { dir: "overlays/dev", components: [] },
  prod: { dir: "overlays/prod", components: [] },
  "prod-monitoring": { dir: "overlays/prod", components: ["components/monitoring"] },
  "prod-catalog": { dir: "overlays/prod", components: ["components/catalog"] },
};
const KNOWN = new Set(["apiVersion", "kind", "resources", "components", "patches", "namespace", "labels", "images",
  "configMapGenerator"]);

function readDocs(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((obj) => obj != null);
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Strategic merge, as kustomize applies it to these fields: maps merge; lists of named objects merge by name;
// other lists are replaced.
function merge(target, patch) {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) {
      merge(current, value);
    } else if (Array.isArray(current) && Array.isArray(value) && value.every((v) => isObject(v) && "name" in v)) {
      for (const item of value) {
        const existing = current.find((c) => isObject(c) && c.name === item.name);
        if (existing) merge(existing, item); else current.push(structuredClone(item));
      }
    } else {
      target[key] = structuredClone(value);
    }
  }
  return target;
}

function kustomize(dir, extraComponents = []) {
  const file = path.join(dir, "kustomization.yaml");
  const k = readDocs(file)[0];
  for (const key of Object.keys(k)) {
    if (!KNOWN.has(key)) throw new Error(`${file}: '${key}' is not supported by the offline renderer`);
  }
  let objects = [];
  for (const entry of k.resources ?? []) {
    const target = path.join(dir, entry);
    objects.push(...(fs.statSync(target).isDirectory() ? kustomize(target) : readDocs(target)));
  }
  for (const entry of [...(k.components ?? []), ...extraComponents]) {
    objects = applyComponent(path.resolve(dir, entry), objects);
  }
  objects.push(...generate(dir, k));
  return transform(dir, k, objects);
}

function applyComponent(dir, objects) {
  const k = readDocs(path.join(dir, "kustomization.yaml"))[0];
  if (k.kind !== "Component") throw new Error(`${dir} is not a Component`);
  const added = [];
  for (const entry of k.resources ?? []) added.push(...readDocs(path.join(dir, entry)));
  added.push(...generate(dir, k));
  return transform(dir, { ...k, resources: undefined }, [...objects, ...added]);
}

function generate(dir, k) {
  return (k.configMapGenerator ?? []).map((gen) => {
    if (!gen.options?.disableNameSuffixHash) throw new Error(`${dir}: generators need disableNameSuffixHash here`);
    const data = {};
    for (const f of gen.files ?? []) data[path.basename(f)] = fs.readFileSync(path.join(dir, f), "utf8");
    return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: gen.name, labels: gen.options.labels ?? {} }, data };
  });
}

function transform(dir, k, objects) {
  for (const p of k.patches ?? []) {
    if (!p.path || p.target || p.patch) throw new Error(`${dir}: only 'patches: - path:' is supported`);
    for (const patch of readDocs(path.join(dir, p.path))) {
      const match = objects.find((o) => o.kind === patch.kind && o.metadata?.name === patch.metadata?.name);
      if (!match) throw new Error(`${dir}/${p.path}: no ${patch.kind} ${patch.metadata?.name} to patch`);
      merge(match, patch);
    }
  }
  for (const o of objects) {
    if (k.namespace && o.kind !== "Namespace") o.metadata.namespace = k.namespace;
    for (const set of k.labels ?? []) {
      if (set.includeSelectors) throw new Error(`${dir}: labels with includeSelectors are not supported`);
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...set.pairs };
    }
    for (const image of k.images ?? []) {
      for (const c of o.spec?.template?.spec?.containers ?? []) {
        const [name] = c.image.split(":");
        if (name === image.name) c.image = `${image.newName ?? name}:${image.newTag}`;
      }
    }
  }
  return objects;
}

const MODULES = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

async function validate(name, objects) {
  const seen = new Set();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
    if (seen.has(id)) throw new Error(`${name}: ${id} appears twice`);
    seen.add(id);
    const module = MODULES[o.apiVersion];
    if (!module) throw new Error(`${name}: no schema for ${o.apiVersion}`);
    const Model = (await import(module))[o.kind];
    if (!Model) throw new Error(`${name}: no schema for ${o.apiVersion} ${o.kind}`);
    try {
      new Model(o).validate();
    } catch (e) {
      throw new Error(`${name}: ${id} is invalid: ${e.message}`);
    }
  }
}

fs.mkdirSync(out, { recursive: true });
let failed = false;
for (const [name, target] of Object.entries(TARGETS)) {
  try {
    const objects = kustomize(path.join(root, target.dir), target.components.map((c) => path.join(root, c)));
    await validate(name, objects);
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(objects, null, 2));
    console.log(`${name}: ${objects.length} objects valid (${objects.map((o) => o.kind).join(", ")})`);
  } catch (e) {
    failed = true;
    console.error(e.message);
  }
}
process.exit(failed ? 1 : 0);
