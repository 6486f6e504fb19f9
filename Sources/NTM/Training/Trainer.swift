import CDenseKernels
import Foundation

/// The settings of a training run; each is a flag of `ntm train` and is saved in checkpoints.
public struct TrainingSettings: Codable, Sendable, Equatable {
  /// The optimiser and its settings.
  public var optimizer = OptimizerSettings()
  /// Sequences per parameter update. One, as the paper trained: on copy it learns in fewer
  /// sequences and less time than any larger batch measured (docs/training.md).
  public var batchSize = 1
  /// Seeds the parameters and the stream of training sequences.
  public var seed: UInt64 = 1
  /// Worker threads computing a batch's sequences; results do not depend on it.
  public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// The held-out validation set: this many sequences from the training range.
  public var validationSequences = 200

  /// The default settings; `ntm train --help` lists them.
  public init() {}
}

/// What one parameter update saw.
public struct BatchReport: Sendable {
  /// The batch's cost, summed over its sequences.
  public var cost: SequenceCost
  /// Sequences in the batch.
  public var sequences: Int
  /// The global L2 norm of the batch-mean gradient before clipping.
  public var gradientNorm: Double
  /// Per sequence.
  public var meanCost: SequenceCost {
    SequenceCost(bits: cost.bits / Double(sequences), bitErrors: cost.bitErrors / Double(sequences))
  }
}

/// Training stopped because a number stopped being a number.
public struct TrainingError: Error, CustomStringConvertible {
  /// What went wrong: the update, and the parameter block with the first non-finite value.
  public let description: String
}

/// Mini-batch training by backpropagation through time.
///
/// Each sequence of a batch is drawn from its own generator stream (seed, global sequence
/// index) and its gradient computed on any worker thread; the gradients are then added in
/// sequence order (`SequenceGradient.sum`). The result is therefore the same for a given seed
/// and batch size whatever the number of threads, and a resumed run draws exactly the sequences
/// it would have drawn.
public final class Trainer: @unchecked Sendable {
  /// The task the training sequences come from.
  public let task: any TaskGenerator
  /// The run's settings.
  public let settings: TrainingSettings
  /// The machine's parameters after the last successful update: either machine.
  public private(set) var parameters: MachineParameters<Float>
  /// The optimiser's running averages after the last update.
  public private(set) var optimizerState: OptimizerState
  /// Sequences trained on so far (all batches).
  public private(set) var sequencesSeen: Int
  /// Parameter updates made so far (all batches).
  public private(set) var updates: Int
  /// Where this trainer's time went (`ntm bench`).
  public internal(set) var phases = TrainingPhases()

  /// The fixed held-out set every validation uses: the same sequences for every seed, so costs
  /// are comparable across runs.
  public private(set) lazy var validationSet: [Episode] = {
    (0..<settings.validationSequences).map { i in
      var rng = SeededGenerator(seed: 0x5EED_0F_7E57, stream: UInt64(i))
      return task.episode(using: &rng)
    }
  }()

  /// The batch's summed gradient, all zeros between batches: the update that reads it sets it
  /// to zero again, so it is neither allocated nor cleared separately for each batch.
  private var gradient: [Float]
  /// The vectors the next update writes, swapped with `parameters.values` and `optimizerState`
  /// when every value it wrote is finite, so that a failed update changes nothing.
  private var nextValues: [Float]
  private var nextState: OptimizerState
  /// Each sequence of a batch's gradient, and the workers' records and scratch space: kept from
  /// batch to batch so that their buffers are reused (`TrainingWorkspace`).
  private var sequenceGradients: [SequenceGradient<Float>] = []
  private let workspaces = TrainingWorkspacePool<Float>()

