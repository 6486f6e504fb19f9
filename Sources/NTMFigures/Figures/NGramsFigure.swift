import NTM

/// Dynamic n-grams against the Bayes-optimal estimator, in two charts: for one sequence, the
/// machine's and the estimator's probability that the next bit is 1, step by step (after the
/// paper's Figure 13); and over many sequences, the mean cost at each step, which falls for both
/// as the counts of each context fill up. The gap between the curves is what the machine has
/// not learned to count.
///
/// ```swift
/// let figure = try NGramsFigure(measurement: Measurement(sequences: 1_000)).make(model)
/// ```
public struct NGramsFigure: Sendable {
  /// Bits per sequence (the task's size knob).
  public var length: Int
  /// The mean costs are measured on `measurement.sequences` sequences; the first is drawn.
  public var measurement: Measurement
  /// Steps averaged into each point of the cost chart, to tame the noise of single steps.
  public var block: Int

  public init(length: Int = 200, measurement: Measurement = Measurement(), block: Int = 10) {
    self.length = length
    self.measurement = measurement
    self.block = block
  }

  public func make(_ model: FigureModel) throws -> Figure {
    let (sequences, seed, threads) = (measurement.sequences, measurement.seed, measurement.threads)
    try FigureName.dynamicNGrams.check(model)
    guard let task = model.task as? DynamicNGramsTask else {
      throw FigureError.invalid("dynamic-ngrams: \(model.label) holds no n-gram task")
    }
    guard sequences >= 1 else { throw FigureError.invalid("dynamic-ngrams: --sequences must be at least 1") }
    let episodes = try Evaluation.episodes(task, size: length, count: sequences, seed: seed)

    let first = episodes[0]
    let records = Machine.run(model.parameters, inputs: first.inputs)
    let steps = (0..<first.length).map(Double.init)
    func points(_ values: [Float]) -> [ChartPoint] { zip(steps, values).map { ChartPoint($0, Double($1)) } }
    let predictions = LineChart(
      title: "One sequence: P(next bit = 1)",
      x: .fitting(steps, label: "time step"),
      y: ChartAxis(label: "probability", domain: 0...1, ticks: [0, 0.25, 0.5, 0.75, 1]),
      series: [
        Series(name: "machine", points: points(records.map { $0.output[0] })),
        Series(name: "Bayes-optimal", points: points(task.optimalPredictions(for: first))),
        Series(name: "next bit", points: points(first.targets.map { $0[0] }), style: .markers),
      ])

    let machine = Evaluation.meanCostPerStep(.ntm(model.parameters), episodes: episodes, threads: threads)
      .map(
        \.bits)
    var optimal = [Double](repeating: 0, count: length)
    for e in episodes {
      for (t, cost) in task.optimalCostPerStep(for: e).enumerated() { optimal[t] += cost / Double(sequences) }
    }
    let blocks = stride(from: 0, to: length, by: max(1, block)).map { $0..<min($0 + max(1, block), length) }
    func blockMeans(_ costs: [Double]) -> [ChartPoint] {
      blocks.map { b in
        ChartPoint(Double(b.lowerBound + b.upperBound - 1) / 2, costs[b].reduce(0, +) / Double(b.count))
      }
    }
    let costs = LineChart(
      title: "Cost per step, mean over \(NoteFormat.sequences(sequences))",
      x: .fitting(steps, label: "time step (means of \(block) steps)"),
      y: .fitting(
        blockMeans(machine).map(\.y) + blockMeans(optimal).map(\.y), label: "bits per step", includeZero: true
      ),
      series: [
        Series(name: "machine", points: blockMeans(machine), style: .lineAndMarkers),
        Series(name: "Bayes-optimal", points: blockMeans(optimal), style: .lineAndMarkers),
      ])

    let (machineTotal, optimalTotal) = (machine.reduce(0, +), optimal.reduce(0, +))
    return Figure(
      title: "Dynamic n-grams: the machine against the Bayes-optimal estimator",
      rows: [[.chart(predictions), .chart(costs)]],
      notes: [
        "\(model.label). Each sequence draws a fresh table of \(task.contextCount) contexts, P(1) ~ Beta(½, ½) each; the optimal estimator predicts (N₁ + ½)/(N₀ + N₁ + 1) from the counts so far.",
        "Cost per sequence of \(length) bits, mean over \(NoteFormat.sequences(sequences)) (seed \(seed)): machine \(NoteFormat.mean(machineTotal)) bits, optimal \(NoteFormat.mean(optimalTotal)) bits, \(NoteFormat.mean(machineTotal - optimalTotal)) bits above the optimum.",
      ])
  }
}
