extension PrioritySortTask {
  /// Each input's priority and rank, and each output step naming the input it should produce,
  /// highest priority first.
  public func reading(of episode: Episode) -> EpisodeReading {
    let inputs = episode.indices(of: .input)
    let priorities = inputs.map { episode.inputs[$0][priorityChannel] }
    // The task's own order: priority descending, ties in input order.
    let order = inputs.indices.sorted {
      priorities[$0] != priorities[$1] ? priorities[$0] > priorities[$1] : $0 < $1
    }
    let outputs = episode.indices(of: .output)
    var rank = [Int](repeating: 0, count: inputs.count)
    for (r, k) in order.enumerated() { rank[k] = r + 1 }
    var steps: [StepReading] = []
    var output = 0
    for t in 0..<episode.length {
      switch episode.phases[t] {
      case .input:
        let k = inputs.firstIndex(of: t) ?? 0
        let fate =
          rank[k] <= outputs.count
          ? "rank \(rank[k]): output \(rank[k])" : "rank \(rank[k]) of \(inputs.count): not asked for"
        steps.append(
          StepReading(
            mark: .digit(k + 1),
            text: "input \(k + 1) of \(inputs.count) · priority \(Self.format(priorities[k])) · \(fate)",
            shows: "input \(k + 1)"))
      case .delimiter:
        steps.append(
          StepReading(mark: "|", text: "delimiter: now the \(outputs.count) highest, highest first"))
      case .output where output >= order.count:
        steps.append(StepReading(text: "output beyond the \(order.count) inputs"))
      case .output:
        let k = order[output]
        output += 1
        steps.append(
          StepReading(
            mark: .digit(k + 1),
            text:
              "output \(output) of \(outputs.count): input \(k + 1) (priority \(Self.format(priorities[k])))",
            expects: inputs[k]))
      }
    }
    let expected = order.prefix(outputs.count).map { String($0 + 1) }.joined(separator: " ")
    return EpisodeReading(steps: steps, summary: "expected order: inputs \(expected)")
  }

  /// A priority to two decimals with a sign: "−0.53", "+0.91".
  static func format(_ p: Float) -> String {
    let rounded = (abs(p) * 100).rounded() / 100
    var text = String(rounded)
    if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
    return (p < 0 ? "−" : "+") + text
  }
}
