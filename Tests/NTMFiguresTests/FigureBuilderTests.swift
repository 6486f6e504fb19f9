import Foundation
import NTM
import NTMFigures
import Testing

/// Each figure built from a small untrained machine: its panels hold the numbers the library
/// computes for the same sequences, and a model of the wrong task is refused by name.
@Suite struct FigureBuilderTests {
  func matrices(_ figure: Figure) -> [MatrixPlot] {
    figure.panels.compactMap { if case .matrix(let m) = $0 { m } else { nil } }
  }

  func charts(_ figure: Figure) -> [LineChart] {
    figure.panels.compactMap { if case .chart(let c) = $0 { c } else { nil } }
  }

  /// The figure's SVG parses as XML and holds every panel, in order, each with both axes, and
  /// each chart with one group per series.
  func checkSVG(_ figure: Figure) throws {
    let tree = try SVGTree(figure.svg())
    let panels = try tree.elements("g", class: "panel")
    let drawn = figure.panels.filter { $0 != .empty }
    #expect(panels.count == drawn.count)
    for (element, panel) in zip(panels, drawn) {
      #expect(try tree.elements("g", class: "x", in: element).count == 1)
      #expect(try tree.elements("g", class: "y", in: element).count == 1)
      let title = try tree.elements("text", class: "panel-title", in: element).first?.text
      switch panel {
      case .matrix(let m): #expect(title == m.title)
      case .chart(let c):
        #expect(title == c.title)
        #expect(try tree.elements("g", class: "series", in: element).count == c.series.count)
      case .empty: break
      }
    }
  }