  /// A trainer that continues from the given parameters; pass the optimiser state and counts of a
  /// checkpoint to resume it exactly.
  public init(
    task: any TaskGenerator, parameters: MachineParameters<Float>, settings: TrainingSettings,
    optimizerState: OptimizerState? = nil, sequencesSeen: Int = 0, updates: Int = 0
  ) {
    self.task = task
    self.settings = settings
    self.parameters = parameters
    self.optimizerState = optimizerState ?? OptimizerState(count: parameters.values.count)
    self.sequencesSeen = sequencesSeen
    self.updates = updates
    gradient = [Float](repeating: 0, count: parameters.values.count)
    nextValues = gradient
    nextState = OptimizerState(count: parameters.values.count)
  }

  /// The episode the run trains on as its `index`-th sequence.
  public func trainingEpisode(_ index: Int) -> Episode {
    var rng = SeededGenerator(seed: settings.seed, stream: UInt64(index) &+ 1)
    return task.episode(using: &rng)
  }

  /// One parameter update on the next batch. Throws, leaving the parameters as they were, if the
  /// loss or any new parameter or optimiser average is NaN or infinite.
  @discardableResult
  public func trainBatch() throws -> BatchReport {
    let batch = settings.batchSize
    let start = TrainingPhases.now()
    let episodes = (0..<batch).map { trainingEpisode(sequencesSeen + $0) }
    // With several threads, longest sequences first: otherwise a batch often ends with one
    // thread still working through a long sequence while the others wait.
    let order =
      settings.threads > 1
      ? episodes.indices.sorted { (-episodes[$0].length, $0) < (-episodes[$1].length, $1) } : nil
    let drawn = TrainingPhases.now()
    let clipRecurrent = settings.optimizer.clipRecurrent.map { Float($0) }
    // Each sequence's gradient lands in its slot of `sequenceGradients`, whose buffers the
    // batch before left there; the records and scratch come from a worker's workspace.
    if sequenceGradients.count != batch {
      sequenceGradients = [SequenceGradient<Float>](
        repeating: SequenceGradient(denseLayers: []), count: batch)
    }
    let workspaces = self.workspaces
    let sequences = sequenceGradients.withUnsafeMutableBufferPointer { slots in
      let slots = SharedPointer(slots.baseAddress!)
      return parallelMap(batch, threads: settings.threads, order: order) { [parameters] b in
        let episode = episodes[b]
        return workspaces.withWorkspace { workspace in
          let start = TrainingPhases.now()
          let cost = parameters.run(
            inputs: episode.inputs, targets: episode.targets, scored: episode.scored, in: workspace)
          let forward = TrainingPhases.now()
          parameters.backward(
            targets: episode.targets, scored: episode.scored, clipRecurrent: clipRecurrent, in: workspace,
            into: &slots.pointer[b])
          return (cost: cost, forward: forward - start, backward: TrainingPhases.now() - forward)
        }
      }
    }
    let computed = TrainingPhases.now()
    // One sequence's gradient is summed on this thread: the other cores are left to validate
    // ahead (`TrainingLoop`), and splitting its rows cost more CPU time in hand-overs than it
    // saved (852 against 1,078 sequences per CPU-second on copy).
    let sumThreads = batch == 1 ? 1 : settings.threads
    gradient.withUnsafeMutableBufferPointer { total in
      SequenceGradient.sum(sequenceGradients, into: total.baseAddress!, threads: sumThreads)
    }
    let summed = TrainingPhases.now()
    let cost = sequences.map(\.cost).reduce(SequenceCost(), +)
    let step = updates + 1
    let result = update()
    phases[.episodes] += drawn - start
    phases[.forward] += sequences.reduce(0) { $0 + $1.forward }
    phases[.backward] += sequences.reduce(0) { $0 + $1.backward }
    phases[.gradientSum] += summed - computed
    phases[.update] += TrainingPhases.now() - summed
    if result.first_non_finite >= 0 {
      throw TrainingError(description: "update \(step): \(describeFailure(result))")
    }
    guard cost.bits.isFinite else {
      throw TrainingError(description: "update \(step): the loss is \(cost.bits) (not finite)")
    }
    swap(&parameters.values, &nextValues)
    swap(&optimizerState, &nextState)
    sequencesSeen += batch
    updates = step
    return BatchReport(cost: cost, sequences: batch, gradientNorm: result.squared_norm.squareRoot())
  }

