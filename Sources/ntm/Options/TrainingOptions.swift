import ArgumentParser
import NTM

/// How a machine is trained, in `ntm train` and `ntm view --train`. Unset options take the
/// library's defaults for a new model and the stored settings for a checkpoint
/// (`TrainingSession` says which a resumed run may replace).
struct TrainingOptions: ParsableArguments {
  private static let defaults = TrainingSettings()

  @Option(
    help:
      "adam or rmsprop (default: \(defaults.optimizer.kind.rawValue) at batch \(defaults.batchSize), which learns fastest; docs/training.md)."
  )
  var optimizer: OptimizerSettings.Kind?

  @Option(
    parsing: .unconditional,
    help: "Sequences per update (default: \(defaults.batchSize); with a checkpoint, replaces the stored one)."
  )
  var batch: Int?

  @Option(
    parsing: .unconditional,
    help:
      "Learning rate (default: \(OptimizerSettings(kind: .adam).learningRate) for adam, \(OptimizerSettings(kind: .rmsprop).learningRate) for rmsprop; with a checkpoint, replaces the stored one)."
  )
  var lr: Double?

  @Option(
    parsing: .unconditional,
    help:
      "Clip each gradient component to ±this, or none (default: \(ClipBound(defaults.optimizer.clipValue))).")
  var clipValue: ClipBound?

  @Option(
    parsing: .unconditional,
    help:
      "Clip the gradient's global norm to this, or none (default: \(ClipBound(defaults.optimizer.clipNorm)))."
  )
  var clipNorm: ClipBound?

  @Option(
    parsing: .unconditional,
    help:
      "Clip each head's weighting gradient carried back one step to ±this at every step of backpropagation through time, or none (default: \(ClipBound(defaults.optimizer.clipRecurrent))); for a run stopped by a non-finite gradient."
  )
  var clipRecurrent: ClipBound?

  @Option(parsing: .unconditional, help: "Worker threads (default: all cores; in view, all but one).")
  var threads: Int?

  @Option(
    parsing: .unconditional,
    help:
      "Validate on the held-out set every this many sequences (default: 500 when a core is left to validate alongside training, else 2000; in view, 1000)."
  )
  var validateEvery: Int?

  /// The options given, by flag, e.g. ["--batch"].
  var given: [String] {
    let options: [(String, Any?)] = [
      ("--optimizer", optimizer), ("--batch", batch), ("--lr", lr), ("--clip-value", clipValue),
      ("--clip-norm", clipNorm), ("--clip-recurrent", clipRecurrent), ("--threads", threads),
      ("--validate-every", validateEvery),
    ]
    return options.compactMap { $0.1 == nil ? nil : $0.0 }
  }

  func validate() throws {
    if let batch { try Limits.check(batch, in: Limits.batchSize, "--batch") }
    if let lr { try Limits.checkPositive(lr, "--lr") }
    if let bound = clipValue?.value { try Limits.checkPositive(bound, "--clip-value") }
    if let bound = clipNorm?.value { try Limits.checkPositive(bound, "--clip-norm") }
    if let bound = clipRecurrent?.value { try Limits.checkPositive(bound, "--clip-recurrent") }
    if let threads { try Limits.check(threads, in: Limits.threads, "--threads") }
    if let validateEvery {
      try Limits.check(validateEvery, in: 1...Limits.count.upperBound, "--validate-every")
    }
  }

  func apply(to request: inout TrainingRequest) {
    request.optimizer = optimizer
    request.batchSize = batch
    request.learningRate = lr
    request.clipValue = clipValue
    request.clipNorm = clipNorm
    request.clipRecurrent = clipRecurrent
    request.threads = threads
  }
}
