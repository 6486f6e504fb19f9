/// The ranges of training settings and stop conditions, checked whether they come from flags or
/// from a checkpoint's metadata (`Checkpoint` runs these on every load).
extension OptimizerSettings {
  /// Refuses settings that cannot train: a learning rate, epsilon or clipping bound that is not a
  /// positive finite number, a momentum or decay outside [0, 1).
  ///
  /// Epsilon must stay positive as a `Float` (the update runs in `Float`): 0 divides by zero.
  public func validate() throws(ValueError) {
    try Limits.checkPositive(learningRate, "learning rate")
    try Limits.checkFraction(momentum, "momentum")
    try Limits.checkFraction(decay, "decay")
    guard epsilon.isFinite, epsilon >= Double(Float.leastNormalMagnitude) else {
      throw ValueError(
        field: "epsilon", value: String(epsilon),
        requirement: "must be a finite number of at least \(Float.leastNormalMagnitude)")
    }
    if let clipValue { try Limits.checkPositive(clipValue, "clip value") }
    if let clipNorm { try Limits.checkPositive(clipNorm, "clip norm") }
    if let clipRecurrent { try Limits.checkPositive(clipRecurrent, "clip recurrent") }
  }
}

extension TrainingSettings {
  public func validate() throws(ValueError) {
    try optimizer.validate()
    try Limits.check(batchSize, in: Limits.batchSize, "batch size")
    try Limits.check(threads, in: Limits.threads, "threads")
    try Limits.check(validationSequences, in: Limits.validationSequences, "validation sequences")
  }
}

extension StopConditions {
  public func validate() throws(ValueError) {
    if let maxSequences { try Limits.check(maxSequences, in: 1...Limits.count.upperBound, "max sequences") }
    if let maxSeconds { try Limits.checkPositive(maxSeconds, "max seconds") }
    if let untilBitErrors { try Limits.checkPositive(untilBitErrors, "until bit errors") }
  }
}
