import Foundation

/// One sequence as a machine ran it, an NTM or a DNC: the episode and a step record for every
/// step, with the per-step numbers a debugger looks at (wrong bits, cost, each head's measures)
/// computed once.
///
/// ```swift
/// let run = RecordedRun(parameters: model, episode: episode, shifts: c.shifts)
/// run.firstStep(where: .wrongBit)          // the first step with a wrong output bit, or nil
/// run.measure("entropy", ofHead: 1, at: 14) // read0's entropy in bits at t = 14
/// ```
///
/// Steps are numbered t = 0, 1, … as in `StepRecord.time` and in the trace. "Before step 0" is
/// the machine's initial state, read from step 0's record (`memoryBefore`, each head's
/// previous weighting), so a run replayed from a trace has one as well.
public struct RecordedRun: Sendable {
  /// What the machine was shown and asked, one entry per step.
  public var episode: Episode
  public var records: [MachineRecord<Float>]
  /// The NTM's allowed shift offsets, lowest first (for the dominant shift of a head); 0…0 for
  /// the DNC, which does not shift.
  public var shifts: ClosedRange<Int>
  /// Whether the records carry every head's addressing stages and parameters. A foreign trace
  /// may hold only the final weightings; the addressing fields of its records are then empty.
  public var hasAddressing: Bool
  /// Wrong output bits of each scored step (0 for unscored steps).
  public let wrongBits: [Int]
  /// The cost of each step (zero for unscored steps).
  public let costs: [SequenceCost]
  /// `measures[t][h]`: what head h did at step t (see `HeadMeasure`).
  public let measures: [[[HeadMeasure]]]
  /// Every head, write heads first, as the records name them.
  public let heads: [HeadID]
  /// `firstUse[h][i]`: the first step at which head h put at least `usedThreshold` on location
  /// i (−1: already before step 0), or `Int.max` if it never did.
  private let firstUse: [[Int]]
  /// The episode in its task's terms, when the task is known.
  public var reading: EpisodeReading?

  /// Runs `machine` on the episode from the initial state.
  public init(machine: MachineParameters<Float>, episode: Episode, reading: EpisodeReading? = nil) {
    let shifts: ClosedRange<Int> =
      switch machine {
      case .ntm(let p): p.configuration.shifts
      case .dnc: 0...0
      }
    self.init(
      episode: episode, records: machine.run(inputs: episode.inputs), shifts: shifts, hasAddressing: true,
      reading: reading)
  }

  /// Runs an NTM on the episode from the initial state.
  public init(parameters: Parameters<Float>, episode: Episode, reading: EpisodeReading? = nil) {
    self.init(machine: .ntm(parameters), episode: episode, reading: reading)
  }

  /// An NTM's run from records computed elsewhere (a trace), aligned with `episode`.
  public init(
    episode: Episode, records: [StepRecord<Float>], shifts: ClosedRange<Int>, hasAddressing: Bool,
    reading: EpisodeReading? = nil
  ) {
    self.init(
      episode: episode, records: records.map(MachineRecord.ntm), shifts: shifts, hasAddressing: hasAddressing,
      reading: reading)
  }

  /// A run of either machine from its records, aligned with `episode`.
  /// - Precondition: one record per step of the episode, at least one, all of one machine.
  public init(
    episode: Episode, records: [MachineRecord<Float>], shifts: ClosedRange<Int>, hasAddressing: Bool,
    reading: EpisodeReading? = nil
  ) {
    precondition(!records.isEmpty && records.count == episode.length, "a run needs one record per step")
    self.episode = episode
    self.records = records
    self.shifts = shifts
    self.hasAddressing = hasAddressing
    self.reading = reading
    wrongBits = records.indices.map { t in
      guard episode.scored[t] else { return 0 }
      return zip(records[t].output, episode.targets[t]).filter { ($0 > 0.5) != ($1 > 0.5) }.count
    }
    costs = records.indices.map { t in
      RecordedRun.cost(records[t], target: episode.targets[t], scored: episode.scored[t])
    }
    measures = records.map { record in
      switch record {
      case .ntm(let r):
        r.heads.map { HeadMeasure.measures(of: $0, shifts: shifts, addressing: hasAddressing) }
      case .dnc(let r): (0...r.readHeads.count).map { HeadMeasure.measures(ofDNC: r, head: $0) }
      }
    }
    heads = records[0].heads
    let n = records[0].memoryAfter.rows
    var firstUse = [[Int]](repeating: [Int](repeating: .max, count: n), count: heads.count)
    for (h, previous) in RecordedRun.initialWeightings(records[0]).enumerated() {
      for (i, w) in previous.enumerated() where w >= RecordedRun.usedThreshold {
        firstUse[h][i] = -1
      }
    }
    for t in records.indices.reversed() {
      for h in heads.indices {
        for (i, w) in records[t].weighting(ofHead: h).enumerated() where w >= RecordedRun.usedThreshold {
          firstUse[h][i] = min(firstUse[h][i], t)
        }
      }
    }
    self.firstUse = firstUse
  }

