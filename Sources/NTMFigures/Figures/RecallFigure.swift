import NTM

/// The idea of the paper's Figure 10: associative recall's cost per sequence against the number
/// of items in the list, within and beyond the training range (shaded), for one or several
/// models. Each point is the mean over `sequences` fresh sequences of that many items.
///
/// ```swift
/// let figure = try RecallFigure(measurement: Measurement(sequences: 1_000)).make([model])
/// ```
public struct RecallFigure: Sendable {
  public var items: [Int]
  /// Each point is the mean over `measurement.sequences` sequences.
  public var measurement: Measurement

  public init(items: [Int] = Array(2...20), measurement: Measurement = Measurement()) {
    self.items = items
    self.measurement = measurement
  }

  public func make(_ models: [FigureModel]) throws -> Figure {
    let (sequences, seed, threads) = (measurement.sequences, measurement.seed, measurement.threads)
    guard !items.isEmpty else {
      throw FigureError.invalid("associative-recall: give at least one item count")
    }
    guard sequences >= 1 else {
      throw FigureError.invalid("associative-recall: --sequences must be at least 1")
    }
    var series: [Series] = []
    var notes: [String] = []
    for model in models {
      try FigureName.associativeRecall.check(model)
      let rows = try Evaluation.table(
        .ntm(model.parameters), task: model.task, sizes: items, sequences: sequences, seed: seed,
        threads: threads)
      let prefix = models.count > 1 ? "\(model.label): " : ""
      series.append(
        Series(
          name: prefix + "cost", points: rows.map { ChartPoint(Double($0.size), $0.meanBits) },
          style: .lineAndMarkers))
      series.append(
        Series(
          name: prefix + "wrong bits", points: rows.map { ChartPoint(Double($0.size), $0.meanBitErrors) },
          style: .lineAndMarkers))
      let errorFree = rows.prefix { $0.meanBitErrors == 0 }
      let breakdown =
        errorFree.count == rows.count
        ? "no wrong bits at any count shown"
        : "first wrong bits at \(rows[errorFree.count].size) items (\(NoteFormat.mean(rows[errorFree.count].meanBitErrors)) per sequence)"
      notes.append(
        "\(model.label): "
          + rows.map { "\($0.size): \(NoteFormat.mean($0.meanBits))" }.joined(separator: ", ")
          + " bits per sequence; \(breakdown).")
    }
    let answerBits =
      (models.first?.task as? AssociativeRecallTask).map { " (\($0.itemLength * $0.vectorWidth))" } ?? ""
    let trained = models.first.map { $0.task.trainingSizes } ?? 2...6
    let values = series.flatMap { $0.points.map(\.y) }
    let chart = LineChart(
      title: "Cost per sequence against the number of items",
      x: .fitting(items.map(Double.init), label: "items in the list"),
      y: .fitting(values, label: "bits per sequence", includeZero: true), series: series,
      bands: [
        Band(Double(trained.lowerBound)...Double(trained.upperBound), label: "trained")
      ])
    notes.insert(
      "Each point: the mean over \(NoteFormat.sequences(sequences)) (seed \(seed)). Cost is the cross-entropy of the answer's bits\(answerBits); wrong bits count those on the wrong side of ½.",
      at: 0)
    return Figure(
      title: "Associative recall: generalisation to longer lists (after Graves et al. 2014, Figure 10)",
      rows: [[.chart(chart)]], notes: notes)
  }
}
