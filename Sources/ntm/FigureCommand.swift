import ArgumentParser
import Foundation
import NTM
import NTMFigures
import NTMTerminal

struct FigureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "figure",
    abstract: "Draw one of the paper's figures for a model, as SVG or in the terminal.",
    discussion: """
      Figures:
      \(FigureName.allCases.map { "  \($0.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

      Examples:
        ntm figure copy                                  # the shipped copy model, in the terminal
        ntm figure copy --sequences 1000 --out copy.svg  # as SVG, means over 1,000 sequences
        ntm figure weightings --task repeat-copy --sizes 5
        ntm figure repeat-copy --sizes 10x10,20x10,10x20
        ntm figure associative-recall --checkpoint a.safetensors --checkpoint b.safetensors
        ntm figure learning-curve seed1.csv seed2.csv --out curves.svg
      Without --out the figure is drawn in the terminal (plain text when the output is not one).
      """)

  @Argument(help: "The figure: \(FigureName.allCases.map(\.rawValue).joined(separator: ", ")).")
  var name: String
  @Argument(help: "learning-curve: the CSV files `ntm train --log` wrote, one run each.")
  var files: [String] = []
  @Option(
    help:
      "The checkpoint to draw (default: the shipped model of the figure's task); associative-recall takes several."
  )
  var checkpoint: [String] = []
  @Option(
    help: "weightings: the task whose shipped model to draw when no --checkpoint is given (default copy).")
  var task: String?
  @Option(help: "Write the figure as SVG to this file instead of drawing it in the terminal.") var out:
    String?
  @Option(
    name: [.long, .customLong("lengths"), .customLong("items")],
    help: ArgumentHelp(
      "copy: lengths (10,20,30,50,120); repeat-copy: LENGTHxREPEATS cases (10x10,20x10,10x20); associative-recall: item counts (2-20); weightings, dynamic-ngrams: the one size of the sequence.",
      valueName: "list"))
  var sizes: String?
  @Option(
    help: "Sequences per measured number (the means under copy and repeat-copy, each point of the others).")
  var sequences: Int = 200
  @Option(help: "Seed of the sequences.") var seed: UInt64 = 1
  @Option(help: "learning-curve: bits (cost) or errors (wrong bits).") var metric:
    LearningCurveFigure.Metric = .bits
  @Option(help: "learning-curve: validation or training (default: validation when every file has it).")
  var source: LearningCurveFigure.Source?
  @Option(help: "learning-curve: the y axis, linear or log (default: log for bits, linear for errors).")
  var yScale: ChartAxis.Scale?
  @Option(
    help: "Columns of the terminal picture (default: the terminal's width, or 100 when not a terminal).")
  var width: Int?
  @Option(help: "Worker threads for the measurements (default: all cores).") var threads: Int?

  func validate() throws {
    guard sequences >= 1 else { throw ValidationError("--sequences \(sequences): must be at least 1") }
    if let width, width < 20 { throw ValidationError("--width \(width): must be at least 20") }
    if let threads, threads < 1 { throw ValidationError("--threads \(threads): must be at least 1") }
  }

  func run() throws {
    let figure = try make(try FigureName(parsing: name))
    if let out {
      try OutputFile.write(Data(figure.svg().utf8), to: URL(fileURLWithPath: out))
      note("wrote \(out): \(figure.title)")
    } else {
      let output = InlineOutput.detect(environment: ProcessInfo.processInfo.environment, width: width)
      let grid = FigureView(figure: figure).render(width: output.width, theme: output.theme)
      try Console.write(output.text(grid))
    }
  }

  private func make(_ figure: FigureName) throws -> Figure {
    let threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
    switch figure.source {
    case .curves:
      guard checkpoint.isEmpty, task == nil else {
        throw CommandError("learning-curve draws the CSV files given, not a --checkpoint or --task")
      }
      return try LearningCurveFigure(metric: metric, source: source, yScale: yScale).make(try curves())
    case .model, .anyModel:
      guard files.isEmpty else {
        throw CommandError(
          "figure \(figure.rawValue) takes no files (\(files.joined(separator: ", "))); only learning-curve does"
        )
      }
    }
    let models = try self.models(for: figure)
    if figure != .associativeRecall, models.count > 1 {
      throw CommandError("figure \(figure.rawValue) draws one model; give one --checkpoint")
    }
    let model = models[0]
    let measurement = Measurement(sequences: sequences, seed: seed, threads: threads)
    switch figure {
    case .copy:
      var copy = CopyFigure(measurement: measurement)
      if let lengths = try sizeList() { copy.lengths = lengths }
      return try copy.make(model)
    case .repeatCopy:
      var repeatCopy = RepeatCopyFigure(measurement: measurement)
      if let cases = try repeatCases() { repeatCopy.cases = cases }
      return try repeatCopy.make(model)
    case .associativeRecall:
      var recall = RecallFigure(measurement: measurement)
      if let items = try sizeList() { recall.items = items }
      return try recall.make(models)
    case .dynamicNGrams:
      var ngrams = NGramsFigure(measurement: measurement)
      if let length = try oneSize() { ngrams.length = length }
      return try ngrams.make(model)
    case .weightings:
      return try WeightingsFigure(size: try oneSize(), seed: seed).make(model)
    case .learningCurve:
      preconditionFailure("handled above")
    }
  }

  /// The models to draw: each --checkpoint, or the shipped model of the figure's task.
  private func models(for figure: FigureName) throws -> [FigureModel] {
    let required: String? = if case .model(let task) = figure.source { task.rawValue } else { nil }
    if let task, let required, task != required {
      throw CommandError("figure \(figure.rawValue) draws a \(required) model, not --task \(task)")
    }
    let paths: [String?] = checkpoint.isEmpty ? [nil] : checkpoint
    return try paths.map { path in
      let choice = try ModelChoice.resolve(
        checkpoint: path, task: try (path == nil ? required ?? task : task).map(TaskName.init(parsing:)),
        seed: seed)
      let model = FigureModel(
        parameters: try choice.ntmParameters(for: "ntm figure"), task: try choice.checkpoint.makeTask(),
        label: choice.label)
      try figure.check(model)
      return model
    }
  }

  private func curves() throws -> [LearningCurveRun] {
    guard !files.isEmpty else {
      throw CommandError(
        "learning-curve: give the CSV files `ntm train --log FILE` wrote, e.g. ntm figure learning-curve a.csv b.csv"
      )
    }
    return try files.map { path in
      let text: String
      do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw CommandError("\(path): cannot read the learning curve: \(error.localizedDescription)")
      }
      let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      return LearningCurveRun(name: name, curve: try LearningCurve(csv: text, file: path))
    }
  }

  private func sizeList() throws -> [Int]? {
    try sizes.map { list in
      try list.split(separator: ",").map { item in
        let text = item.trimmingCharacters(in: .whitespaces)
        // A range such as 2-20 stands for every size in it.
        let bounds = text.split(separator: "-").map { Int($0) }
        if bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo <= hi { return Array(lo...hi) }
        guard let value = Int(text), value >= 1 else {
          throw CommandError("--sizes: '\(text)' is not a whole number ≥ 1 or a range such as 2-20")
        }
        return [value]
      }.flatMap { $0 }
    }
  }

  private func oneSize() throws -> Int? {
    guard let list = try sizeList() else { return nil }
    guard list.count == 1 else {
      throw CommandError("--sizes: this figure draws one sequence; give one size")
    }
    return list[0]
  }

  private func repeatCases() throws -> [RepeatCopyFigure.Case]? {
    try sizes.map { list in
      try list.split(separator: ",").map { item in
        let parts = item.lowercased().split(separator: "x").map {
          Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 2, let length = parts[0], let repeats = parts[1], length >= 1, repeats >= 1
        else {
          throw CommandError("--sizes: '\(item)' is not LENGTHxREPEATS, e.g. 20x10")
        }
        return RepeatCopyFigure.Case(length: length, repeats: repeats)
      }
    }
  }

  /// Writes the SVG without ever replacing what is not a regular file.
}

extension LearningCurveFigure.Metric: ExpressibleByArgument {}
extension LearningCurveFigure.Source: ExpressibleByArgument {}
extension ChartAxis.Scale: ExpressibleByArgument {}