  @Test func copyShowsTargetsAndOutputsOfTheMeasuredSequences() throws {
    let model = try TinyModel.make("copy")
    let figure = try CopyFigure(lengths: [3, 5], measurement: Measurement(sequences: 4, seed: 7)).make(model)
    try checkSVG(figure)
    let panels = matrices(figure)
    #expect(
      panels.map(\.title).map { $0.components(separatedBy: ",")[0] } == [
        "Length 3: targets", "Length 5: targets", "outputs", "outputs",
      ])
    // The drawn sequence is the first of those the means are measured on.
    let episode = try Evaluation.episodes(model.task, size: 5, count: 1, seed: 7)[0]
    let records = Machine.run(model.parameters, inputs: episode.inputs)
    let cost = SequenceCost(records: records, targets: episode.targets, scored: episode.scored)
    let outputs = panels[3]
    #expect(Double(outputs.wrongCount) == cost.bitErrors)
    #expect(outputs.title == "outputs, \(Int(cost.bitErrors)) wrong bit\(cost.bitErrors == 1 ? "" : "s")")
    #expect(outputs.columns.numbers == Array(6...10))
    #expect(outputs.values[2][4] == records[10].output[2])
    #expect(panels[1].values[2][4] == episode.targets[10][2])
    let rows = try Evaluation.table(
      .ntm(model.parameters), task: model.task, sizes: [3, 5], sequences: 4, seed: 7, threads: 1)
    let means = try #require(figure.notes.last)
    #expect(means.contains("mean over 4 sequences per length"))
    #expect(means.contains(String(format: "length 5: %.3f", rows[1].meanBitErrors)))
  }

  @Test func copyPutsLongSequencesInAGridOfTheirOwn() throws {
    let model = try TinyModel.make("copy")
    let figure = try CopyFigure(lengths: [2, 3, 126], measurement: Measurement(sequences: 0)).make(model)
    #expect(figure.grids.map { $0.rows.map(\.count) } == [[2, 2], [1, 1]])
    #expect(figure.notes.count == 1)
  }

  @Test func figuresRefuseAModelOfAnotherTask() throws {
    let recall = try TinyModel.make("associative-recall")
    #expect(
      throws: FigureError.wrongTask(
        figure: .copy, needs: "copy", model: "tiny associative-recall", task: "associative-recall")
    ) {
      try CopyFigure(lengths: [3], measurement: Measurement(sequences: 0)).make(recall)
    }
    let error = FigureError.wrongTask(
      figure: .copy, needs: "copy", model: "m.safetensors", task: "associative-recall")
    #expect(
      error.description
        == "figure copy needs a checkpoint trained on copy; m.safetensors was trained on associative-recall")
    #expect(throws: FigureError.self) {
      try RepeatCopyFigure(measurement: Measurement(sequences: 0)).make(recall)
    }
    #expect(throws: FigureError.self) {
      try NGramsFigure(measurement: Measurement(sequences: 1)).make(recall)
    }
    #expect(throws: FigureError.self) {
      try RecallFigure(measurement: Measurement(sequences: 1)).make([try TinyModel.make("copy")])
    }
  }

  @Test func anUnknownFigureListsTheFigures() {
    #expect(throws: FigureError.unknownFigure("fig4")) { try FigureName(parsing: "fig4") }
    let message = FigureError.unknownFigure("fig4").description
    for name in FigureName.allCases { #expect(message.contains("\n  \(name.rawValue) ")) }
  }

  @Test func weightingsShowEveryHeadOnTheVisitedLocations() throws {
    let model = try TinyModel.make("copy", readHeads: 2, writeHeads: 1)
    let figure = try WeightingsFigure(size: 4, seed: 2, threshold: 0.05).make(model)
    try checkSVG(figure)
    let grid = try #require(figure.grids.first)
    // Inputs | outputs, then per head its vectors and its weightings; the missing second write
    // head leaves its cells empty.
    #expect(grid.rows.count == 5)
    #expect(grid.rows[3][0] == .empty && grid.rows[4][0] == .empty)
    let titles = matrices(figure).map(\.title)
    #expect(titles.contains("write0 add vectors") && titles.contains("read1 read weightings"))
    let episode = try Evaluation.episodes(model.task, size: 4, count: 1, seed: 2)[0]
    let records = Machine.run(model.parameters, inputs: episode.inputs)
    let read1 = try #require(matrices(figure).first { $0.title == "read1 read weightings" })
    // Rows are memory locations, every one some head weighted at least 0.05 at some step.
    for (row, location) in read1.rows.numbers.enumerated() {
      #expect(read1.values[row] == records.map { $0.heads[2].weighting[location] })
    }
    let visited = Set(
      (0..<16).filter { i in records.contains { $0.heads.contains { $0.weighting[i] >= 0.05 } } })
    #expect(visited.isSubset(of: Set(read1.rows.numbers)))
    #expect(read1.columns.numbers == Array(0..<episode.length))
    // Separators where the phase changes: after the 4 inputs and after the delimiter.
    #expect(read1.separators == [4, 5])
  }

  @Test func repeatCopyMarksEachRepetition() throws {
    let model = try TinyModel.make("repeat-copy")
    let figure = try RepeatCopyFigure(
      cases: [.init(length: 3, repeats: 2)], measurement: Measurement(sequences: 2)
    ).make(model)
    try checkSVG(figure)
    let panels = matrices(figure)
    #expect(panels.count == 2)
    #expect(panels[0].separators == [3, 6])
    // 3 × 2 outputs and the end marker's step, 8 bits and the end marker.
    #expect(panels[0].columnCount == 7 && panels[0].rowCount == 9)
    #expect(panels[0].values[8] == [0, 0, 0, 0, 0, 0, 1])
    #expect(figure.notes.last?.contains("3 × 2:") == true)
  }

  @Test func recallPlotsTheEvaluationTable() throws {
    let a = try TinyModel.make("associative-recall")
    var b = a
    b.parameters = Parameters(configuration: a.parameters.configuration, seed: 9)
    b.label = "other"
    let recall = RecallFigure(items: [2, 3, 4], measurement: Measurement(sequences: 3, seed: 5))
    let figure = try recall.make([a, b])
    try checkSVG(figure)
    let chart = try #require(charts(figure).first)
    #expect(
      chart.series.map(\.name) == [
        "tiny associative-recall: cost", "tiny associative-recall: wrong bits", "other: cost",
        "other: wrong bits",
      ])
    let rows = try Evaluation.table(
      .ntm(b.parameters), task: b.task, sizes: [2, 3, 4], sequences: 3, seed: 5, threads: 1)
    #expect(chart.series[2].points == rows.map { ChartPoint(Double($0.size), $0.meanBits) })
    #expect(chart.series[3].points == rows.map { ChartPoint(Double($0.size), $0.meanBitErrors) })
    #expect(chart.bands == [Band(2...6, label: "trained")])
    #expect(chart.y.domain.lowerBound == 0)
  }

  @Test func nGramsCompareTheMachineWithTheOptimalEstimator() throws {
    let model = try TinyModel.make("dynamic-ngrams", parameters: ["minLength": "20", "maxLength": "20"])
    let ngrams = NGramsFigure(length: 20, measurement: Measurement(sequences: 3, seed: 4), block: 5)
    let figure = try ngrams.make(model)
    try checkSVG(figure)
    let (predictions, costs) = (charts(figure)[0], charts(figure)[1])
    let task = try #require(model.task as? DynamicNGramsTask)
    let episodes = try Evaluation.episodes(task, size: 20, count: 3, seed: 4)
    #expect(
      predictions.series[1].points.map(\.y) == task.optimalPredictions(for: episodes[0]).map(Double.init))
    #expect(predictions.series[2].style == .markers)
    // Four blocks of five steps; their means add up to the optimal cost per sequence.
    #expect(costs.series[1].points.map(\.x) == [2, 7, 12, 17])
    let optimal = episodes.map(task.optimalCostInBits).reduce(0, +) / 3
    #expect(abs(costs.series[1].points.map(\.y).reduce(0, +) * 5 - optimal) < 1e-9)
    let machine = try Evaluation.table(
      .ntm(model.parameters), task: task, sizes: [20], sequences: 3, seed: 4, threads: 1)[0]
    #expect(abs(costs.series[0].points.map(\.y).reduce(0, +) * 5 - machine.meanBits) < 1e-6)
    #expect(figure.notes.last?.contains(String(format: "optimal %.3f bits", optimal)) == true)
  }

  func curve(_ rows: [(Int, Double, Double?)]) -> LearningCurve {
    LearningCurve(
      points: rows.enumerated().map { i, row in
        LearningCurve.Point(
          sequences: row.0, updates: i + 1, seconds: Double(i),
          training: SequenceCost(bits: row.1, bitErrors: row.1 / 2),
          validation: row.2.map { SequenceCost(bits: $0, bitErrors: $0 / 4) })
      })
  }

  @Test func learningCurvesOverlayOneSeriesPerRun() throws {
    let a = LearningCurveRun(
      name: "seed 1", curve: curve([(10, 50, nil), (20, 40, 30), (30, 20, nil), (40, 5, 2)]))
    let b = LearningCurveRun(name: "seed 2", curve: curve([(10, 60, 55), (20, 30, 0.5)]))
    let validation = try LearningCurveFigure().make([a, b])
    try checkSVG(validation)
    let chart = try #require(charts(validation).first)
    #expect(chart.series.map(\.name) == ["seed 1", "seed 2"])
    #expect(chart.series[0].points == [ChartPoint(20, 30), ChartPoint(40, 2)])
    #expect(chart.y.scale == .logarithmic)
    #expect(validation.notes[0].contains("best 2.000 at 40"))

    let training = try LearningCurveFigure(metric: .errors, source: .training, maxPoints: 2).make([a])
    let errors = try #require(charts(training).first)
    // Four rows averaged into two points, each at its block's last sequence count.
    #expect(errors.series[0].points == [ChartPoint(20, 22.5), ChartPoint(40, 6.25)])
    #expect(errors.y.scale == .linear)

    let noValidation = LearningCurveRun(name: "c.csv", curve: curve([(10, 50, nil)]))
    #expect(try charts(LearningCurveFigure().make([a, noValidation]))[0].title.hasPrefix("Training"))
    #expect(throws: FigureError.self) { try LearningCurveFigure(source: .validation).make([noValidation]) }
    #expect(throws: FigureError.self) { try LearningCurveFigure().make([]) }
  }
}
