import NTM

/// The paper's Figure 6 for any task: over the steps of one sequence, on the left the inputs,
/// each write head's add vectors and its weighting over memory; on the right the outputs, each
/// read head's read vectors and its weighting. For copy it shows the algorithm the paper
/// describes: the write head steps through memory as the inputs arrive, the read head retraces
/// the same locations as the outputs are produced.
///
/// Memory is cropped to the locations some head gave at least `threshold` of its weight at
/// some step (a run that may wrap round the end of memory), the same rows for every head so
/// that writing and reading line up.
///
/// ```swift
/// let figure = try WeightingsFigure(size: 20).make(model)
/// ```
public struct WeightingsFigure: Sendable {
  /// The task's size knob for the sequence (its largest training size if nil).
  public var size: Int?
  public var seed: UInt64
  public var threshold: Float

  public init(size: Int? = nil, seed: UInt64 = 1, threshold: Float = 0.05) {
    self.size = size
    self.seed = seed
    self.threshold = threshold
  }

  public func make(_ model: FigureModel) throws -> Figure {
    let task = model.task
    let size = size ?? task.trainingSizes.upperBound
    let episode = try Evaluation.episodes(task, size: size, count: 1, seed: seed)[0]
    let records = Machine.run(model.parameters, inputs: episode.inputs)
    let c = model.parameters.configuration
    let steps = episode.length
    let time = IndexAxis(label: "time step", count: steps)
    let separators = (1..<steps).filter { episode.phases[$0] != episode.phases[$0 - 1] }

    let visited = (0..<c.memoryLocations).filter { i in
      records.contains { r in r.heads.contains { $0.weighting[i] >= threshold } }
    }
    let span = LocationSpan(covering: visited, locations: c.memoryLocations)
    let locations = IndexAxis(label: "location", numbers: span.members)
    func weightings(_ head: Int) -> [[Float]] {
      span.members.map { i in records.map { $0.heads[head].weighting[i] } }
    }
    func transposed(_ vectors: [[Float]]) -> [[Float]] {
      (0..<(vectors.first?.count ?? 0)).map { j in vectors.map { $0[j] } }
    }
    func plot(_ title: String, _ values: [[Float]], _ scale: MatrixPlot.Scale, rows: IndexAxis)
      -> FigurePanel
    {
      .matrix(
        MatrixPlot(
          title: title, values: values, scale: scale, rows: rows, columns: time, separators: separators))
    }

    let outputs = TargetsAndOutputs(episode, parameters: model.parameters)
    var left: [FigurePanel] = [
      plot(
        "Inputs", transposed(episode.inputs), .unit, rows: IndexAxis(label: "channel", count: c.inputWidth))
    ]
    var right: [FigurePanel] = [
      plot(
        "Outputs (\(NoteFormat.wrongBits(outputs.wrongCount)))", transposed(records.map(\.output)), .unit,
        rows: IndexAxis(label: "channel", count: c.outputWidth))
    ]
    let components = IndexAxis(label: "component", count: c.memoryWidth)
    for w in 0..<c.writeHeads {
      let name = HeadID.write(w).description
      left.append(
        plot(
          "\(name) add vectors", transposed(records.map { $0.writeHeads[w].writing?.add ?? [] }),
          .signed(limit: 1),
          rows: components))
      left.append(plot("\(name) write weightings", weightings(w), .unit, rows: locations))
    }
    for r in 0..<c.readHeads {
      let name = HeadID.read(r).description
      let reads = records.map { $0.reads[r] }
      let limit = max(1, reads.joined().map(abs).max() ?? 1).rounded(.up)
      right.append(plot("\(name) read vectors", transposed(reads), .signed(limit: limit), rows: components))
      right.append(plot("\(name) read weightings", weightings(c.writeHeads + r), .unit, rows: locations))
    }
    let rows = (0..<max(left.count, right.count)).map { i in
      [i < left.count ? left[i] : .empty, i < right.count ? right[i] : .empty]
    }
    let last = span.count > 0 ? span.location(at: span.count - 1) : 0
    return Figure(
      title: "Weightings over time, with adds and reads (Graves et al. 2014, Figure 6)", rows: rows,
      notes: [
        "\(model.label): one \(task.name) sequence of \(task.sizeName) \(size) (seed \(seed)), \(steps) steps; vertical lines mark where the phase changes (input, delimiter, output).",
        "Memory locations \(span.start)–\(last) of \(c.memoryLocations): every location some head gave a weight of at least \(threshold) at some step. Weightings and outputs 0…1; add vectors −1…1; read vectors scaled to their largest value.",
      ])
  }
}
