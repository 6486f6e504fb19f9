extension Parameters {
  /// The gradient of the sequence's loss (binary cross-entropy in nats, summed over the scored
  /// steps) with respect to every parameter, with the forward pass's records and cost.
  ///
  /// When the configuration fixes the initial state, those blocks' gradients are zero.
  public func gradient(inputs: [[Scalar]], targets: [[Float]], scored: [Bool]) -> (
    gradient: Parameters<Scalar>, cost: SequenceCost, records: [StepRecord<Scalar>]
  ) {
    let records = Machine.run(self, inputs: inputs)
    var gradient = Parameters(zerosFor: configuration)
    gradient.values.withUnsafeMutableBufferPointer { g in
      Backpropagation.accumulateGradient(
        self, records: records, targets: targets, scored: scored, into: g.baseAddress!)
    }
    return (gradient, SequenceCost(records: records, targets: targets, scored: scored), records)
  }

  /// The gradient for a task episode.
  public func gradient(for episode: Episode) -> (
    gradient: Parameters<Scalar>, cost: SequenceCost, records: [StepRecord<Scalar>]
  ) {
    gradient(
      inputs: episode.inputs.map { $0.map { Scalar($0) } }, targets: episode.targets, scored: episode.scored)
  }
}
