/// How a figure's numbers are measured: on how many fresh sequences per point, drawn from which
/// seed, on how many threads. The seed fixes every sequence, so a figure can be made again
/// exactly; the thread count changes only how long that takes.
///
/// ```swift
/// CopyFigure(measurement: Measurement(sequences: 1_000, threads: 2))
/// ```
public struct Measurement: Sendable, Equatable {
  /// Fresh sequences per measured number. Claims about a model's accuracy want 1,000 or more.
  public var sequences: Int
  public var seed: UInt64
  public var threads: Int

  public init(sequences: Int = 200, seed: UInt64 = 1, threads: Int = 1) {
    self.sequences = sequences
    self.seed = seed
    self.threads = threads
  }
}
