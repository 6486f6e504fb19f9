import Foundation

/// The settings of a training run; each is a flag of `ntm train` and is saved in checkpoints.
public struct TrainingSettings: Codable, Sendable, Equatable {
  public var optimizer = OptimizerSettings()
  /// Sequences per parameter update.
  public var batchSize = 32
  /// Seeds the parameters and the stream of training sequences.
  public var seed: UInt64 = 1
  /// Worker threads computing a batch's sequences; results do not depend on it.
  public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// The held-out validation set: this many sequences from the training range.
  public var validationSequences = 200

  public init() {}
}

/// What one parameter update saw.
public struct BatchReport: Sendable {
  /// The batch's cost, summed over its sequences.
  public var cost: SequenceCost
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
  public let task: any TaskGenerator
  public let settings: TrainingSettings
  public private(set) var parameters: Parameters<Float>
  public private(set) var optimizerState: OptimizerState
  /// Sequences trained on so far (all batches).
  public private(set) var sequencesSeen: Int
  public private(set) var updates: Int

  /// The fixed held-out set every validation uses: the same sequences for every seed, so costs
  /// are comparable across runs.
  public private(set) lazy var validationSet: [Episode] = {
    (0..<settings.validationSequences).map { i in
      var rng = SeededGenerator(seed: 0x5EED_0F_7E57, stream: UInt64(i))
      return task.episode(using: &rng)
    }
  }()

  /// The batch-mean gradient, kept between batches so that it is not allocated for each.
  private var gradient: [Float]

  public init(
    task: any TaskGenerator, parameters: Parameters<Float>, settings: TrainingSettings,
    optimizerState: OptimizerState? = nil, sequencesSeen: Int = 0, updates: Int = 0
  ) {
    self.task = task
    self.settings = settings
    self.parameters = parameters
    self.optimizerState = optimizerState ?? OptimizerState(count: parameters.values.count)
    self.sequencesSeen = sequencesSeen
    self.updates = updates
    gradient = [Float](repeating: 0, count: parameters.values.count)
  }

  /// The episode the run trains on as its `index`-th sequence.
  public func trainingEpisode(_ index: Int) -> Episode {
    var rng = SeededGenerator(seed: settings.seed, stream: UInt64(index) &+ 1)
    return task.episode(using: &rng)
  }

  /// One parameter update on the next batch. Throws, leaving the parameters as they were, if the
  /// loss or any gradient is NaN or infinite.
  @discardableResult
  public func trainBatch() throws -> BatchReport {
    let batch = settings.batchSize
    let count = parameters.values.count
    // A non-finite parameter would make the loss NaN; name it rather than only the loss.
    if let bad = parameters.values.firstIndex(where: { !$0.isFinite }),
      let block = parameters.layout.blocks.first(where: { $0.range.contains(bad) })
    {
      throw TrainingError(
        description:
          "update \(updates + 1): the parameter \(block.name)[\(bad - block.offset)] is \(parameters.values[bad]) (not finite)"
      )
    }
    let episodes = (0..<batch).map { trainingEpisode(sequencesSeen + $0) }
    // With several threads, longest sequences first: otherwise a batch often ends with one
    // thread still working through a long sequence while the others wait.
    let order =
      settings.threads > 1
      ? episodes.indices.sorted { (-episodes[$0].length, $0) < (-episodes[$1].length, $1) } : nil
    let sequences = parallelMap(batch, threads: settings.threads, order: order) { [parameters] b in
      let episode = episodes[b]
      let records = Machine.run(parameters, inputs: episode.inputs)
      return (
        gradient: Backpropagation.gradient(
          parameters, records: records, targets: episode.targets, scored: episode.scored),
        cost: SequenceCost(records: records, targets: episode.targets, scored: episode.scored)
      )
    }
    gradient.withUnsafeMutableBufferPointer { total in
      total.update(repeating: 0)
      SequenceGradient.sum(sequences.map(\.gradient), into: total.baseAddress!, threads: settings.threads)
      for i in 0..<count { total[i] /= Float(batch) }
    }
    if !parameters.configuration.learnsInitialState {
      for block in parameters.layout.blocks where ParameterLayout.isInitialState(block.name) {
        for i in block.range { gradient[i] = 0 }
      }
    }
    let cost = sequences.map(\.cost).reduce(SequenceCost(), +)
    let step = updates + 1
    guard cost.bits.isFinite else {
      throw TrainingError(description: "update \(step): the loss is \(cost.bits) (not finite)")
    }
    // The norm is finite exactly when every element is, so only a bad batch is searched.
    let norm = Optimizer.globalNorm(gradient)
    if !norm.isFinite, let bad = gradient.firstIndex(where: { !$0.isFinite }),
      let block = parameters.layout.blocks.first(where: { $0.range.contains(bad) })
    {
      throw TrainingError(
        description:
          "update \(step): the gradient of \(block.name)[\(bad - block.offset)] is \(gradient[bad]) (not finite)"
      )
    }
    Optimizer.update(
      &parameters.values, gradient: &gradient, norm: norm, state: &optimizerState,
      settings: settings.optimizer)
    sequencesSeen += batch
    updates = step
    return BatchReport(cost: cost, sequences: batch, gradientNorm: norm)
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
    Evaluation.meanCost(parameters, episodes: validationSet, threads: settings.threads)
  }
}
