/// What a DNC's memory access did in one step, in sentences a teacher can point at: where the
/// write went and why (allocation or content, or no write), which locations the read heads
/// freed, and how each read head found what it read (backward, content or forward).
///
/// ```swift
/// let summary = DNCAccessSummary(interface: interface, access: access)
/// summary.write   // "write allocates location 5, the least used (gᵃ = 0.97, gʷ = 1.00)"
/// summary.reads   // ["read0 follows the link forward from location 4 to 5 (π forward = 0.93)"]
/// ```
public struct DNCAccessSummary: Sendable, Equatable {
  /// One sentence on the write head.
  public var write: String
  /// One sentence per location a read head freed (f wʳₜ₋₁ ≥ 0.5), in head order.
  public var frees: [String]
  /// One sentence per read head.
  public var reads: [String]

  /// Every sentence, write first, joined by "; ".
  public var sentence: String { ([write] + frees + reads).joined(separator: "; ") }

  /// The summary of one access; `interface` holds the gates and modes that drove it.
  public init(interface: DNCInterface<Float>, access: DNCAccessRecord<Float>) {
    write = Self.describeWrite(interface.write, access)
    frees = interface.reads.indices.compactMap { i in
      let previous = access.readHeads[i].previousWeighting
      guard let location = previous.argmax else { return nil }
      let freed = interface.reads[i].freeGate * previous[location]
      guard freed >= 0.5 else { return nil }
      return "read\(i) frees location \(location) (f = \(interface.reads[i].freeGate.decimalText()))"
    }
    reads = interface.reads.indices.map { i in
      Self.describeRead(i, interface.reads[i], access.readHeads[i])
    }
  }

  /// The summary of a trained DNC's step.
  public init(_ record: DNCStepRecord<Float>) {
    self.init(
      interface: DNCInterface(record.interface, readHeads: record.readHeads.count),
      access: record.access)
  }

  private static func describeWrite(_ head: DNCWriteInterface<Float>, _ access: DNCAccessRecord<Float>)
    -> String
  {
    let gates = "gᵃ = \(head.allocationGate.decimalText()), gʷ = \(head.writeGate.decimalText())"
    let w = access.write.weighting
    guard head.writeGate >= 0.1, let target = w.argmax, w[target] >= 0.05 else {
      return "write does not write (gʷ = \(head.writeGate.decimalText()))"
    }
    let place =
      w[target] >= 0.5
      ? "location \(target)" : "a blur of locations, most on \(target) (\(w[target].decimalText()))"
    if head.allocationGate >= 0.5 {
      let why =
        target == access.freeList.first ? "the least used" : "usage \(access.usage[target].decimalText())"
      return "write allocates \(place), \(why) (\(gates))"
    }
    let similarity = access.write.content.similarity[target]
    return "write writes by content to \(place), matching kʷ with K = \(similarity.decimalText()) (\(gates))"
  }

  private static func describeRead(_ i: Int, _ head: DNCReadInterface<Float>, _ read: DNCReadRecord<Float>)
    -> String
  {
    let name = "read\(i)"
    let modes = ["backward", "content", "forward"]
    guard let mode = head.readMode.argmax, let target = read.weighting.argmax else {
      return "\(name) reads nothing"
    }
    let pi = "π \(modes[mode]) = \(head.readMode[mode].decimalText())"
    let weight = read.weighting[target]
    if weight < 0.05 {
      let why = mode == 1 ? "" : ": no link leads on from the location it read"
      return "\(name) reads almost nothing\(why) (\(pi))"
    }
    let place =
      weight >= 0.5 ? "location \(target)" : "a blur, most on location \(target) (\(weight.decimalText()))"
    switch mode {
    case 1:
      return "\(name) reads \(place) by content (K = \(read.content.similarity[target].decimalText()), \(pi))"
    default:
      let from = read.previousWeighting.argmax.map { "from location \($0) " } ?? ""
      return "\(name) follows the link \(modes[mode]) \(from)to \(place) (\(pi))"
    }
  }
}
