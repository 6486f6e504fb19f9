/// The two costs NTM.md reports per sequence.
public struct SequenceCost: Sendable, Equatable {
  /// Σ BCE / ln 2 over the scored steps: the paper's cost axis, in bits.
  public var bits: Double
  /// Σ |round(y) − target| over the scored steps.
  public var bitErrors: Double

  public init(bits: Double = 0, bitErrors: Double = 0) {
    self.bits = bits
    self.bitErrors = bitErrors
  }

  public static func + (a: SequenceCost, b: SequenceCost) -> SequenceCost {
    SequenceCost(bits: a.bits + b.bits, bitErrors: a.bitErrors + b.bitErrors)
  }

  /// The cost of a run of the machine against an episode's targets.
  public init<S: NTMScalar>(records: [StepRecord<S>], targets: [[Float]], scored: [Bool]) {
    self.init()
    for t in records.indices where scored[t] {
      let logits = records[t].outputLogits
      let losses = Activation.binaryCrossEntropy(logits: logits, targets: targets[t].map { S($0) })
      for (k, logit) in logits.enumerated() {
        bits += Double(losses[k])
        bitErrors += abs((logit > 0 ? 1 : 0) - Double(targets[t][k]))
      }
    }
    bits /= 0.693_147_180_559_945_3  // nats → bits
  }
}
