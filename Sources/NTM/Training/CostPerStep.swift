extension Evaluation {
  /// The mean cost of each timestep over episodes of one length: where in a sequence a machine
  /// pays, e.g. how the dynamic n-grams cost falls as the machine's counts fill up. Unscored
  /// steps cost nothing. Computed in parallel; the result does not depend on `threads`.
  ///
  /// - Precondition: every episode has the same number of steps.
  public static func meanCostPerStep(_ machine: MachineParameters<Float>, episodes: [Episode], threads: Int)
    -> [SequenceCost]
  {
    guard let steps = episodes.first?.length else { return [] }
    precondition(episodes.allSatisfy { $0.length == steps }, "episodes of different lengths")
    let perEpisode = parallelMap(episodes.count, threads: threads) { i in
      let e = episodes[i]
      let records = machine.run(inputs: e.inputs)
      return records.indices.map { t in
        SequenceCost(records: [records[t]], targets: [e.targets[t]], scored: [e.scored[t]])
      }
    }
    let n = Double(episodes.count)
    return (0..<steps).map { t in
      let total = perEpisode.reduce(SequenceCost()) { $0 + $1[t] }
      return SequenceCost(bits: total.bits / n, bitErrors: total.bitErrors / n)
    }
  }
}
