import NTM

/// The paper's Figure 4: a copy model's outputs against their targets at several lengths, in
/// and far beyond the training range, side by side.
///
/// Each column is one sequence: the first of the `sequences` that the note's means are measured
/// on, so the picture is one of the measured cases and not a lucky draw.
///
/// ```swift
/// let figure = try CopyFigure(measurement: Measurement(sequences: 1_000)).make(model)
/// ```
public struct CopyFigure: Sendable {
  public var lengths: [Int]
  /// The mean wrong bits in the notes are measured on `measurement.sequences` sequences per
  /// length (none with 0); the first of them is drawn.
  public var measurement: Measurement

  public init(lengths: [Int] = [10, 20, 30, 50, 120], measurement: Measurement = Measurement()) {
    self.lengths = lengths
    self.measurement = measurement
  }

  public func make(_ model: FigureModel) throws -> Figure {
    let (sequences, seed, threads) = (measurement.sequences, measurement.seed, measurement.threads)
    try FigureName.copy.check(model)
    guard !lengths.isEmpty else { throw FigureError.invalid("copy: give at least one length") }
    var targetRow: [FigurePanel] = []
    var outputRow: [FigurePanel] = []
    for length in lengths {
      let episode = try Evaluation.episodes(model.task, size: length, count: 1, seed: seed)[0]
      let run = TargetsAndOutputs(episode, parameters: model.parameters)
      let (targets, outputs) = run.panels(
        title: "Length \(length): targets", outputTitle: "outputs, \(NoteFormat.wrongBits(run.wrongCount))")
      targetRow.append(.matrix(targets))
      outputRow.append(.matrix(outputs))
    }
    let trained = model.task.trainingSizes
    var notes = [
      "\(model.label), trained on lengths \(trained.lowerBound)–\(trained.upperBound). For each length, the targets of one sequence (seed \(seed)) above the machine's outputs, the probability of each bit being 1. A red cell is a bit on the wrong side of ½."
    ]
    if sequences > 0 {
      let rows = try Evaluation.table(
        .ntm(model.parameters), task: model.task, sizes: lengths, sequences: sequences, seed: seed,
        threads: threads
      )
      notes.append(
        "Wrong bits per sequence, mean over \(NoteFormat.sequences(sequences)) per length: "
          + rows.map { "length \($0.size): \(NoteFormat.mean($0.meanBitErrors))" }.joined(separator: ", ")
          + ".")
    }
    // Lengths side by side while they total at most 128 steps, then a new grid: long sequences
    // get the width, and short ones are not squeezed beside them.
    let grids = packedLines(lengths, capacity: 128).map { group in
      PanelGrid(rows: [group.map { targetRow[$0] }, group.map { outputRow[$0] }])
    }
    return Figure(
      title: "Copy: outputs against targets (Graves et al. 2014, Figure 4)", grids: grids, notes: notes)
  }
}