  /// The number of steps.
  public var length: Int { records.count }
  public var writeHeadCount: Int { heads.filter(\.isWrite).count }
  /// Which machine ran.
  public var machine: MachineKind {
    switch records[0] {
    case .ntm: .ntm
    case .dnc: .dnc
    }
  }
  /// N and M.
  public var locations: Int { records[0].memoryAfter.rows }
  public var memoryWidth: Int { records[0].memoryAfter.columns }

  /// Mₜ after step t, or M before step 0 when `t` is nil.
  public func memory(after t: Int?) -> Matrix<Float> {
    guard let t else { return records[0].memoryBefore }
    return records[t].memoryAfter
  }

  /// Every head's weighting after step t, or before step 0 (wₜ₋₁ of step 0) when `t` is nil.
  public func weightings(after t: Int?) -> [[Float]] {
    guard let t else { return RecordedRun.initialWeightings(records[0]) }
    return records[t].weightings
  }

  /// Each head's weighting before step 0, from step 0's record. A foreign NTM trace without
  /// addressing has none: then all zeros, as the DNC's write head starts (nothing written).
  static func initialWeightings(_ record: MachineRecord<Float>) -> [[Float]] {
    let zeros = [Float](repeating: 0, count: record.memoryAfter.rows)
    switch record {
    case .ntm(let r): return r.heads.map { $0.addressing.previous.isEmpty ? zeros : $0.addressing.previous }
    case .dnc(let r): return [zeros] + r.readHeads.map(\.previousWeighting)
    }
  }

  /// A head has used a location at a step when it put at least this weight there.
  public static let usedThreshold: Float = 0.05

  /// The locations where any of `heads` put a weight of at least `usedThreshold` in steps 0…t
  /// (or before step 0, when `t` is nil), ascending: the region of memory the heads have used.
  public func locationsUsed(through t: Int?, heads: Range<Int>) -> [Int] {
    let last = t ?? -1
    return (0..<locations).filter { i in heads.contains { firstUse[$0][i] <= last } }
  }

  /// The cost of steps 0…t (nothing when `t` is nil).
  public func cost(through t: Int?) -> SequenceCost {
    guard let t else { return SequenceCost() }
    return costs[0...t].reduce(SequenceCost(), +)
  }

  /// One measure of one head at step t, by its name (`HeadMeasure.name`), if the head has it.
  public func measure(_ name: String, ofHead head: Int, at t: Int) -> Float? {
    measures[t][head].first { $0.name == name }?.value
  }

  /// A step's cost: from the logits when the record has them (as training computes it), else
  /// from the outputs, clamped away from 0 and 1 so that a confident wrong answer costs a
  /// finite 50 bits or so rather than infinity.
  static func cost(_ record: MachineRecord<Float>, target: [Float], scored: Bool) -> SequenceCost {
    guard scored else { return SequenceCost() }
    if record.outputLogits.count == target.count {
      return SequenceCost(records: [record], targets: [target], scored: [true])
    }
    var cost = SequenceCost()
    for (y, z) in zip(record.output, target) {
      let p = Double(min(max(y, 1e-15), 1 - 1e-7))
      cost.bits -= z > 0.5 ? log2(p) : log2(1 - p)
      cost.bitErrors += (y > 0.5) != (z > 0.5) ? 1 : 0
    }
    return cost
  }
}
