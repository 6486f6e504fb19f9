/// The layout of a vector that a controller emits through one linear layer and that is then cut
/// into named blocks, each activated on its own: an NTM head's parameters (docs/ntm.md's table,
/// `Configuration.headLayout`) and the DNC's interface vector ξₜ (docs/dnc.md's table,
/// `DNCConfiguration.interfaceLayout`).
///
/// The list of blocks is the one place the vector is described: its length, each block's offset,
/// the split into fields, the activations and their backward pass are all derived from it, so
/// adding a field (a mask, a sharpness exponent) is one line.
///
/// ```swift
/// enum Field: Hashable, CustomStringConvertible { case key, strength, gate
///   var description: String { "\(self)" } }
/// let layout = InterfaceLayout<Field>([(.key, .vector(4), .identity), (.strength, .one, .oneplus),
///                                      (.gate, .one, .sigmoid)])
/// let activated = layout.activate(raw)          // same length and layout as raw
/// let gate = activated[layout.range(of: .gate)] // one value in 0…1
/// ```
public struct InterfaceLayout<Field: Hashable & Sendable & CustomStringConvertible>: Sendable, Equatable {
  /// One field: its name, its place in the vector and its activation.
  public struct Block: Sendable, Equatable {
    /// The field's name.
    public let field: Field
    /// Where its values start in the vector.
    public let offset: Int
    /// The number of its values.
    public let count: Int
    /// Whether it is a vector field (a key, an erase vector) rather than a one-value field (a
    /// gate, a strength), even when it has one value: the two are activated by different forms
    /// of the same function (see ``InterfaceLayout/activate(_:)``).
    public let isVector: Bool
    /// How its values are activated.
    public let activation: InterfaceActivation
    /// Its values' indices in the vector.
    public var range: Range<Int> { offset..<(offset + count) }
  }

  /// The blocks, in the order the vector holds them.
  public private(set) var blocks: [Block] = []
  /// The length of the vector: the number of rows of the linear layer that emits it.
  public private(set) var count = 0
  private var index: [Field: Int] = [:]

  /// The blocks in the order the vector holds them.
  public init(_ fields: [(Field, InterfaceFieldSize, InterfaceActivation)]) {
    for (field, size, activation) in fields {
      precondition(index[field] == nil, "interface field \(field) appears twice")
      let (count, isVector) = (size.count, size != .one)
      precondition(count >= 1, "interface field \(field) has \(count) values")
      index[field] = blocks.count
      blocks.append(
        Block(field: field, offset: self.count, count: count, isVector: isVector, activation: activation))
      self.count += count
    }
  }

  /// Whether the vector has this field (the optional fields of a configuration).
  public func contains(_ field: Field) -> Bool { index[field] != nil }

  /// Where a field's values sit in the vector; traps on a field the layout does not have,
  /// which is a programming error.
  public func range(of field: Field) -> Range<Int> {
    // A scan of the few blocks rather than the dictionary: hashing the field cost more, and
    // this is asked several times per head and step.
    guard let block = blocks.first(where: { $0.field == field }) else {
      preconditionFailure("the interface has no field \(field)")
    }
    return block.range
  }

  /// Each block's activation applied to its raw values; the result has the vector's layout.
  ///
  /// A one-value field is activated by the one-value function, a vector field by the
  /// whole-buffer form (eight values at a time for `Float`), even when it has one value: the
  /// choice the NTM's head parameters have always made, so that they keep their numbers bit for
  /// bit at any memory width.
  public func activate<S: NTMScalar>(_ raw: [S]) -> [S] {
    var activated: [S] = []
    activate(raw, into: &activated)
    return activated
  }

  /// `activate` into `activated`, its buffer kept when it can be.
  func activate<S: NTMScalar>(_ raw: [S], into activated: inout [S]) {
    precondition(raw.count == count, "interface vector has \(raw.count) values; the layout \(count)")
    activated.overwrite(copying: raw)
    activated.withUnsafeMutableBufferPointer { activated in
      let a = activated.baseAddress!
      for block in blocks {
        let r = block.range
        let values = UnsafeMutableBufferPointer(start: a + r.lowerBound, count: r.count)
        switch block.activation {
        case .identity: break
        case .tanh:
          if block.isVector { S.formTanh(values) } else { a[r.lowerBound] = S.tanh(raw[r.lowerBound]) }
        case .sigmoid:
          if block.isVector {
            S.formSigmoid(values)
          } else {
            a[r.lowerBound] = Activation.sigmoid(raw[r.lowerBound])
          }
        case .softplus:
          for i in r { a[i] = Activation.softplus(raw[i]) }
        case .oneplus:
          for i in r { a[i] = 1 + Activation.softplus(raw[i]) }
        case .softmax:
          Activation.softmax(UnsafeBufferPointer(values), scaledBy: 1, into: values.baseAddress!)
        }
      }
    }
  }

