// In Training/, not DNC/: with this toolchain a Float call that reaches `Machine.step` from a
// file that sorts before Model/Machine.swift makes a release build drop `step`'s exported Float
// specialisation, and linking fails (undefined …MachineV4step…Ts5).
extension Benchmark {
  /// Processor seconds per timestep of a sequence's gradient (`gradient(for:)`: the forward
  /// pass, the backward pass and the result in a fresh gradient vector; no optimiser), on the
  /// calling thread.
  public struct GradientStepTime: Sendable {
    /// Seconds per timestep in all.
    public var seconds: Double
    /// Of those, the seconds per timestep in the DNC's link matrix (its update, the
    /// link-following weightings, and their backward pass); nil for the NTM.
    public var linkSeconds: Double?
  }

  /// `GradientStepTime` of a DNC over `sequences` of the task's training sequences (seeded, so
  /// every build measures the same ones), after one warm-up sequence.
  public static func gradientStepTime(
    _ parameters: DNCParameters<Float>, task: any TaskGenerator, sequences: Int
  ) -> GradientStepTime {
    var records: [[DNCStepRecord<Float>]] = []
    let seconds = stepSeconds(task: task, sequences: sequences) { episode in
      let run = parameters.gradient(for: episode).records
      if records.count <= 20 { records.append(run) }
    }
    // The link's share: its forward and backward kernels run again on the records of the warm-up
    // and the first 20 sequences (all of them would take gigabytes at N = 128).
    let steps = records.reduce(0) { $0 + $1.count }
    let start = threadProcessorSeconds()
    for run in records.dropFirst() {
      for (t, r) in run.enumerated() {
        let n = r.link.rows
        let previousLink = t > 0 ? run[t - 1].link : Matrix(rows: n, columns: n)
        let reads = r.readHeads.map(\.previousWeighting)
        _ = TemporalLink.forward(
          link: previousLink, precedence: r.precedenceBefore, writeWeighting: r.write.weighting,
          readWeightings: reads)
        var (dLink, dWrite, dPrecedence, dReads) = (r.link.values, r.usage, r.precedence, reads)
        TemporalLink.backward(
          link: r.link, previousLink: previousLink, previousPrecedence: r.precedenceBefore,
          writeWeighting: r.write.weighting, readWeightings: reads,
          dForward: r.readHeads.map(\.forwardWeighting),
          dBackward: r.readHeads.map(\.backwardWeighting), dLink: &dLink, dWrite: &dWrite,
          dPrecedence: &dPrecedence, dReadWeightings: &dReads)
      }
    }
    let linkSeconds = (threadProcessorSeconds() - start) / Double(steps - records[0].count)
    return GradientStepTime(seconds: seconds, linkSeconds: linkSeconds)
  }

  /// `GradientStepTime` of an NTM, measured as the DNC's, for comparison.
  public static func gradientStepTime(
    _ parameters: Parameters<Float>, task: any TaskGenerator, sequences: Int
  ) -> GradientStepTime {
    let seconds = stepSeconds(task: task, sequences: sequences) { episode in
      _ = parameters.gradient(for: episode)
    }
    return GradientStepTime(seconds: seconds, linkSeconds: nil)
  }

  /// Processor seconds per timestep of `work` over `sequences` seeded training sequences of the
  /// task, after one warm-up sequence (not counted).
  private static func stepSeconds(task: any TaskGenerator, sequences: Int, _ work: (Episode) -> Void)
    -> Double
  {
    let episodes = (0...sequences).map { i in
      var rng = SeededGenerator(seed: 0xBE_4C, stream: UInt64(i))
      return task.episode(using: &rng)
    }
    work(episodes[0])
    let start = threadProcessorSeconds()
    for episode in episodes.dropFirst() { work(episode) }
    return (threadProcessorSeconds() - start) / Double(episodes.dropFirst().reduce(0) { $0 + $1.length })
  }
}