  /// The update of the summed gradient from the current vectors into `nextValues` and
  /// `nextState`, leaving the gradient zero for the next batch.
  private func update() -> ntm_update_result {
    let batch = settings.batchSize
    var norm: Double?
    if settings.optimizer.clipNorm != nil {
      // Clipping by norm needs the norm before the update: the mean first, then its norm.
      for i in gradient.indices { gradient[i] /= Float(batch) }
      norm = Optimizer.globalNorm(gradient)
    }
    let step = optimizerState.step + 1
    nextState.step = step
    // The current vectors are only read: mutable access to them would copy the parameters
    // (shared with the enum's getter) and any averages a validation snapshot still holds.
    var result = parameters.values.withUnsafeBufferPointer { p in
      optimizerState.withReadOnlyVectors(parameters: p.baseAddress!) { from in
        nextValues.withUnsafeMutableBufferPointer { next in
          nextState.withVectors(parameters: next.baseAddress!) { to in
            gradient.withUnsafeMutableBufferPointer { g in
              Optimizer.update(
                from: from, to: to, gradient: g, batchSize: norm == nil ? batch : 1, norm: norm, step: step,
                settings: settings.optimizer, zeroingGradient: true)
            }
          }
        }
      }
    }
    if let norm { result.squared_norm = norm * norm }
    return result
  }

  /// Why the update `result` reports was refused: a parameter that already was not finite (the
  /// cause of everything else), or else the first new value that is not.
  private func describeFailure(_ result: ntm_update_result) -> String {
    func name(_ i: Int) -> String {
      let block = parameters.layout.blocks.first { $0.range.contains(i) }
      return block.map { "\($0.name)[\(i - $0.offset)]" } ?? "parameter \(i)"
    }
    if let bad = parameters.values.firstIndex(where: { !$0.isFinite }) {
      return "the parameter \(name(bad)) is \(parameters.values[bad]) (not finite)"
    }
    let i = result.first_non_finite
    if !result.gradient_there.isFinite {
      let hint =
        settings.optimizer.clipRecurrent == nil
        ? "; if a head's gradient overflowed on its way back through the steps, --clip-recurrent 10 bounds it"
        : ""
      return "the gradient of \(name(i)) is \(result.gradient_there) (not finite)\(hint)"
    }
    return
      "the update would make \(name(i)) or its optimiser averages not finite (\(nextValues[i]) from \(parameters.values[i]), gradient \(result.gradient_there)); is the learning rate too large?"
  }

  /// Everything an update changes, to go back to exactly (`TrainingLoop` validating ahead).
  struct State: Sendable {
    var values: [Float]
    var optimizerState: OptimizerState
    var sequencesSeen: Int
    var updates: Int
  }

  var state: State {
    State(
      values: parameters.values, optimizerState: optimizerState, sequencesSeen: sequencesSeen,
      updates: updates)
  }

  func restore(_ state: State) {
    parameters.values = state.values
    optimizerState = state.optimizerState
    sequencesSeen = state.sequencesSeen
    updates = state.updates
  }

  /// The trainer's whole state as a checkpoint, optimiser included, so that `--resume`
  /// continues exactly.
  public func checkpoint(validation: SequenceCost?, trainingSeconds: Double = 0) -> Checkpoint {
    Checkpoint(
      parameters: parameters, taskName: task.name, taskParameters: task.parameters, training: settings,
      optimizerState: optimizerState, sequencesSeen: sequencesSeen, updates: updates,
      validationCost: validation,
      trainingSeconds: trainingSeconds)
  }

  /// The mean cost per sequence on the held-out validation set.
  public func validate() -> SequenceCost {
    let start = TrainingPhases.now()
    defer { phases[.validation] += TrainingPhases.now() - start }
    return Evaluation.meanCost(parameters, episodes: validationSet, threads: settings.threads)
  }
}
