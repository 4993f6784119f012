// The Moby Dick quality run: trains a char LM for a wall-clock budget through train(), evaluating the whole validation
// split every few minutes, then the test split with the best weights; prints one JSON line (progress on stderr).
// Leaves out checkpoint files and sampling. Usage: node packages/models/dist/scripts/quality.js [--minutes 30] [flags]
//
// Flags (defaults: the preset for the 30-minute run on one wasm thread): --cell lstm|gru|rnn, --hidden 256,
// --layers 2, --embedding 0 (one-hot), --dropout 0, --batch 8, --seq 64, --lr 2e-3, --min-lr 1e-4, --clip 5,
// --seed 1, --eval-minutes 3, --backend wasm|cpu|auto.
// Why batch 8: on one wasm thread a 2x256 LSTM step costs about the same per character at batch 8, 16 or 32
// (≈ 4,200–4,900 chars/s), so a budget in seconds buys the same characters and 4x the updates at batch 8; 3-minute
// pilots reached val 1.93 (batch 8), 2.09 (16) and 2.36 (32) nats.

import { splitContiguous } from '@charloom/data';
import { loadCorpus } from '@charloom/data/node';
import { CharVocab } from '@charloom/tokenizer';
import { type BackendName, initBackend } from '../src/backend/init-backend.js';
import { CharLanguageModel } from '../src/lm/char-language-model.js';
import type { CellType } from '../src/recurrent/cell-spec.js';
import { evaluateNetwork } from '../src/training/metrics.js';
import type { NamedArray } from '../src/training/optimizers.js';
import { train } from '../src/training/train.js';
import type { EvalReport } from '../src/training/training-options.js';
import { restoreWeights, type TrainingSnapshot } from '../src/training/training-snapshot.js';

/** Longest first segment, which measures the speed the cosine schedule is planned from (seconds). */
const CALIBRATION_SECONDS = 10;

const FLAG_DEFAULTS = {
  minutes: '30',
  cell: 'lstm',
  hidden: '256',
  layers: '2',
  embedding: '0',
  dropout: '0',
  batch: '8',
  seq: '64',
  lr: '2e-3',
  'min-lr': '1e-4',
  clip: '5',
  seed: '1',
  'eval-minutes': '3',
  backend: 'wasm',
} as const;
type Flag = keyof typeof FLAG_DEFAULTS;

function parseFlags(argv: readonly string[]): Record<Flag, string> {
  const flags: Record<string, string> = { ...FLAG_DEFAULTS };
  for (let k = 0; k < argv.length; k += 2) {
    const name = (argv[k] ?? '').replace(/^--/, '');
    const value = argv[k + 1];
    if (!(name in FLAG_DEFAULTS) || !(argv[k] ?? '').startsWith('--') || value === undefined) {
      throw new Error(
        `unknown flag or missing value: ${argv[k]} (flags: ${Object.keys(FLAG_DEFAULTS).join(', ')})`,
      );
    }
    flags[name] = value;
  }
  return flags as Record<Flag, string>;
}

