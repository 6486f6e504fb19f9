import NTM

/// Learning curves from `ntm train --log` files, several runs overlaid on one chart: cost per
/// sequence against the number of sequences trained on, as in the paper's Figures 3, 5, 7, 9
/// and 11.
///
/// The validation cost (on the fixed held-out set) is drawn where every run has it; otherwise,
/// or on request, the training cost, whose one row per update is averaged down to at most
/// `maxPoints` points per run.
///
/// ```swift
/// let curve = try LearningCurve(csv: text, file: "seed1.csv")
/// let figure = try LearningCurveFigure().make([LearningCurveRun(name: "seed 1", curve: curve)])
/// ```
public struct LearningCurveFigure: Sendable {
  public enum Metric: String, Sendable, CaseIterable {
    /// Cross-entropy in bits per sequence, the paper's cost.
    case bits
    /// Wrong bits per sequence.
    case errors
  }

  public enum Source: String, Sendable, CaseIterable {
    case validation
    case training
  }

  public var metric: Metric
  /// Nil: validation if every run has it, else training.
  public var source: Source?
  /// Nil: logarithmic for bits, which fall over decades; linear for wrong bits, which reach 0.
  public var yScale: ChartAxis.Scale?
  public var maxPoints: Int

  public init(
    metric: Metric = .bits, source: Source? = nil, yScale: ChartAxis.Scale? = nil, maxPoints: Int = 200
  ) {
    self.metric = metric
    self.source = source
    self.yScale = yScale
    self.maxPoints = maxPoints
  }

  public func make(_ runs: [LearningCurveRun]) throws -> Figure {
    guard !runs.isEmpty else { throw FigureError.invalid("learning-curve: give at least one CSV file") }
    let hasValidation = runs.map { run in run.curve.points.contains { $0.validation != nil } }
    let source = source ?? (hasValidation.allSatisfy { $0 } ? .validation : .training)
    for (run, has) in zip(runs, hasValidation) where source == .validation && !has {
      throw FigureError.invalid(
        "\(run.name) has no validation rows (training validates every --validate-every sequences); use --source training"
      )
    }
    for run in runs where run.curve.points.isEmpty {
      throw FigureError.invalid("\(run.name) has no rows after its header")
    }
    let scale = yScale ?? (metric == .bits ? .logarithmic : .linear)
    let series = runs.map { run in
      Series(name: run.name, points: points(run.curve, source: source), style: .line)
    }
    let ys = series.flatMap { $0.points.map(\.y) }
    let xs = series.flatMap { $0.points.map(\.x) }
    let what = metric == .bits ? "cost (bits per sequence)" : "wrong bits per sequence"
    let chart = LineChart(
      title: "\(source == .validation ? "Validation" : "Training") \(what)",
      x: .fitting(xs, label: "sequences trained on", includeZero: true),
      y: .fitting(ys, label: what, scale: scale, includeZero: scale == .linear), series: series)
    var notes = runs.map { run in summary(run, source: source) }
    if source == .training {
      notes.insert(
        "Training cost: the recent mean per sequence logged at each update, averaged to at most \(maxPoints) points per run.",
        at: 0)
    }
    if scale == .logarithmic, ys.contains(where: { $0 <= 0 }) {
      notes.append("Points at 0 cannot be drawn on the logarithmic axis and are left out.")
    }
    return Figure(title: "Learning curves", rows: [[.chart(chart)]], notes: notes)
  }

  private func value(_ cost: SequenceCost) -> Double { metric == .bits ? cost.bits : cost.bitErrors }

  private func points(_ curve: LearningCurve, source: Source) -> [ChartPoint] {
    switch source {
    case .validation:
      return curve.points.compactMap { p in p.validation.map { ChartPoint(Double(p.sequences), value($0)) } }
    case .training:
      let size = max(1, (curve.points.count + maxPoints - 1) / max(1, maxPoints))
      return stride(from: 0, to: curve.points.count, by: size).map { start in
        let block = curve.points[start..<min(start + size, curve.points.count)]
        let mean = block.reduce(0) { $0 + value($1.training) } / Double(block.count)
        return ChartPoint(Double(block.last!.sequences), mean)
      }
    }
  }

  private func summary(_ run: LearningCurveRun, source: Source) -> String {
    let points = run.curve.points
    let total = points.last.map { NoteFormat.count($0.sequences) } ?? "0"
    let unit = metric == .bits ? "bits" : "wrong bits"
    guard source == .validation else { return "\(run.name): \(total) sequences." }
    let validated = points.compactMap { p in p.validation.map { (p.sequences, value($0)) } }
    guard let last = validated.last, let best = validated.min(by: { $0.1 < $1.1 }) else {
      return "\(run.name): \(total) sequences."
    }
    return
      "\(run.name): \(total) sequences; last validation \(NoteFormat.mean(last.1)) \(unit) per sequence, best \(NoteFormat.mean(best.1)) at \(NoteFormat.count(best.0))."
  }
}

/// One training run's learning curve and its name in the legend.
public struct LearningCurveRun: Sendable {
  public var name: String
  public var curve: LearningCurve

  public init(name: String, curve: LearningCurve) {
    self.name = name
    self.curve = curve
  }
}
