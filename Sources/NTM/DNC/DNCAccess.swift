/// Everything the memory access of one DNC timestep computed (docs/dnc.md, steps 2–9): what an
/// interface vector did to the memory, its usage and its links, and what each read head read.
/// A step record holds one beside the controller's values; the playground shows one for an
/// interface set by hand.
public struct DNCAccessRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// ψₜ = Πᵢ (1 − fⁱ wʳ'ⁱₜ₋₁): how much of each location the read heads let stay in use.
  public var retention: [Scalar]
  /// uₜ = (uₜ₋₁ + wʷₜ₋₁ − uₜ₋₁ ∘ wʷₜ₋₁) ∘ ψₜ.
  public var usage: [Scalar]
  /// φₜ: the locations by ascending usage, ties by ascending location (the order allocation
  /// takes them in).
  public var freeList: [Int]
  /// aₜ: the allocation weighting, from usage along the free list.
  public var allocationWeighting: [Scalar]
  /// The write head.
  public var write: DNCWriteRecord<Scalar>
  /// pₜ₋₁, which the link update read.
  public var precedenceBefore: [Scalar]
  /// pₜ = (1 − Σᵢ wʷₜ[i]) pₜ₋₁ + wʷₜ.
  public var precedence: [Scalar]
  /// Lₜ, after this step's write.
  public var link: Matrix<Scalar>
  /// Each read head.
  public var readHeads: [DNCReadRecord<Scalar>]
  /// Mₜ₋₁: the memory the write lookup searched.
  public var memoryBefore: Matrix<Scalar>
  /// Mₜ: the memory after the write, which the read heads searched and read.
  public var memory: Matrix<Scalar>

  /// The state after this access: memory, usage, links, precedence and weightings moved on; the
  /// controller's state and the time are `state`'s, for the caller to move on.
  public func advancing(_ state: DNCState<Scalar>) -> DNCState<Scalar> {
    var next = state
    next.memory = memory
    next.usage = usage
    next.link = link
    next.precedence = precedence
    next.writeWeighting = write.weighting
    next.readWeightings = readHeads.map(\.weighting)
    next.reads = readHeads.map(\.read)
    return next
  }
}

extension DNC {
  /// Steps 2–9 of a timestep for an activated interface: retention, usage, free list and
  /// allocation; the write weighting, erase and add; link and precedence; each read head's
  /// backward, content and forward weightings, mixed by its read modes, and its read.
  /// `DNC.step` calls this with its controller's interface; nothing here knows a controller.
  ///
  /// - Precondition: the interface has a read head per read weighting of `state`, and keys,
  ///   erase and write vectors of the memory's width.
  // No exported specialisation: release builds stopped emitting those for static functions
  // while still calling them (see Machine.step). `DNC.step` is specialised and inlines this.
  public static func access(
    _ interface: DNCInterface<Scalar>, from state: DNCState<Scalar>, deallocation: Bool
  ) -> DNCAccessRecord<Scalar> {
    let (write, reads) = (interface.write, interface.reads)
    precondition(
      reads.count == state.readWeightings.count, "\(reads.count) read heads for \(state.readWeightings.count)"
    )
    let n = state.memory.rows
    // 2–4. Retention, usage, free list, allocation.
    let retention = Allocation.retention(
      freeGates: reads.map(\.freeGate), previousReadWeightings: state.readWeightings)
    let usage = Allocation.usage(
      previous: state.usage, previousWrite: state.writeWeighting, retention: retention)
    let freeList = Allocation.freeList(usage: usage)
    let allocation = Allocation.weighting(usage: usage, freeList: freeList)
    // 5. The write weighting: allocation or content (against Mₜ₋₁), gated.
    let writeContent = MaskedLookup.forward(
      state.memory, key: write.key, keyStrength: write.keyStrength, mask: write.mask)
    let (allocationGate, writeGate) = (write.allocationGate, write.writeGate)
    let writeWeighting = (0..<n).map {
      writeGate * (allocationGate * allocation[$0] + (1 - allocationGate) * writeContent.weighting[$0])
    }
    // 6. Erase and write (after wiping what the read heads freed, with de-allocation).
    let memory = MemoryAccess.write(
      deallocation ? retained(state.memory, retention) : state.memory, weightings: [writeWeighting],
      erases: [write.erase], adds: [write.add])
    // 7. The link from pₜ₋₁, then the precedence; the link-following weightings in the same pass.
    let links = TemporalLink.forward(
      link: state.link, precedence: state.precedence, writeWeighting: writeWeighting,
      readWeightings: state.readWeightings)
    let precedence = TemporalLink.precedence(previous: state.precedence, writeWeighting: writeWeighting)
    // 8–9. Each read head: backward, content and forward, mixed by its read modes; then read.
    let readHeads = reads.indices.map { i in
      let head = reads[i]
      var (forward, backward) = (links.forward[i], links.backward[i])
      if let exponents = head.sharpness {
        forward = LinkSharpness.forward(forward, exponent: exponents.forward)
        backward = LinkSharpness.forward(backward, exponent: exponents.backward)
      }
      let content = MaskedLookup.forward(
        memory, key: head.key, keyStrength: head.keyStrength, mask: head.mask)
      let mode = head.readMode
      let weighting = (0..<n).map {
        mode[0] * backward[$0] + mode[1] * content.weighting[$0] + mode[2] * forward[$0]
      }
      return DNCReadRecord(
        previousWeighting: state.readWeightings[i], linkForward: links.forward[i],
        linkBackward: links.backward[i], forwardWeighting: forward, backwardWeighting: backward,
        content: content, weighting: weighting, read: MemoryAccess.read(memory, weighting: weighting))
    }
    return DNCAccessRecord(
      retention: retention, usage: usage, freeList: freeList, allocationWeighting: allocation,
      write: DNCWriteRecord(content: writeContent, weighting: writeWeighting),
      precedenceBefore: state.precedence, precedence: precedence, link: links.link, readHeads: readHeads,
      memoryBefore: state.memory, memory: memory)
  }

  /// Mₜ₋₁ ∘ ψₜ 1ᵀ: every row multiplied by its retention (de-allocation).
  static func retained(_ memory: Matrix<Scalar>, _ retention: [Scalar]) -> Matrix<Scalar> {
    memory.scaled { i, _ in retention[i] }
  }
}