function numberFlag(flags: Record<Flag, string>, name: Flag, check: (x: number) => boolean): number {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`--${name}: bad value ${flags[name]}`);
  return value;
}

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (line: string): void => {
  process.stderr.write(`[quality] ${line}\n`);
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flags = parseFlags(argv);
  const minutes = numberFlag(flags, 'minutes', (x) => x > 0);
  const cell = flags.cell as CellType;
  const modelConfig = {
    cell,
    hiddenSize: numberFlag(flags, 'hidden', Number.isInteger),
    numLayers: numberFlag(flags, 'layers', Number.isInteger),
    embeddingSize: numberFlag(flags, 'embedding', Number.isInteger),
    dropout: numberFlag(flags, 'dropout', (x) => x >= 0 && x < 1),
    seed: numberFlag(flags, 'seed', Number.isInteger),
  };
  const batchSize = numberFlag(flags, 'batch', Number.isInteger);
  const sequenceLength = numberFlag(flags, 'seq', Number.isInteger);
  const learningRate = numberFlag(flags, 'lr', (x) => x > 0);
  const minLearningRate = numberFlag(flags, 'min-lr', (x) => x >= 0 && x <= learningRate);
  const gradientClipNorm = numberFlag(flags, 'clip', (x) => x >= 0);
  const evalSecondsApart = numberFlag(flags, 'eval-minutes', (x) => x > 0) * 60;
  const budgetSeconds = minutes * 60;

  const backend = await initBackend(flags.backend as BackendName);
  const corpus = loadCorpus('moby-dick');
  const vocab = CharVocab.fromText(corpus.text);
  const split = splitContiguous(vocab.encodeInt32(corpus.text));
  const [trainIds, valIds, testIds] = [split.train, split.val, split.test].map((ids) =>
    Int32Array.from(ids),
  ) as [Int32Array, Int32Array, Int32Array];
  const model = new CharLanguageModel({ ...modelConfig, vocabSize: vocab.size });
  const { network } = model;
  log(
    `${backend.backend}, ${model.parameterCount} parameters, train/val/test ${trainIds.length}/${valIds.length}/` +
      `${testIds.length} chars, vocab ${vocab.size}, budget ${minutes} min`,
  );

  // The run is cut into segments of about evalSecondsApart, each one train() call resumed from the last one's
  // snapshot (exact resume) and ending with a full validation pass. Before each segment the cosine schedule's
  // totalSteps is re-planned from the measured speed so that the rate reaches its floor when the budget ends.
  const runStart = performance.now();
  const wallSeconds = (): number => (performance.now() - runStart) / 1000;
  let snapshot: TrainingSnapshot | undefined;
  let step = 0;
  let stepsPerSecond = 0;
  let evalSeconds = 0;
  let totalSteps = 0;
  let trainSeconds = 0;
  let lastEval: EvalReport | undefined;
  let bestEval: EvalReport | undefined;
  let bestWeights: readonly NamedArray[] | undefined;
  let evals = 0;
  const warnings = new Set<string>();

  // Stop when less than a second is left: a segment that short would be all evaluation.
  while (budgetSeconds - wallSeconds() > 1) {
    const remaining = budgetSeconds - wallSeconds();
    const calibrating = snapshot === undefined;
    // The calibration segment is cut by time, the others by steps (so that a segment lasts about evalSecondsApart).
    const segmentSteps = Math.max(
      1,
      Math.round(stepsPerSecond * Math.max(1, evalSecondsApart - evalSeconds)),
    );
    if (!calibrating) {
      // Evaluations still inside the budget: every segment ends with one, the last one after the budget.
      const evalsLeft = Math.ceil(remaining / evalSecondsApart) - 1;
      totalSteps = step + Math.max(1, Math.round(stepsPerSecond * (remaining - evalsLeft * evalSeconds)));
    }
    const segmentStart = performance.now();
    let segmentStepSeconds = 0;
    let segmentStepsDone = 0;
    let learningRateNow = learningRate;
    const result = await train({
      network,
      train: trainIds,
      val: valIds,
      vocabSize: vocab.size,
      optimizer: { name: 'adam', learningRate },
      // The calibration segment plans with a generous guess; its few steps run at ~the base rate either way.
      schedule: { kind: 'cosine', totalSteps: calibrating ? 1_000_000 : totalSteps, minLearningRate },
      gradientClipNorm,
      batchSize,
      sequenceLength,
      batching: 'streams',
      evalEvery: 0,
      evalBatches: 0,
      ...(calibrating ? {} : { maxSteps: step + segmentSteps }),
      maxSeconds: calibrating ? Math.min(CALIBRATION_SECONDS, remaining / 6) : remaining,
      seed: modelConfig.seed,
      ...(snapshot ? { resumeFrom: snapshot } : {}),
      onStep: (report) => {
        segmentStepsDone += 1;
        segmentStepSeconds = (segmentStepsDone * batchSize * sequenceLength) / report.charsPerSec;
        learningRateNow = report.learningRate;
      },
      onEval: (report) => {
        evals += 1;
        lastEval = report;
      },
      onCheckpoint: (emitted) => {
        const report = emitted.metrics.lastEval;
        if (report && (bestEval === undefined || report.valLoss < bestEval.valLoss)) {
          bestEval = report;
          bestWeights = emitted.weights;
        }
      },
      onWarning: (message) => {
        if (!warnings.has(message)) log(`warning: ${message}`);
        warnings.add(message);
      },
    });
    snapshot = result.snapshot;
    const segmentWall = (performance.now() - segmentStart) / 1000;
    const stepsDone = result.steps - step;
    step = result.steps;
    trainSeconds += segmentStepSeconds;
    if (stepsDone > 0 && segmentStepSeconds > 0) stepsPerSecond = stepsDone / segmentStepSeconds;
    evalSeconds = Math.max(0, segmentWall - segmentStepSeconds);
    const smoothed = snapshot.metrics.smoothedTrainLoss ?? Number.NaN;
    const epochs = snapshot.metrics.trainCharacters / trainIds.length;
    if (lastEval) {
      log(
        `${(wallSeconds() / 60).toFixed(1)} min, step ${step} (epoch ${epochs.toFixed(2)}), train ${smoothed.toFixed(3)}, ` +
          `val ${lastEval.valLoss.toFixed(4)} nats = ${lastEval.valBitsPerChar.toFixed(4)} bits/char, ` +
          `lr ${learningRateNow.toExponential(2)}, ${Math.round(stepsPerSecond * batchSize * sequenceLength)} chars/s, ` +
          `eval ${evalSeconds.toFixed(1)} s`,
      );
    }
  }
  const trainingMinutes = wallSeconds() / 60;

  if (!bestWeights || !bestEval || !lastEval || !snapshot) throw new Error('no evaluation ran');
  restoreWeights(network, bestWeights);
  const test = await evaluateNetwork(network, testIds, { batchSize, sequenceLength, maxBatches: 0 });
  model.dispose();
  const charsSeen = snapshot.metrics.trainCharacters;
  log(`test ${test.bitsPerChar.toFixed(4)} bits/char with the best weights (step ${bestEval.step})`);
  console.log(
    JSON.stringify({
      corpus: 'moby-dick',
      split: { train: trainIds.length, val: valIds.length, test: testIds.length, fractions: split.fractions },
      model: { ...model.config, parameters: model.parameterCount },
      training: {
        optimizer: 'adam',
        learningRate,
        schedule: {
          kind: 'cosine (re-planned to the time budget)',
          minLearningRate,
          plannedTotalSteps: totalSteps,
        },
        gradientClipNorm,
        batchSize,
        sequenceLength,
        batching: 'streams',
        evalEveryMinutes: evalSecondsApart / 60,
        seed: modelConfig.seed,
      },
      budgetMinutes: minutes,
      minutes: round(trainingMinutes, 2),
      steps: step,
      epochs: round(charsSeen / trainIds.length, 2),
      charsSeen,
      charsPerSec: Math.round(charsSeen / trainSeconds),
      evals,
      finalValNats: round(lastEval.valLoss),
      finalValBitsPerChar: round(lastEval.valBitsPerChar),
      bestValNats: round(bestEval.valLoss),
      bestValBitsPerChar: round(bestEval.valBitsPerChar),
      bestStep: bestEval.step,
      testNats: round(test.loss),
      testBitsPerChar: round(test.bitsPerChar),
      testAccuracy: round(test.accuracy),
      target: { valBitsPerChar: 2.1, kneserNeyOrder6ValBitsPerChar: 2.116 },
      pass: bestEval.valBitsPerChar <= 2.1,
      backend: backend.backend,
      threads: backend.wasm?.threads ?? null,
      node: process.version,
      command: ['node packages/models/dist/scripts/quality.js', ...argv].join(' '),
    }),
  );
}

await main();
