extension AssociativeRecallTask {
  /// Items numbered 1…I with their vectors (item 2.1, 2.2, …), the query between its
  /// delimiters, and the answer: the item after the query's match, marked.
  public func reading(of episode: Episode) -> EpisodeReading {
    // Item vectors in order; the query's vectors follow the first query delimiter.
    var itemSteps: [[Int]] = []
    var querySteps: [Int] = []
    var inQuery = false
    for t in 0..<episode.length {
      let x = episode.inputs[t]
      if episode.phases[t] == .delimiter {
        if x[queryDelimiterChannel] > 0.5 {
          inQuery = true
        } else {
          itemSteps.append([])
        }
      } else if episode.phases[t] == .input {
        if inQuery {
          querySteps.append(t)
        } else if !itemSteps.isEmpty {
          itemSteps[itemSteps.count - 1].append(t)
        }
      }
    }
    let queryVectors = querySteps.map { episode.inputs[$0] }
    let match = itemSteps.firstIndex { $0.map { episode.inputs[$0] } == queryVectors }
    let answer = match.map { $0 + 1 }.flatMap { itemSteps.indices.contains($0) ? $0 : nil }
    var steps: [StepReading] = []
    var seenQueryDelimiters = 0
    var item = 0
    var output = 0
    for t in 0..<episode.length {
      switch episode.phases[t] {
      case .delimiter where episode.inputs[t][queryDelimiterChannel] > 0.5:
        seenQueryDelimiters += 1
        steps.append(
          StepReading(
            mark: "?", emphasis: .strong,
            text: seenQueryDelimiters == 1
              ? "query delimiter: the query item follows" : "query delimiter: now answer"))
      case .delimiter:
        item += 1
        steps.append(
          StepReading(mark: "|", text: "item delimiter: item \(item) of \(itemSteps.count) follows"))
      case .input where seenQueryDelimiters > 0:
        let v = (querySteps.firstIndex(of: t) ?? 0) + 1
        steps.append(
          StepReading(
            mark: "q", emphasis: .strong,
            text: "query vector \(v) of \(itemLength): item \(match.map { String($0 + 1) } ?? "?") again"))
      case .input where item == 0:
        steps.append(StepReading(text: "input before any item delimiter"))
      case .input:
        let v = (itemSteps[item - 1].firstIndex(of: t) ?? 0) + 1
        let role = item - 1 == match ? " (the query's match)" : (item - 1 == answer ? " (the answer)" : "")
        steps.append(
          StepReading(
            mark: .digit(item), emphasis: role.isEmpty ? .plain : .strong,
            text: "item \(item) of \(itemSteps.count), vector \(v) of \(itemLength)\(role)",
            shows: "item \(item).\(v)"))
      case .output:
        output += 1
        let expected = answer.flatMap {
          itemSteps[$0].indices.contains(output - 1) ? itemSteps[$0][output - 1] : nil
        }
        steps.append(
          StepReading(
            mark: "a", emphasis: .strong,
            text:
              "answer vector \(output) of \(itemLength): item \(answer.map { String($0 + 1) } ?? "?").\(output)",
            expects: expected))
      }
    }
    var reading = EpisodeReading(
      steps: steps,
      summary: match.map { "query: item \($0 + 1) · answer: item \($0 + 2), the item after it" }
        ?? "the query matches no item")
    if let match {
      reading.markedSteps = itemSteps[match]
      reading.markedName = "query's match"
    }
    return reading
  }
}
