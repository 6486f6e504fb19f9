import NTM

/// What the viewer shows of a model training in the background (`ntm view --train`).
public struct TrainingStatus: Sendable, Equatable {
  /// The version of the trainer's snapshot the viewer last adopted.
  public var version = 0
  /// Validation cost in bits per sequence, per validation: the learning curve.
  public var curve: [Double] = []
  public var sequencesSeen = 0
  public var throughput = 0.0
  public var isPaused = false
  public var lastValidation: SequenceCost?
  public var failure: String?
  /// Where the last save went, for the status line.
  public var savedTo: String?

  public init() {}
}

/// A side effect that `update` asks for and the command running the screen carries out:
/// the state stays a value, and the trainer thread is touched in one place.
public enum ViewerCommand: Sendable, Equatable {
  case setTrainingPaused(Bool)
  case saveCheckpoint
}

extension ViewerState {
  /// Shows newly trained parameters on the same sequence at the same step (recomputed with
  /// the new weights, since they changed what every step computes).
  public mutating func adopt(
    _ parameters: MachineParameters<Float>, sequencesSeen: Int, version: Int, curve: [Double],
    throughput: Double,
    lastValidation: SequenceCost?, failure: String?
  ) {
    guard var status = training else { return }
    status.curve = curve
    status.sequencesSeen = sequencesSeen
    status.throughput = throughput
    status.lastValidation = lastValidation
    status.failure = failure
    if version != status.version {
      status.version = version
      replaceParameters(parameters, sequencesSeen: sequencesSeen)
    }
    training = status
  }
}

/// The learning curve as a sparkline with the numbers beside it.
struct TrainingPanel {
  let state: ViewerState

  func render(into grid: inout CellGrid, in rect: Rect, theme: Theme) {
    guard let t = state.training else { return }
    let title = t.isPaused ? "Training (paused)" : "Training"
    let inner = Panel(title: title).render(into: &grid, in: rect, theme: theme)
    var lines: [Label] = [
      Label("\(t.sequencesSeen) sequences · \(Int(t.throughput)) seq/s"),
      Label(
        t.lastValidation.map {
          "validation \(NumberFormat.fixed(Float($0.bits), decimals: 2)) bits · \(NumberFormat.fixed(Float($0.bitErrors), decimals: 2)) wrong bits"
        } ?? "validation: not yet", style: theme.accent),
    ]
    if let failure = t.failure { lines.append(Label("stopped: \(failure)", style: theme.error)) }
    if let saved = t.savedTo { lines.append(Label("saved \(saved)", style: theme.muted)) }
    lines.append(Label("p pause/resume · s save", style: theme.muted))
    var y = inner.y
    for line in lines where y < inner.maxY {
      line.render(into: &grid, in: Rect(x: inner.x, y: y, width: inner.width, height: 1), theme: theme)
      y += 1
    }
    let chart = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y)
    guard !chart.isEmpty, !t.curve.isEmpty else { return }
    grid.write("bits per sequence (validation)", x: chart.x, y: chart.y, style: theme.muted, clip: chart)
    Sparkline(values: t.curve.map(Float.init), logarithmic: true, style: theme.accent).render(
      into: &grid, in: Rect(x: chart.x, y: chart.y + 1, width: chart.width, height: min(1, chart.height - 1)),
      theme: theme)
  }
}
