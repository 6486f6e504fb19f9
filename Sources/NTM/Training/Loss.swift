/// The two costs docs/ntm.md reports per sequence.
public struct SequenceCost: Sendable, Equatable {
  /// Σ BCE / ln 2 over the scored steps: the paper's cost axis, in bits.
  public var bits: Double
  /// Σ |round(y) − target| over the scored steps.
  public var bitErrors: Double

  /// A cost of the given size; zero by default, to add sequence costs to.
  public init(bits: Double = 0, bitErrors: Double = 0) {
    self.bits = bits
    self.bitErrors = bitErrors
  }

  /// The two costs added, component by component.
  public static func + (a: SequenceCost, b: SequenceCost) -> SequenceCost {
    SequenceCost(bits: a.bits + b.bits, bitErrors: a.bitErrors + b.bitErrors)
  }

  /// The cost of a run of the machine against an episode's targets.
  public init<Record: StepOutput>(records: [Record], targets: [[Float]], scored: [Bool]) {
    self.init(steps: records.count, logits: { records[$0].outputLogits }, targets: targets, scored: scored)
  }

  /// The cost of output logits, step `t`'s given by `logits(t)`, against an episode's targets.
  init<S: NTMScalar>(steps: Int, logits logitsAt: (Int) -> [S], targets: [[Float]], scored: [Bool]) {
    self.init()
    for t in 0..<steps where scored[t] {
      let logits = logitsAt(t)
      let losses = Activation.binaryCrossEntropy(logits: logits, targets: targets[t].map { S($0) })
      for (k, logit) in logits.enumerated() {
        bits += Double(losses[k])
        bitErrors += abs((logit > 0 ? 1 : 0) - Double(targets[t][k]))
      }
    }
    bits /= 0.693_147_180_559_945_3  // nats → bits
  }
}
