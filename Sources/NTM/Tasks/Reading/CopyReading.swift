extension CopyTask {
  /// Inputs numbered 1…L, the delimiter, and each output step naming the input it reproduces.
  public func reading(of episode: Episode) -> EpisodeReading {
    let inputs = episode.indices(of: .input)
    var steps: [StepReading] = []
    var output = 0
    for t in 0..<episode.length {
      switch episode.phases[t] {
      case .input: steps.append(.input((inputs.firstIndex(of: t) ?? 0) + 1, of: inputs.count))
      case .delimiter:
        steps.append(StepReading(mark: "|", text: "delimiter: the input is over, now copy it back"))
      case .output:
        output += 1
        steps.append(
          .recall(output, of: inputs, text: "output \(output) of \(inputs.count): input \(output)"))
      }
    }
    return EpisodeReading(steps: steps, summary: "\(inputs.count) inputs, to be copied back in order")
  }
}

extension RepeatCopyTask {
  /// Inputs numbered 1…L, the repeat count, each output step naming its pass and the input it
  /// reproduces, and the end marker.
  public func reading(of episode: Episode) -> EpisodeReading {
    let inputs = episode.indices(of: .input)
    let outputs = episode.indices(of: .output)
    let control = episode.indices(of: .delimiter).first.map { episode.inputs[$0][repeatChannel] } ?? 0
    let repeats = Int((control * Float(maxRepeats)).rounded())
    var steps: [StepReading] = []
    for t in 0..<episode.length {
      switch episode.phases[t] {
      case .input: steps.append(.input((inputs.firstIndex(of: t) ?? 0) + 1, of: inputs.count))
      case .delimiter:
        steps.append(
          StepReading(
            mark: "×", emphasis: .strong,
            text: "repeat count \(repeats) (channel value \(control)): copy the input \(repeats) times"))
      case .output:
        let j = outputs.firstIndex(of: t)!
        if j == outputs.count - 1 {
          steps.append(StepReading(mark: "e", emphasis: .strong, text: "end marker: the copies are done"))
        } else {
          let k = j % max(inputs.count, 1) + 1
          steps.append(
            StepReading(
              mark: .digit(k),
              text: "pass \(j / max(inputs.count, 1) + 1) of \(repeats), output \(k): input \(k)",
              expects: inputs.isEmpty ? nil : inputs[k - 1]))
        }
      }
    }
    return EpisodeReading(
      steps: steps, summary: "\(inputs.count) inputs, \(repeats) repeats, then the end marker")
  }
}

extension StepReading {
  /// The k-th recall step (1-based) of vectors presented at the steps `inputs`: it expects the
  /// k-th of them.
  static func recall(_ k: Int, of inputs: [Int], text: String) -> StepReading {
    StepReading(mark: .digit(k), text: text, expects: k <= inputs.count ? inputs[k - 1] : nil)
  }

  /// The k-th of n input vectors (1-based), named "input k" for the heads that store and fetch it.
  static func input(_ k: Int, of n: Int) -> StepReading {
    StepReading(mark: .digit(k), text: "input \(k) of \(n)", shows: "input \(k)")
  }
}
