extension TaskGenerator {
  public func retargeted(_ episode: Episode) -> Episode? { nil }
}

extension CopyTask {
  /// The output steps copy the input steps' vectors, in order.
  public func retargeted(_ episode: Episode) -> Episode? {
    var result = episode
    let vectors = episode.indices(of: .input).map { Array(episode.inputs[$0][0..<vectorWidth]) }
    for (k, t) in episode.indices(of: .output).enumerated() where k < vectors.count {
      result.targets[t] = vectors[k]
    }
    return result
  }
}

extension MemoryReuseTask {
  /// Each round's recall steps copy that round's input steps, in order.
  public func retargeted(_ episode: Episode) -> Episode? {
    var result = episode
    var round: [[Float]] = []
    var recalled = 0
    for t in episode.inputs.indices {
      switch episode.phases[t] {
      case .input:
        if recalled > 0 { (round, recalled) = ([], 0) }  // the first vector of the next round
        round.append(Array(episode.inputs[t][0..<vectorWidth]))
      case .delimiter: break
      case .output:
        if recalled < round.count { result.targets[t] = round[recalled] }
        recalled += 1
      }
    }
    return result
  }
}

extension RepeatCopyTask {
  /// The output steps repeat the input vectors, then the last one holds the end marker.
  public func retargeted(_ episode: Episode) -> Episode? {
    var result = episode
    let vectors = episode.indices(of: .input).map { Array(episode.inputs[$0][0..<vectorWidth]) }
    guard !vectors.isEmpty else { return result }
    let outputs = episode.indices(of: .output)
    for (k, t) in outputs.dropLast().enumerated() { result.targets[t] = vectors[k % vectors.count] + [0] }
    return result
  }
}

extension BalancedParenthesesTask {
  /// Each step's target is whether the prefix so far is balanced.
  public func retargeted(_ episode: Episode) -> Episode? {
    var result = episode
    let balanced = Self.balancedPrefixes(episode.inputs.map { $0[0] > 0.5 })
    for t in balanced.indices { result.targets[t] = [balanced[t] ? 1 : 0] }
    return result
  }
}

extension Episode {
  /// The steps of one phase, in order.
  func indices(of phase: Phase) -> [Int] { phases.indices.filter { phases[$0] == phase } }
}
