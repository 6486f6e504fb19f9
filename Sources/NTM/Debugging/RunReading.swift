/// The run read in its task's terms: where each presented vector was stored, which one a read
/// head fetches, and one line per step that says it all ("output 3 of 8: input 3 · read0
/// fetches input 3 from location 125 ✓").
extension RecordedRun {
  /// A head is taken to point somewhere when its largest weight is at least this.
  public static let focusThreshold: Float = 0.1

  /// Where a head looks at step t, if it is focused there (weight ≥ `focusThreshold`).
  public func focus(ofHead h: Int, at t: Int) -> Int? {
    guard let focus = measure("focus", ofHead: h, at: t), let weight = measure("weight", ofHead: h, at: t),
      weight >= RecordedRun.focusThreshold
    else { return nil }
    return Int(focus)
  }

  /// The location where the vector presented at step t was written: the focus of the most
  /// focused write head at that step, or nil if the step presents nothing or no write head was
  /// focused.
  public func storageLocation(ofStep t: Int) -> Int? {
    guard reading?.steps[t].shows != nil else { return nil }
    let writes = (0..<writeHeadCount).compactMap { h in
      focus(ofHead: h, at: t).map { (location: $0, weight: measure("weight", ofHead: h, at: t) ?? 0) }
    }
    return writes.max { $0.weight < $1.weight }?.location
  }

  /// What a read head reads at step t: the latest vector presented at or before t that was
  /// stored where the head is focused, as (the step that presented it, its name, the location).
  public func fetch(byHead h: Int, at t: Int) -> (step: Int, name: String, location: Int)? {
    guard let reading, let location = focus(ofHead: h, at: t) else { return nil }
    for s in stride(from: t, through: 0, by: -1) where storageLocation(ofStep: s) == location {
      if let name = reading.steps[s].shows { return (s, name, location) }
    }
    return nil
  }

  /// Step t in the task's words, with the reference predictor beside the machine where the task
  /// has one, and what head h stores or fetches there.
  public func taskLine(at t: Int, head h: Int) -> String {
    guard let reading else { return "t = \(t) · \(episode.phases[t].rawValue)" }
    let step = reading.steps[t]
    var parts = [step.text]
    if !episode.scored[t] { parts.append("output not scored") }
    if let reference = step.reference {
      let model = records[t].output.map { StepCondition.number($0) }.joined(separator: " ")
      let best = reference.output.map { StepCondition.number($0) }.joined(separator: " ")
      parts.append(
        "P(1): model \(model), \(reference.name) \(best) · bits so far: model \(Self.tenths(cost(through: t).bits)), \(reference.name) \(Self.tenths(reference.bitsSoFar))"
      )
    }
    let id = heads[h]
    if id.isWrite, let name = step.shows, let location = focus(ofHead: h, at: t) {
      parts.append("\(id) stores \(name) at location \(location)")
    } else if !id.isWrite {
      if let fetched = fetch(byHead: h, at: t) {
        var text = "\(id) fetches \(fetched.name) from location \(fetched.location)"
        if let expected = step.expects {
          text +=
            fetched.step == expected
            ? " ✓" : " ✗ (expected \(reading.steps[expected].shows ?? "step \(expected)"))"
        }
        parts.append(text)
      } else if let location = focus(ofHead: h, at: t) {
        parts.append("\(id) reads location \(location), where no input was stored")
      }
    }
    return parts.joined(separator: " · ")
  }

  static func tenths(_ x: Double) -> String { String((x * 10).rounded() / 10) }
}

extension StepRecord {
  /// Head `index`, counting write heads first (as `heads` does, without building that array).
  public func head(at index: Int) -> HeadRecord<Scalar> {
    index < writeHeads.count ? writeHeads[index] : readHeads[index - writeHeads.count]
  }

  /// The memory a head addressed in this step: Mₜ₋₁ for a write head (the writes come after
  /// its addressing), Mₜ for a read head (which reads what this step wrote).
  public func addressedMemory(by head: HeadID) -> Matrix<Scalar> { head.isWrite ? memoryBefore : memoryAfter }
}
