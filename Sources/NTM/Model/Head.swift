/// A field of an NTM head's parameter vector, named as docs/ntm.md's table and the trace name it.
public enum NTMHeadField: Hashable, Sendable, CustomStringConvertible {
  /// k (M values).
  case key
  /// β ≥ 0.
  case keyStrength
  /// g ∈ [0, 1].
  case interpolationGate
  /// s: a distribution over the allowed shifts (S values).
  case shiftWeighting
  /// γ ≥ 1.
  case sharpening
  /// e ∈ [0, 1]ᴹ (write heads only).
  case erase
  /// a ∈ [−1, 1]ᴹ (write heads only).
  case add

  /// The field's name, as traces spell it.
  public var description: String {
    switch self {
    case .key: "key"
    case .keyStrength: "keyStrength"
    case .interpolationGate: "interpolationGate"
    case .shiftWeighting: "shiftWeighting"
    case .sharpening: "sharpening"
    case .erase: "erase"
    case .add: "add"
    }
  }
}

extension Configuration {
  /// The vector a head's linear layer emits, block by block (docs/ntm.md's table): key M, β, g,
  /// shift S, γ, and for a write head erase M and add M. Its count is the layer's rows; the
  /// forward step splits and activates it and the backward pass undoes that, all from this list.
  public func headLayout(isWrite: Bool) -> InterfaceLayout<NTMHeadField> {
    InterfaceLayout(headFields(isWrite: isWrite))
  }

  /// The blocks of `headLayout(isWrite:)`, which `ParameterLayout.checkedCount` also sums, with
  /// overflow checks, for a configuration read from a file.
  func headFields(isWrite: Bool) -> [(NTMHeadField, InterfaceFieldSize, InterfaceActivation)] {
    var fields: [(NTMHeadField, InterfaceFieldSize, InterfaceActivation)] = [
      (.key, .vector(memoryWidth), keyActivation.interfaceActivation), (.keyStrength, .one, .softplus),
      (.interpolationGate, .one, .sigmoid), (.shiftWeighting, .vector(shiftCount), .softmax),
      (.sharpening, .one, .oneplus),
    ]
    if isWrite { fields += [(.erase, .vector(memoryWidth), .sigmoid), (.add, .vector(memoryWidth), .tanh)] }
    return fields
  }
}

extension Configuration.KeyActivation {
  /// The interface activation that applies it.
  var interfaceActivation: InterfaceActivation {
    switch self {
    case .tanh: .tanh
    case .identity: .identity
    }
  }
}

/// What one head did in one timestep: its addressing, and what it wrote or read.
public struct HeadRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// Which head: `write0`, `read0`, …
  public var id: HeadID
  /// The head's linear layer output before activation, laid out as `Configuration.headLayout`
  /// (empty in a run replayed from a trace, which does not record it).
  public var raw: [Scalar]
  /// The four addressing stages and the parameters that produced them.
  public var addressing: AddressingRecord<Scalar>
  /// What the head did with its weighting: wrote (erase and add vectors) or read.
  public var access: HeadAccess<Scalar>

  /// A head's record.
  public init(id: HeadID, raw: [Scalar], addressing: AddressingRecord<Scalar>, access: HeadAccess<Scalar>) {
    self.id = id
    self.raw = raw
    self.addressing = addressing
    self.access = access
  }

  /// The final weighting wₜ.
  public var weighting: [Scalar] { addressing.weighting }
}

/// What a head did with its weighting, by kind of head.
public enum HeadAccess<Scalar: NTMScalar>: Sendable, Equatable {
  /// A write head's erase vector e ∈ [0, 1]ᴹ and add vector a ∈ [−1, 1]ᴹ (both empty in a
  /// replayed trace that did not record them).
  case write(erase: [Scalar], add: [Scalar])
  /// A read head's read vector r = Σᵢ w(i) M(i) (empty in a replayed trace that did not record
  /// it).
  case read([Scalar])
}

extension InterfaceLayout where Field == NTMHeadField {
  /// The addressing parameters within an activated head vector.
  func addressing<S: NTMScalar>(_ activated: [S]) -> AddressingParameters<S> {
    AddressingParameters(
      key: Array(activated[range(of: .key)]),
      keyStrength: activated[range(of: .keyStrength).lowerBound],
      interpolationGate: activated[range(of: .interpolationGate).lowerBound],
      shiftWeighting: Array(activated[range(of: .shiftWeighting)]),
      sharpening: activated[range(of: .sharpening).lowerBound])
  }

  /// The inverse of the split: a head's addressing record and, for a write head, its erase and
  /// add vectors, in one vector in this layout's order, written into `vector` (its buffer kept
  /// when it can be). The backward pass joins the activated values of a record this way.
  func join<S: NTMScalar>(_ a: AddressingRecord<S>, writing: (erase: [S], add: [S])?, into vector: inout [S])
  {
    vector.overwrite(count: count) { v in
      v.update(repeating: 0, count: count)
      func place(_ values: [S], _ field: NTMHeadField) {
        for (i, value) in zip(range(of: field), values) { v[i] = value }
      }
      place(a.key, .key)
      v[range(of: .keyStrength).lowerBound] = a.keyStrength
      v[range(of: .interpolationGate).lowerBound] = a.interpolationGate
      place(a.shiftWeighting, .shiftWeighting)
      v[range(of: .sharpening).lowerBound] = a.sharpening
      if let writing {
        place(writing.erase, .erase)
        place(writing.add, .add)
      }
    }
  }

  /// `join` for gradients: an addressing's, and for a write head the erase and
  /// add vectors' gradients at `dWriting` (M values each).
  func join<S: NTMScalar>(
    _ d: AddressingGradients<S>, dWriting: (erase: UnsafePointer<S>, add: UnsafePointer<S>)?,
    into vector: inout [S]
  ) {
    vector.overwrite(count: count) { v in
      v.update(repeating: 0, count: count)
      func place(_ values: UnsafePointer<S>, _ field: NTMHeadField) {
        for (k, i) in range(of: field).enumerated() { v[i] = values[k] }
      }
      func place(_ values: [S], _ field: NTMHeadField) {
        for (i, value) in zip(range(of: field), values) { v[i] = value }
      }
      place(d.key, .key)
      v[range(of: .keyStrength).lowerBound] = d.keyStrength
      v[range(of: .interpolationGate).lowerBound] = d.interpolationGate
      place(d.shiftWeighting, .shiftWeighting)
      v[range(of: .sharpening).lowerBound] = d.sharpening
      if let dWriting {
        place(dWriting.erase, .erase)
        place(dWriting.add, .add)
      }
    }
  }
}

extension HeadRecord {
  /// The erase and add vectors of a write head; nil for a read head.
  public var writing: (erase: [Scalar], add: [Scalar])? {
    if case .write(let erase, let add) = access { (erase, add) } else { nil }
  }
}
