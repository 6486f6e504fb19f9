/// Step records written in place, so that training can keep one sequence's records and write
/// the next sequence's values into their buffers (`TrainingWorkspace`) instead of allocating
/// some fifty vectors a step and releasing them after the backward pass.
///
/// `Machine.step(_:from:input:into:scratch:)` fills a record whatever it held before: an
/// `empty` one (what the public `step` passes) gets new vectors, a reused one keeps its own.
extension StepRecord {
  /// A record with no values yet, for `Machine.step(_:from:input:into:scratch:)` to fill.
  static var empty: StepRecord {
    StepRecord(
      time: 0, input: [], controller: ControllerRecord(input: [], layers: []), writeHeads: [], readHeads: [],
      memoryBefore: Matrix(rows: 0, columns: 0), memoryAfter: Matrix(rows: 0, columns: 0), outputLogits: [],
      output: [])
  }

  /// Gives the record the machine's heads, keeping those it has.
  mutating func prepareHeads(writeHeads: Int, readHeads: Int) {
    if self.writeHeads.count != writeHeads {
      self.writeHeads = (0..<writeHeads).map { HeadRecord(empty: .write($0)) }
    }
    if self.readHeads.count != readHeads {
      self.readHeads = (0..<readHeads).map { HeadRecord(empty: .read($0)) }
    }
  }

  /// Drops the vectors this record shares with the record of the step before (Mₜ₋₁, each
  /// head's wₜ₋₁, each LSTM layer's cₜ₋₁), so that once a whole sequence's records have done
  /// this, every vector a step writes is held by its own record alone and is overwritten in
  /// place rather than copied.
  mutating func releaseSharedVectors() {
    input = []
    memoryBefore = Matrix(rows: 0, columns: 0)
    for i in writeHeads.indices { writeHeads[i].addressing.previous = [] }
    for i in readHeads.indices { readHeads[i].addressing.previous = [] }
    for l in controller.layers.indices { controller.layers[l].previousCell = [] }
  }
}

extension HeadRecord {
  /// A head's record with no values yet.
  init(empty id: HeadID) {
    self.init(
      id: id, raw: [],
      addressing: AddressingRecord(
        previous: [], key: [], keyStrength: 0, similarity: [], contentWeighting: [], interpolationGate: 0,
        gatedWeighting: [], shiftWeighting: [], shiftedWeighting: [], sharpening: 0, weighting: []),
      access: id.isWrite ? .write(erase: [], add: []) : .read([]))
  }

  /// A write head's erase and add vectors, copied into the buffers it has.
  mutating func setWriting(erase: ArraySlice<Scalar>, add: ArraySlice<Scalar>) {
    var (e, a): ([Scalar], [Scalar]) = ([], [])
    if case .write(let oldErase, let oldAdd) = access { (e, a) = (oldErase, oldAdd) }
    access = .read([])  // so that `e` and `a` hold their buffers alone
    e.overwrite(copying: erase)
    a.overwrite(copying: add)
    access = .write(erase: e, add: a)
  }

  /// A read head's read vector from `memory` with its weighting, into the buffer it has.
  mutating func read(_ memory: Matrix<Scalar>) {
    var r: [Scalar] = []
    if case .read(let old) = access { r = old }
    access = .read([])  // so that `r` holds its buffer alone
    MemoryAccess.read(memory, weighting: addressing.weighting, into: &r)
    access = .read(r)
  }

  /// A read head's read vector (empty for a write head).
  var readVector: [Scalar] {
    if case .read(let r) = access { r } else { [] }
  }
}

extension InterfaceLayout where Field == NTMHeadField {
  /// Copies the addressing parameters (k, β, g, s, γ) of an activated head vector into
  /// `record`, in the buffers it has.
  func setAddressing<S: NTMScalar>(of record: inout AddressingRecord<S>, from activated: [S]) {
    record.key.overwrite(copying: activated[range(of: .key)])
    record.keyStrength = activated[range(of: .keyStrength).lowerBound]
    record.interpolationGate = activated[range(of: .interpolationGate).lowerBound]
    record.shiftWeighting.overwrite(copying: activated[range(of: .shiftWeighting)])
    record.sharpening = activated[range(of: .sharpening).lowerBound]
  }
}

/// The vectors a step needs but does not record, kept with the records it writes: the
/// activated head vector, the output layer's input [hₜ; rₜ] and an LSTM layer's
/// pre-activations.
struct StepScratch<Scalar: NTMScalar>: Sendable {
  var activated: [Scalar] = []
  var joined: [Scalar] = []
  var preActivations: [Scalar] = []
}

extension MachineState {
  /// The state after the step `record` recorded, its vectors shared with the record: Mₜ, every
  /// head's wₜ, the read vectors and the controller's state.
  mutating func advance(past record: StepRecord<Scalar>) {
    memory = record.memoryAfter
    // Through pointers: a head taken out of its array is a copy of all its vectors' references.
    record.writeHeads.withUnsafeBufferPointer { heads in
      for i in heads.indices { weightings[i] = heads[i].addressing.weighting }
    }
    record.readHeads.withUnsafeBufferPointer { heads in
      for r in heads.indices {
        weightings[record.writeHeads.count + r] = heads[r].addressing.weighting
        reads[r] = heads[r].readVector
      }
    }
    controller.advance(past: record.controller)
    time = record.time + 1
  }
}
