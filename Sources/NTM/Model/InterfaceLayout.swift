/// The layout of a vector that a controller emits through one linear layer and that is then cut
/// into named blocks, each activated on its own: the DNC's interface vector ξₜ (DNC.md's table),
/// and the pattern for an NTM head's parameters (docs/ntm.md's table).
///
/// The list of blocks is the one place the vector is described: its length, each block's offset,
/// the split into fields, the activations and their backward pass are all derived from it, so
/// adding a field (a mask, a sharpness exponent) is one line.
///
/// ```swift
/// enum Field: Hashable, CustomStringConvertible { case key, strength, gate
///   var description: String { "\(self)" } }
/// let layout = InterfaceLayout<Field>([(.key, 4, .identity), (.strength, 1, .oneplus), (.gate, 1, .sigmoid)])
/// let activated = layout.activate(raw)          // same length and layout as raw
/// let gate = activated[layout.range(of: .gate)] // one value in 0…1
/// ```
public struct InterfaceLayout<Field: Hashable & Sendable & CustomStringConvertible>: Sendable, Equatable {
  /// One field: its name, its place in the vector and its activation.
  public struct Block: Sendable, Equatable {
    public let field: Field
    public let offset: Int
    public let count: Int
    public let activation: InterfaceActivation
    public var range: Range<Int> { offset..<(offset + count) }
  }

  public private(set) var blocks: [Block] = []
  /// The length of the vector: the number of rows of the linear layer that emits it.
  public private(set) var count = 0
  private var index: [Field: Int] = [:]

  /// The blocks in the order the vector holds them.
  public init(_ fields: [(Field, Int, InterfaceActivation)]) {
    for (field, count, activation) in fields {
      precondition(index[field] == nil, "interface field \(field) appears twice")
      precondition(count >= 1, "interface field \(field) has \(count) values")
      index[field] = blocks.count
      blocks.append(Block(field: field, offset: self.count, count: count, activation: activation))
      self.count += count
    }
  }

  /// Whether the vector has this field (the optional fields of a configuration).
  public func contains(_ field: Field) -> Bool { index[field] != nil }

  /// Where a field's values sit in the vector; traps on a field the layout does not have,
  /// which is a programming error.
  public func range(of field: Field) -> Range<Int> {
    guard let i = index[field] else { preconditionFailure("the interface has no field \(field)") }
    return blocks[i].range
  }

  /// Each block's activation applied to its raw values; the result has the vector's layout.
  ///
  /// A block of one value is activated by the one-value function, a longer block by the
  /// whole-buffer form (eight values at a time for `Float`): the cheaper of the two for each,
  /// and the choice the NTM's head parameters have always made, so they keep their numbers.
  public func activate<S: NTMScalar>(_ raw: [S]) -> [S] {
    precondition(raw.count == count, "interface vector has \(raw.count) values; the layout \(count)")
    var activated = raw
    for block in blocks {
      let r = block.range
      switch block.activation {
      case .identity: break
      case .tanh:
        if block.count == 1 {
          activated[r.lowerBound] = S.tanh(raw[r.lowerBound])
        } else {
          activated.replaceSubrange(r, with: S.tanh(each: raw[r]))
        }
      case .sigmoid:
        if block.count == 1 {
          activated[r.lowerBound] = Activation.sigmoid(raw[r.lowerBound])
        } else {
          activated.replaceSubrange(r, with: S.sigmoid(each: raw[r]))
        }
      case .softplus:
        for i in r { activated[i] = Activation.softplus(raw[i]) }
      case .oneplus:
        for i in r { activated[i] = 1 + Activation.softplus(raw[i]) }
      case .softmax:
        activated.replaceSubrange(r, with: Activation.softmax(Array(raw[r])))
      }
    }
    return activated
  }

  /// The gradient with respect to the raw values, given the raw and activated vectors and the
  /// gradient with respect to the activated one (zero for fields that did not matter).
  public func backward<S: NTMScalar>(raw: [S], activated y: [S], gradient d: [S]) -> [S] {
    precondition(raw.count == count && y.count == count && d.count == count)
    var dRaw = d
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
        dRaw.replaceSubrange(
          r, with: Activation.softmaxBackward(output: Array(y[r]), gradient: Array(d[r])))
      }
    }
    return dRaw
  }
}

/// How a block of an interface vector is activated (the tables of docs/ntm.md and DNC.md).
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
  public let layout: InterfaceLayout<Field>
  /// The linear layer's output, before activation.
  public let raw: [Scalar]
  /// Each block activated.
  public let activated: [Scalar]

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
