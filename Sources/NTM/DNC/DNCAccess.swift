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
    var (next, access) = (state, self)
    next.advance(past: &access)
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
    var record = DNCAccessRecord<Scalar>.empty
    var scratch = DNCAccessScratch<Scalar>()
    access(interface, from: state, deallocation: deallocation, into: &record, scratch: &scratch)
    return record
  }

  /// `access` into `record`, its vectors written into the buffers it has when they can be
  /// reused (a trainer's record of the same step of its last sequence), with `scratch` for what
  /// the record does not keep. Any record gives the same values.
  static func access(
    _ interface: DNCInterface<Scalar>, from state: DNCState<Scalar>, deallocation: Bool,
    into record: inout DNCAccessRecord<Scalar>, scratch: inout DNCAccessScratch<Scalar>
  ) {
    let (write, reads) = (interface.write, interface.reads)
    precondition(
      reads.count == state.readWeightings.count, "\(reads.count) read heads for \(state.readWeightings.count)"
    )
    let n = state.memory.rows
    // 2–4. Retention, usage, free list, allocation.
    Allocation.retention(
      heads: reads.count, freeGate: { reads[$0].freeGate }, previousReadWeightings: state.readWeightings,
      into: &record.retention)
    Allocation.usage(
      previous: state.usage, previousWrite: state.writeWeighting, retention: record.retention,
      into: &record.usage)
    Allocation.freeList(usage: record.usage, into: &record.freeList)
    Allocation.weighting(usage: record.usage, freeList: record.freeList, into: &record.allocationWeighting)
    // 5. The write weighting: allocation or content (against Mₜ₋₁), gated.
    MaskedLookup.forward(
      state.memory, key: write.key, keyStrength: write.keyStrength, mask: write.mask,
      into: &record.write.content, scratch: &scratch.lookup)
    let (allocationGate, writeGate) = (write.allocationGate, write.writeGate)
    let (allocation, writeContent) = (record.allocationWeighting, record.write.content.weighting)
    record.write.weighting.overwrite(count: n) { w in
      for i in 0..<n {
        w[i] = writeGate * (allocationGate * allocation[i] + (1 - allocationGate) * writeContent[i])
      }
    }
    let writeWeighting = record.write.weighting
    // 6. Erase and write (after wiping what the read heads freed, with de-allocation).
    if deallocation { retained(state.memory, record.retention, into: &scratch.retained) }
    MemoryAccess.write(
      deallocation ? scratch.retained : state.memory, heads: 1, weighting: { _ in writeWeighting },
      erase: { _ in write.erase }, add: { _ in write.add }, into: &record.memory)
    // 7. The link from pₜ₋₁, then the precedence; the link-following weightings in the same pass.
    TemporalLink.forward(
      link: state.link, precedence: state.precedence, writeWeighting: writeWeighting,
      readWeightings: state.readWeightings, into: &record.link, sums: &scratch.linkSums,
      reads: &scratch.linkReads)
    TemporalLink.precedence(
      previous: state.precedence, writeWeighting: writeWeighting, into: &record.precedence)
    // 8–9. Each read head: backward, content and forward, mixed by its read modes; then read.
    if record.readHeads.count != reads.count {
      record.readHeads = [DNCReadRecord<Scalar>](repeating: .empty, count: reads.count)
    }
    for i in reads.indices {
      // Taken out of the record and put back, so that its vectors are not shared meanwhile.
      var head = DNCReadRecord<Scalar>.empty
      swap(&head, &record.readHeads[i])
      read(
        reads[i], head: i, from: state, memory: record.memory, into: &head, links: scratch.linkSums,
        scratch: &scratch)
      swap(&head, &record.readHeads[i])
    }
    record.precedenceBefore = state.precedence
    record.memoryBefore = state.memory
  }

  /// Step 8–9 for read head `i`: its link-following weightings (at `2iN` and `(2i + 1)N` in
  /// `links`, sharpened when it says so), its content lookup against Mₜ, its read weighting
  /// and its read.
  private static func read(
    _ interface: DNCReadInterface<Scalar>, head i: Int, from state: DNCState<Scalar>, memory: Matrix<Scalar>,
    into head: inout DNCReadRecord<Scalar>, links: [Scalar], scratch: inout DNCAccessScratch<Scalar>
  ) {
    let n = memory.rows
    head.previousWeighting = state.readWeightings[i]
    links.withUnsafeBufferPointer { links in
      head.linkForward.overwrite(copying: links.baseAddress! + 2 * i * n, count: n)
      head.linkBackward.overwrite(copying: links.baseAddress! + (2 * i + 1) * n, count: n)
    }
    if let exponents = interface.sharpness {
      LinkSharpness.forward(
        head.linkForward, exponent: exponents.forward, into: &head.forwardWeighting,
        logarithms: &scratch.logarithms)
      LinkSharpness.forward(
        head.linkBackward, exponent: exponents.backward, into: &head.backwardWeighting,
        logarithms: &scratch.logarithms)
    } else {
      head.forwardWeighting.overwrite(copying: head.linkForward)
      head.backwardWeighting.overwrite(copying: head.linkBackward)
    }
    MaskedLookup.forward(
      memory, key: interface.key, keyStrength: interface.keyStrength, mask: interface.mask,
      into: &head.content, scratch: &scratch.lookup)
    let mode = interface.readMode
    let (backward, content, forward) = (head.backwardWeighting, head.content.weighting, head.forwardWeighting)
    head.weighting.overwrite(count: n) { w in
      for j in 0..<n { w[j] = mode[0] * backward[j] + mode[1] * content[j] + mode[2] * forward[j] }
    }
    MemoryAccess.read(memory, weighting: head.weighting, into: &head.read)
  }

  /// Mₜ₋₁ ∘ ψₜ 1ᵀ into `result`: every row multiplied by its retention (de-allocation).
  static func retained(_ memory: Matrix<Scalar>, _ retention: [Scalar], into result: inout Matrix<Scalar>) {
    memory.scaled(by: { i, _ in retention[i] }, into: &result)
  }
}

/// What one DNC access needs besides its record, kept from step to step by a trainer: the
/// lookups' masked key and memory, the link pass's sums and gathered read weightings, the
/// sharpening's logarithms and the memory wiped by de-allocation.
struct DNCAccessScratch<Scalar: NTMScalar>: Sendable {
  var lookup = MaskedLookupScratch<Scalar>()
  var linkSums: [Scalar] = []
  var linkReads: [Scalar] = []
  var logarithms: [Scalar] = []
  var retained = Matrix<Scalar>(rows: 0, columns: 0)
}
