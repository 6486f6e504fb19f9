extension MemoryReuseTask {
  /// Each round's vectors numbered within the round, its delimiter, and each recall step naming
  /// the vector it reproduces. The names carry the round ("input 2.3": round 2's third), so a
  /// read head that fetches a vector of an earlier round, from a location that should have been
  /// reused, says which.
  public func reading(of episode: Episode) -> EpisodeReading {
    // A round starts at each input step that follows a step of another phase.
    var roundOf = [Int](repeating: 0, count: episode.length)
    var roundInputs: [[Int]] = []
    for t in 0..<episode.length {
      if episode.phases[t] == .input, t == 0 || episode.phases[t - 1] != .input { roundInputs.append([]) }
      roundOf[t] = max(roundInputs.count, 1)
      if episode.phases[t] == .input { roundInputs[roundInputs.count - 1].append(t) }
    }
    let rounds = roundInputs.count
    var steps: [StepReading] = []
    var recalled = 0
    for t in 0..<episode.length {
      let r = roundOf[t]
      let inputs = r <= rounds ? roundInputs[r - 1] : []
      switch episode.phases[t] {
      case .input:
        let k = (inputs.firstIndex(of: t) ?? 0) + 1
        recalled = 0
        steps.append(
          StepReading(
            mark: .digit(k), text: "round \(r) of \(rounds), input \(k) of \(inputs.count)",
            shows: "input \(r).\(k)"))
      case .delimiter:
        steps.append(StepReading(mark: "|", text: "round \(r): its vectors are over, now recall them"))
      case .output:
        recalled += 1
        steps.append(
          .recall(
            recalled, of: inputs,
            text: "round \(r), output \(recalled) of \(inputs.count): input \(r).\(recalled)"))
      }
    }
    let lengths = roundInputs.map { String($0.count) }.joined(separator: ", ")
    return EpisodeReading(
      steps: steps,
      summary: "\(rounds) round\(rounds == 1 ? "" : "s") of \(lengths) vectors, each recalled right after it")
  }
}
