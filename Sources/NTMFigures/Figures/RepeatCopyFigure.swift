import NTM

/// The paper's Figure 8: a repeat copy model's outputs against their targets for sequences
/// longer than it was trained on, and for more repeats. Separators mark where each repetition
/// starts; the last column is the end marker's step.
///
/// ```swift
/// let figure = try RepeatCopyFigure(cases: [.init(length: 20, repeats: 10)]).make(model)
/// ```
public struct RepeatCopyFigure: Sendable {
  /// A sequence length and a repeat count.
  public struct Case: Sendable, Equatable {
    public var length: Int
    public var repeats: Int

    public init(length: Int, repeats: Int) {
      self.length = length
      self.repeats = repeats
    }
  }

  public var cases: [Case]
  /// The mean wrong bits in the notes are measured on `measurement.sequences` sequences per
  /// case (none with 0); the first of them is drawn.
  public var measurement: Measurement

  /// The paper's test: the longest trained case, twice the length, and twice the repeats.
  public static let paperCases = [
    Case(length: 10, repeats: 10), Case(length: 20, repeats: 10), Case(length: 10, repeats: 20),
  ]

  public init(cases: [Case] = paperCases, measurement: Measurement = Measurement()) {
    self.cases = cases
    self.measurement = measurement
  }

  public func make(_ model: FigureModel) throws -> Figure {
    let (sequences, seed, threads) = (measurement.sequences, measurement.seed, measurement.threads)
    try FigureName.repeatCopy.check(model)
    guard !cases.isEmpty else { throw FigureError.invalid("repeat-copy: give at least one case, e.g. 20x10") }
    var rows: [[FigurePanel]] = []
    var means: [String] = []
    for c in cases {
      let episode = try Evaluation.episodes(
        model.task, size: c.length, repeats: c.repeats, count: 1, seed: seed)[0]
      let run = TargetsAndOutputs(episode, parameters: model.parameters)
      let name = "Length \(c.length), \(c.repeats) repeats"
      let (targets, outputs) = run.panels(
        title: "\(name): targets", outputTitle: "\(name): outputs, \(NoteFormat.wrongBits(run.wrongCount))",
        rowLabel: "bit", separators: (1...c.repeats).map { $0 * c.length })
      rows += [[.matrix(targets)], [.matrix(outputs)]]
      if sequences > 0 {
        let row = try Evaluation.table(
          .ntm(model.parameters), task: model.task, sizes: [c.length], repeats: [c.repeats],
          sequences: sequences,
          seed: seed, threads: threads)[0]
        means.append("\(c.length) × \(c.repeats): \(NoteFormat.mean(row.meanBitErrors))")
      }
    }
    var notes = [
      "\(model.label), \(trainingRange(model.task)). One sequence per case (seed \(seed)); bit \(model.task.outputWidth - 1) is the end marker, due on the last step only. Vertical lines mark where each repetition starts. A red cell is a bit on the wrong side of ½."
    ]
    if sequences > 0 {
      notes.append(
        "Wrong bits per sequence, mean over \(NoteFormat.sequences(sequences)) per case: "
          + means.joined(separator: ", ") + ".")
    }
    return Figure(
      title:
        "Repeat copy: generalisation to longer sequences and more repeats (Graves et al. 2014, Figure 8)",
      rows: rows, notes: notes)
  }

  private func trainingRange(_ task: any TaskGenerator) -> String {
    guard let repeatCopy = task as? RepeatCopyTask else { return "" }
    let l = repeatCopy.trainingSizes
    let r = repeatCopy.trainingRepeats
    return "trained on lengths \(l.lowerBound)–\(l.upperBound) with \(r.lowerBound)–\(r.upperBound) repeats"
  }
}
