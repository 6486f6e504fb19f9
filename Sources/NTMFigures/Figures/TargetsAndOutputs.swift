import NTM

/// The scored steps of one run beside their targets, channel by channel: the panels of the
/// paper's Figures 4 and 8. A bit is wrong when the output is on the other side of ½ from its
/// target, as `SequenceCost` counts it.
struct TargetsAndOutputs {
  /// The scored time steps, in order.
  var steps: [Int]
  /// `targets[channel][k]` and `outputs[channel][k]` for the kth scored step.
  var targets: [[Float]]
  var outputs: [[Float]]
  var wrong: [[Bool]]

  init(_ episode: Episode, parameters: Parameters<Float>) {
    let records = Machine.run(parameters, inputs: episode.inputs)
    let steps = episode.scored.indices.filter { episode.scored[$0] }
    let channels = 0..<parameters.configuration.outputWidth
    self.steps = steps
    targets = channels.map { c in steps.map { episode.targets[$0][c] } }
    outputs = channels.map { c in steps.map { records[$0].output[c] } }
    wrong = channels.map { c in
      steps.map { t in (records[t].outputLogits[c] > 0) != (episode.targets[t][c] > 0.5) }
    }
  }

  var wrongCount: Int { wrong.reduce(0) { $0 + $1.filter { $0 }.count } }

  /// The targets' and the outputs' panels, titled `title` and `outputTitle`.
  func panels(title: String, outputTitle: String, rowLabel: String = "bit", separators: [Int] = [])
    -> (targets: MatrixPlot, outputs: MatrixPlot)
  {
    let rows = IndexAxis(label: rowLabel, count: targets.count)
    let columns = IndexAxis(label: "time step", numbers: steps)
    return (
      MatrixPlot(
        title: title, values: targets, scale: .unit, rows: rows, columns: columns, separators: separators),
      MatrixPlot(
        title: outputTitle, values: outputs, scale: .unit, rows: rows, columns: columns, wrong: wrong,
        separators: separators)
    )
  }
}
