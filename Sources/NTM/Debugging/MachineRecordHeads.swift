/// A step record of either machine as the debugger sees it: heads numbered write heads first
/// (`HeadID`), each with its weighting and its content lookup, and the memory before and after
/// the step. What the NTM and the DNC have in common is read here, so that `RecordedRun`, the
/// conditions and the viewer's shared panels take either machine without asking which.
extension MachineRecord {
  /// Every head, write heads first: the NTM's as configured, the DNC's one write head then its
  /// read heads.
  public var heads: [HeadID] {
    switch self {
    case .ntm(let r): r.heads.map(\.id)
    case .dnc(let r): [.write(0)] + r.readHeads.indices.map(HeadID.read)
    }
  }

  /// wₜ of head `h` (write heads first).
  public func weighting(ofHead h: Int) -> [Scalar] {
    switch self {
    case .ntm(let r): r.head(at: h).weighting
    case .dnc(let r): h == 0 ? r.write.weighting : r.readHeads[h - 1].weighting
    }
  }

  /// wₜ of every head, write heads first.
  public var weightings: [[Scalar]] {
    switch self {
    case .ntm(let r): r.heads.map(\.weighting)
    case .dnc(let r): [r.write.weighting] + r.readHeads.map(\.weighting)
    }
  }

  /// K(k, M[i]) for every location: how well head `h`'s key matched each location of the
  /// memory it searched. Empty for a replayed NTM trace without addressing.
  public func similarity(ofHead h: Int) -> [Scalar] {
    switch self {
    case .ntm(let r): r.head(at: h).addressing.similarity
    case .dnc(let r): h == 0 ? r.write.content.similarity : r.readHeads[h - 1].content.similarity
    }
  }

  /// xₜ.
  public var input: [Scalar] {
    switch self {
    case .ntm(let r): r.input
    case .dnc(let r): r.input
    }
  }

  /// The controller's layers this step.
  public var controller: ControllerRecord<Scalar> {
    switch self {
    case .ntm(let r): r.controller
    case .dnc(let r): r.controller
    }
  }

  /// Mₜ₋₁: the memory before the step's write.
  public var memoryBefore: Matrix<Scalar> {
    switch self {
    case .ntm(let r): r.memoryBefore
    case .dnc(let r): r.memoryBefore
    }
  }

  /// Mₜ: the memory after the step's write, which the read heads read.
  public var memoryAfter: Matrix<Scalar> {
    switch self {
    case .ntm(let r): r.memoryAfter
    case .dnc(let r): r.memory
    }
  }

  /// rₜ of each read head.
  public var reads: [[Scalar]] {
    switch self {
    case .ntm(let r): r.reads
    case .dnc(let r): r.reads
    }
  }

  /// The write heads' erase and add vectors, write head by write head (empty vectors in a
  /// replayed NTM trace that did not record them).
  public var writes: [(erase: [Scalar], add: [Scalar])] {
    switch self {
    case .ntm(let r): r.writeHeads.compactMap(\.writing)
    case .dnc(let r): [(Array(r.interface[.erase]), Array(r.interface[.add]))]
    }
  }
}

extension MachineRecord where Scalar == Float {
  /// Where the first NaN of this step is ("read0's weighting", "the output"), or nil.
  public var firstNaN: String? {
    switch self {
    case .ntm(let r): r.firstNaN
    case .dnc(let r): r.firstNaN
    }
  }
}

extension DNCStepRecord where Scalar == Float {
  /// Where the first NaN of this step is, in the order a reader would look, or nil.
  public var firstNaN: String? {
    func hasNaN(_ values: [Float]) -> Bool { values.contains { $0.isNaN } }
    if hasNaN(output) { return "the output" }
    if hasNaN(interface.activated) { return "the interface vector" }
    let parts: [(String, [Float])] =
      [
        ("the usage", usage), ("the allocation weighting", allocationWeighting),
        ("write0's weighting", write.weighting),
      ]
      + readHeads.enumerated().flatMap { i, head in
        [("read\(i)'s weighting", head.weighting), ("read\(i)'s read", head.read)]
      }
      + [("the link matrix", link.values), ("the memory", memory.values)]
    if let (name, _) = parts.first(where: { hasNaN($0.1) }) { return name }
    if controller.layers.contains(where: { hasNaN($0.hidden) }) { return "the controller" }
    return nil
  }
}
