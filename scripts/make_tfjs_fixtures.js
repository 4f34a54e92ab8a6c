// TF.js-written model.json fixtures for modelviz (run with Node 20):
//   mkdir /tmp/tfjs && cd /tmp/tfjs && npm install @tensorflow/tfjs
//   NODE_PATH=/tmp/tfjs/node_modules node scripts/make_tfjs_fixtures.js
// Writes tests/fixtures/tfjs/<name>/model.json (topology + weightsManifest as
// tf.LayersModel.save writes it through a custom IOHandler; the weight bytes are
// not kept) and <name>.expected.json with TF.js's own shapes and counts.
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");

const OUT = path.join(__dirname, "..", "tests", "fixtures", "tfjs");

function cnn() {
  const model = tf.sequential({ name: "tfjs_cnn" });
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3,
    activation: "relu", name: "conv" }));
  model.add(tf.layers.batchNormalization({ name: "bn" }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }));
  model.add(tf.layers.flatten({ name: "flat" }));
  model.add(tf.layers.dropout({ rate: 0.25, name: "drop" }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax", name: "out" }));
  return model;
}

function functional() {
  const a = tf.input({ shape: [12], name: "a" });
  const b = tf.input({ shape: [5, 7], name: "b" });
  const lstm = tf.layers.lstm({ units: 6, name: "lstm" }).apply(b);
  const dense = tf.layers.dense({ units: 6, activation: "tanh", name: "dense_a" }).apply(a);
  const merged = tf.layers.concatenate({ name: "concat" }).apply([dense, lstm]);
  const added = tf.layers.add({ name: "add" }).apply([dense, lstm]);
  const emb = tf.layers.dense({ units: 4, name: "head" }).apply(merged);
  const out2 = tf.layers.dense({ units: 1, activation: "sigmoid", name: "aux" }).apply(added);
  return tf.model({ inputs: [a, b], outputs: [emb, out2], name: "tfjs_two_io" });
}

function expected(model) {
  const layers = model.layers.map((layer) => {
    const out = layer.outputShape;
    const shapes = Array.isArray(out[0]) || out[0] === undefined ? out : [out];
    const trainable = layer.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    const total = layer.countParams();
    return { name: layer.name, class_name: layer.getClassName(), output_shapes: shapes,
      params: total, trainable_params: trainable, non_trainable_params: total - trainable };
  });
  const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  return { generated_by: `tfjs ${tf.version.tfjs}`, model_name: model.name,
    total_params: model.countParams(), trainable_params: trainable,
    non_trainable_params: model.countParams() - trainable, layers };
}

async function save(name, model) {
  const dir = path.join(OUT, name);
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const doc = {
      format: artifacts.format, generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy === undefined ? null : artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(doc, null, 1) + "\n");
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
  }));
  fs.writeFileSync(path.join(OUT, name + ".expected.json"),
    JSON.stringify(expected(model), null, 1) + "\n");
  console.log("wrote", name);
}

(async () => {
  await tf.setBackend("cpu");
  await save("tfjs_cnn", cnn());
  await save("tfjs_two_io", functional());
})();