  /// The gradient with respect to the raw values, given the raw and activated vectors and the
  /// gradient with respect to the activated one (zero for fields that did not matter).
  public func backward<S: NTMScalar>(raw: [S], activated y: [S], gradient d: [S]) -> [S] {
    var dRaw: [S] = []
    backward(raw: raw, activated: y, gradient: d, into: &dRaw)
    return dRaw
  }

  /// `backward` into `dRaw`, its buffer kept when it can be.
  func backward<S: NTMScalar>(raw: [S], activated y: [S], gradient d: [S], into dRaw: inout [S]) {
    precondition(raw.count == count && y.count == count && d.count == count)
    dRaw.overwrite(copying: d)
    dRaw.withUnsafeMutableBufferPointer { dRaw in
      for block in blocks {
        let r = block.range
        switch block.activation {
        case .identity: break
        case .tanh:
          for i in r { dRaw[i] = d[i] * (1 - y[i] * y[i]) }
        case .sigmoid:
          for i in r { dRaw[i] = d[i] * y[i] * (1 - y[i]) }
        case .softplus, .oneplus:
          for i in r { dRaw[i] = d[i] * Activation.sigmoid(raw[i]) }  // softplus′ = σ
        case .softmax:
          // `Activation.softmaxBackward` in place: p ∘ (dp − Σ p dp).
          var inner: S = 0
          for i in r { inner += y[i] * d[i] }
          for i in r { dRaw[i] = y[i] * (d[i] - inner) }
        }
      }
    }
  }
}

/// How many values a field of an interface vector has: one (a gate, a strength) or a vector of
/// them (a key, an erase vector, a distribution), which may also have one value (a key at memory
/// width 1).
public enum InterfaceFieldSize: Sendable, Equatable {
  /// A one-value field.
  case one
  /// A vector field of this many values.
  case vector(Int)

  /// The number of values.
  public var count: Int {
    switch self {
    case .one: 1
    case .vector(let n): n
    }
  }

  /// The number of values in all the fields, or nil if it does not fit in an `Int` (for sizes
  /// read from a file, before a layout is built).
  static func checkedCount(_ sizes: [InterfaceFieldSize]) -> Int? {
    sizes.reduce(0) { Checked.sum($0, $1.count) }
  }
}

/// How a block of an interface vector is activated (the tables of docs/ntm.md and docs/dnc.md).
public enum InterfaceActivation: String, Sendable, Equatable, Codable {
  /// Used as emitted (DNC keys and write vectors).
  case identity
  /// In −1…1.
  case tanh
  /// In 0…1: gates, erase vectors, masks.
  case sigmoid
  /// log(1 + eˣ) ≥ 0: the NTM's key strength.
  case softplus
  /// 1 + log(1 + eˣ) ≥ 1: the DNC's key strengths, the NTM's sharpening, link sharpness.
  case oneplus
  /// A distribution over the block: the NTM's shift weighting, a DNC read head's modes.
  case softmax
}

/// One interface vector as a controller emitted it: the raw values and their activations, read
/// by field. Every step record that holds one can be listed field by field from its layout (a
/// trace needs no list of its own).
public struct InterfaceVector<Field: Hashable & Sendable & CustomStringConvertible, Scalar: NTMScalar>:
  Sendable, Equatable
{
  // Settable inside the module so that a trainer's DNC step can write a kept record's vector in
  // place (`DNC.step(_:from:input:into:scratch:)`).
  public internal(set) var layout: InterfaceLayout<Field>
  /// The linear layer's output, before activation.
  public internal(set) var raw: [Scalar]
  /// Each block activated.
  public internal(set) var activated: [Scalar]

  public init(layout: InterfaceLayout<Field>, raw: [Scalar]) {
    self.layout = layout
    self.raw = raw
    activated = layout.activate(raw)
  }

  /// A field's activated values.
  public subscript(field: Field) -> ArraySlice<Scalar> { activated[layout.range(of: field)] }

  /// A one-value field's activated value.
  public func value(_ field: Field) -> Scalar { activated[layout.range(of: field).lowerBound] }

  /// A field's activated values, or nil when the layout does not have it (a fix turned off).
  public func ifPresent(_ field: Field) -> [Scalar]? {
    layout.contains(field) ? Array(self[field]) : nil
  }
}

extension InterfaceLayout {
  /// Adds `values` into a field's place in `vector`, a gradient laid out as the interface.
  func accumulate<S: NTMScalar, C: Collection<S>>(_ values: C, into vector: inout [S], at field: Field) {
    let r = range(of: field)
    precondition(values.count == r.count, "\(values.count) values for interface field \(field)")
    for (i, value) in zip(r, values) { vector[i] += value }
  }

  /// `accumulate` for a one-value field.
  func accumulate<S: NTMScalar>(_ value: S, into vector: inout [S], at field: Field) {
    vector[range(of: field).lowerBound] += value
  }
}
