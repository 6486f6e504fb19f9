/// Appends steps to an episode while checking the widths, so that each task's generator reads as
/// a list of steps rather than as array bookkeeping.
struct EpisodeBuilder {
  let inputWidth: Int
  let outputWidth: Int
  private(set) var episode = Episode(inputs: [], targets: [], scored: [], phases: [])

  init(inputWidth: Int, outputWidth: Int) {
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
  }

  /// An input vector: `bits` in the first channels, `channels` set, zeros elsewhere.
  func input(bits: [Float] = [], channels: [Int: Float] = [:]) -> [Float] {
    Self.vector(width: inputWidth, bits: bits, channels: channels)
  }

  /// A target vector: `bits` in the first channels, `channels` set, zeros elsewhere.
  func target(bits: [Float] = [], channels: [Int: Float] = [:]) -> [Float] {
    Self.vector(width: outputWidth, bits: bits, channels: channels)
  }

  /// A step; with no target it is unscored and its target is all zeros.
  mutating func append(input: [Float], target: [Float]? = nil, phase: Phase) {
    precondition(input.count == inputWidth, "input width \(input.count), expected \(inputWidth)")
    precondition(target == nil || target!.count == outputWidth, "target width mismatch")
    episode.inputs.append(input)
    episode.targets.append(target ?? [Float](repeating: 0, count: outputWidth))
    episode.scored.append(target != nil)
    episode.phases.append(phase)
  }

  /// One copy round: each vector shown (phase `.input`, unscored), one delimiter step with
  /// `delimiterChannel` set, then each vector again as the target of a blank step (`.output`,
  /// scored). Copy is one round; memory reuse is several.
  mutating func appendCopy(of vectors: [[Float]], delimiterChannel: Int) {
    for vector in vectors {
      append(input: input(bits: vector), phase: .input)
    }
    append(input: input(channels: [delimiterChannel: 1]), phase: .delimiter)
    for vector in vectors {
      append(input: input(), target: vector, phase: .output)
    }
  }

  private static func vector(width: Int, bits: [Float], channels: [Int: Float]) -> [Float] {
    precondition(bits.count <= width)
    var vector = bits + [Float](repeating: 0, count: width - bits.count)
    for (channel, value) in channels { vector[channel] = value }
    return vector
  }
}

extension SeededGenerator {
  /// `count` independent fair bits, as 0 or 1.
  mutating func bits(_ count: Int) -> [Float] {
    (0..<count).map { _ in bernoulli(0.5) ? 1 : 0 }
  }
}
