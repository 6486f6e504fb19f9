/// DNC step records written in place, as the NTM's are (StepRecordReuse.swift): a trainer keeps
/// one sequence's records and writes the next sequence's values into their buffers
/// (`TrainingWorkspace`) instead of allocating some forty vectors a step and releasing them
/// after the backward pass.
///
/// `DNC.step(_:from:input:into:scratch:)` fills a record whatever it held before: an `empty`
/// one (what the public `step` passes) gets new vectors, a reused one keeps its own.
extension DNCStepRecord {
  /// A record with no values yet, for `DNC.step(_:from:input:into:scratch:)` to fill.
  static var empty: DNCStepRecord {
    DNCStepRecord(
      time: 0, input: [], controller: ControllerRecord(input: [], layers: []),
      interface: InterfaceVector(layout: InterfaceLayout([]), raw: []), access: .empty, outputLogits: [],
      output: [])
  }

  /// Drops the vectors this record shares with the record of the step before (Mₜ₋₁, pₜ₋₁, each
  /// read head's wʳₜ₋₁, each LSTM layer's cₜ₋₁) and with the caller's input, so that once a
  /// whole sequence's records have done this, every vector a step writes is held by its own
  /// record alone and is overwritten in place rather than copied.
  mutating func releaseSharedVectors() {
    input = []
    access.memoryBefore = Matrix(rows: 0, columns: 0)
    access.precedenceBefore = []
    for i in access.readHeads.indices { access.readHeads[i].previousWeighting = [] }
    for l in controller.layers.indices { controller.layers[l].previousCell = [] }
  }
}

extension DNCAccessRecord {
  /// An access with no values yet.
  static var empty: DNCAccessRecord {
    DNCAccessRecord(
      retention: [], usage: [], freeList: [], allocationWeighting: [],
      write: DNCWriteRecord(content: .empty, weighting: []), precedenceBefore: [], precedence: [],
      link: Matrix(rows: 0, columns: 0), readHeads: [], memoryBefore: Matrix(rows: 0, columns: 0),
      memory: Matrix(rows: 0, columns: 0))
  }
}

extension DNCReadRecord {
  /// A read head's record with no values yet.
  static var empty: DNCReadRecord {
    DNCReadRecord(
      previousWeighting: [], linkForward: [], linkBackward: [], forwardWeighting: [], backwardWeighting: [],
      content: .empty, weighting: [], read: [])
  }
}

extension DNCInterface {
  /// The activated values of a controller's interface vector, by head, written into this
  /// interface's vectors (their buffers kept): what `init(_:readHeads:)` builds, for a step that
  /// keeps one interface from step to step (`DNCStepScratch`).
  mutating func set(from xi: InterfaceVector<DNCInterfaceField, Scalar>, readHeads: Int) {
    write.key.overwrite(copying: xi[.writeKey])
    write.keyStrength = xi.value(.writeKeyStrength)
    write.erase.overwrite(copying: xi[.erase])
    write.add.overwrite(copying: xi[.add])
    write.allocationGate = xi.value(.allocationGate)
    write.writeGate = xi.value(.writeGate)
    Self.set(&write.mask, from: xi, .writeMask)
    if reads.count != readHeads {
      reads = Array(
        repeating: DNCReadInterface(
          key: [], keyStrength: 1, freeGate: 0, readMode: [], mask: nil, sharpness: nil),
        count: readHeads)
    }
    for i in 0..<readHeads {
      reads[i].key.overwrite(copying: xi[.readKey(i)])
      reads[i].keyStrength = xi.value(.readKeyStrength(i))
      reads[i].freeGate = xi.value(.freeGate(i))
      reads[i].readMode.overwrite(copying: xi[.readMode(i)])
      Self.set(&reads[i].mask, from: xi, .readMask(i))
      reads[i].sharpness =
        xi.layout.contains(.forwardSharpness(i))
        ? LinkExponents(forward: xi.value(.forwardSharpness(i)), backward: xi.value(.backwardSharpness(i)))
        : nil
    }
  }

  /// A mask's values from `xi`, in the buffer it has, or nil when the layout has no such field.
  private static func set(
    _ mask: inout [Scalar]?, from xi: InterfaceVector<DNCInterfaceField, Scalar>, _ field: DNCInterfaceField
  ) {
    guard xi.layout.contains(field) else {
      mask = nil
      return
    }
    var values = mask ?? []
    mask = nil  // so that `values` holds its buffer alone
    values.overwrite(copying: xi[field])
    mask = values
  }
}

extension DNCState {
  /// The state after the step `record` recorded, its vectors shared with the record.
  ///
  /// The record is `inout` only so that it is passed by address and read in place, not
  /// changed: a record passed by value from a trainer's array was a copy of all its vectors
  /// (some forty retained and released a step, 1.6% of the training time).
  mutating func advance(past record: inout DNCStepRecord<Scalar>) {
    advance(past: &record.access)
    controller.advance(past: record.controller)
    time = record.time + 1
  }

  /// Memory, usage, links, precedence, the weightings and the reads after `access`, shared with
  /// it; the controller's state and the time are left as they are. `inout` as above.
  mutating func advance(past access: inout DNCAccessRecord<Scalar>) {
    memory = access.memory
    usage = access.usage
    link = access.link
    precedence = access.precedence
    writeWeighting = access.write.weighting
    // Through a pointer: a head taken out of its array is a copy of all its vectors' references.
    access.readHeads.withUnsafeBufferPointer { heads in
      if readWeightings.count != heads.count {
        readWeightings = [[Scalar]](repeating: [], count: heads.count)
        reads = [[Scalar]](repeating: [], count: heads.count)
      }
      for i in heads.indices {
        readWeightings[i] = heads[i].weighting
        reads[i] = heads[i].read
      }
    }
  }
}

/// What a DNC step needs but does not record, kept with the records it writes: the interface
/// cut by head, the access's scratch, the output layer's input [hₜ; rₜ] and an LSTM layer's
/// pre-activations.
struct DNCStepScratch<Scalar: NTMScalar>: Sendable {
  var interface = DNCInterface<Scalar>(memoryWidth: 0, readHeads: 0)
  var access = DNCAccessScratch<Scalar>()
  var joined: [Scalar] = []
  var preActivations: [Scalar] = []
}
