/// Two runs of the same episode side by side (`ntm view --compare`): per step, whether their
/// rounded answers (outputs on scored steps) agree and whether each pair of heads looks at the
/// same location, and the first step where they part.
///
/// ```swift
/// let comparison = RunComparison(run, other)
/// comparison.firstDivergence  // (t: 12, what: "read0 focus 125 vs 3")
/// ```
public struct RunComparison: Sendable {
  /// Output bits (rounded at 0.5) on which the runs differ, per step; 0 on unscored steps,
  /// whose outputs are no answer.
  public let differingBits: [Int]
  /// `focusDistance[t][h]`: how many locations apart head h of each run looks at step t
  /// (circular distance; nil when only one run has the head or the memories differ in size).
  public let focusDistance: [[Int?]]
  /// The first step where an output bit or a head's focus differs, and what differed.
  public let firstDivergence: (t: Int, what: String)?

  /// - Precondition: both runs have the same number of steps.
  public init(_ a: RecordedRun, _ b: RecordedRun) {
    precondition(a.length == b.length, "compared runs must have the same steps")
    differingBits = (0..<a.length).map { t in
      guard a.episode.scored[t] else { return 0 }
      return zip(a.records[t].output, b.records[t].output).filter { ($0 > 0.5) != ($1 > 0.5) }.count
    }
    let n = a.locations
    let sameMemory = n == b.locations
    let heads = a.heads
    focusDistance = (0..<a.length).map { t in
      heads.indices.map { h in
        guard sameMemory, h < b.heads.count, let fa = a.measure("focus", ofHead: h, at: t),
          let fb = b.measure("focus", ofHead: h, at: t)
        else { return nil }
        let d = abs(Int(fa) - Int(fb)) % n
        return min(d, n - d)
      }
    }
    var first: (Int, String)?
    for t in 0..<a.length {
      if differingBits[t] > 0 {
        first = (t, "\(differingBits[t]) output bit\(differingBits[t] == 1 ? "" : "s") differ")
        break
      }
      if let h = focusDistance[t].firstIndex(where: { ($0 ?? 0) > 0 }) {
        let fa = Int(a.measure("focus", ofHead: h, at: t) ?? 0)
        let fb = Int(b.measure("focus", ofHead: h, at: t) ?? 0)
        first = (t, "\(heads[h]) focus \(fa) vs \(fb)")
        break
      }
    }
    firstDivergence = first
  }
}
