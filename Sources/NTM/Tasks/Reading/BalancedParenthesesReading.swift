extension BalancedParenthesesTask {
  /// The brackets as ( and ), the running depth, and the step where the prefix became
  /// unbalanced for good (a ")" with nothing to close).
  public func reading(of episode: Episode) -> EpisodeReading {
    var depth = 0
    var brokenAt: Int?
    var depths: [Int] = []
    var steps: [StepReading] = []
    for t in 0..<episode.length {
      let open = episode.inputs[t][0] > 0.5
      if brokenAt == nil {
        depth += open ? 1 : -1
        if depth < 0 { brokenAt = t }
      }
      depths.append(brokenAt == nil ? depth : -1)
      let state: String
      if let brokenAt {
        state =
          brokenAt == t ? "nothing to close: unbalanced from here on" : "unbalanced since step \(brokenAt)"
      } else {
        state = depth == 0 ? "depth 0: balanced" : "depth \(depth): \(depth) open"
      }
      steps.append(
        StepReading(
          mark: open ? "(" : ")", emphasis: brokenAt == t ? .error : .plain,
          text: "bracket \(t + 1) \(open ? "(" : ")") · \(state)"))
    }
    let summary: String
    if let brokenAt {
      summary = "unbalanced from step \(brokenAt) on"
    } else {
      summary = depth == 0 ? "balanced as a whole" : "ends with \(depth) unclosed"
    }
    var reading = EpisodeReading(steps: steps, summary: summary)
    reading.series = ("depth", depths)
    return reading
  }
}
