import NTM

/// The interface a person sets by hand on the DNC page, in teaching units: keys chosen as
/// memory rows, the write vector as one of the playground's ±1 patterns, one erase value for
/// every component, and the three fixes as switches. ``interface(memory:patterns:)`` turns it
/// into the library's ``DNCInterface``.
public struct DNCPlaygroundSettings: Hashable, Sendable {
  /// kʷ: a copy of this memory row (its values when the step is taken).
  public var writeKeyRow: Int = 0
  /// βʷ ≥ 1.
  public var writeKeyStrength: Float = 10
  /// gᵃ, gʷ.
  public var allocationGate: Float = 1
  public var writeGate: Float = 1
  /// e: the same value for every component.
  public var erase: Float = 1
  /// v: pattern number `addPattern` of the playground's ±1 patterns.
  public var addPattern: Int = 0
  /// f of the read head.
  public var freeGate: Float = 0
  /// kʳ: a copy of this memory row.
  public var readKeyRow: Int = 0
  /// βʳ ≥ 1.
  public var readKeyStrength: Float = 10
  /// π = (backward, content, forward).
  public var readMode: [Float] = [0, 0, 1]
  /// Csordás & Schmidhuber's three fixes.
  public var deallocation = false
  public var masking: DNCPlaygroundMask = .off
  public var linkSharpness: DNCPlaygroundSharpness = .off

  public init() {}

  /// The library's interface for these settings on `memory`: keys are the chosen rows' values,
  /// masks and sharpness present exactly when their fix is on.
  public func interface(memory: Matrix<Float>, patterns: [[Float]]) -> DNCInterface<Float> {
    let width = memory.columns
    let mask = masking.mask(width: width)
    return DNCInterface(
      write: DNCWriteInterface(
        key: memory.row(writeKeyRow), keyStrength: writeKeyStrength,
        erase: [Float](repeating: erase, count: width), add: patterns[addPattern % patterns.count],
        allocationGate: allocationGate, writeGate: writeGate,
        mask: mask.map { _ in [Float](repeating: 1, count: width) }),
      reads: [
        DNCReadInterface(
          key: memory.row(readKeyRow), keyStrength: readKeyStrength, freeGate: freeGate, readMode: readMode,
          mask: mask, sharpness: linkSharpness.exponents)
      ])
  }
}

/// Masking on the playground: off, or the read key compared on one half of the components only
/// (the write lookup gets an all-ones mask, which changes nothing).
public enum DNCPlaygroundMask: CaseIterable, Hashable, Sendable {
  case off, firstHalf, secondHalf

  public var label: String {
    switch self {
    case .off: "off"
    case .firstHalf: "first half"
    case .secondHalf: "last half"
    }
  }

  func mask(width: Int) -> [Float]? {
    switch self {
    case .off: nil
    case .firstHalf: (0..<width).map { $0 < (width + 1) / 2 ? 1 : 0 }
    case .secondHalf: (0..<width).map { $0 < (width + 1) / 2 ? 0 : 1 }
    }
  }
}

/// Link sharpness on the playground: off, or one exponent for the forward and backward
/// weightings.
public enum DNCPlaygroundSharpness: Hashable, Sendable {
  case off
  case exponent(Float)

  /// The steps ←/→ move along.
  public static let ladder: [DNCPlaygroundSharpness] = [.off, .exponent(2), .exponent(5), .exponent(10)]

  public var label: String {
    switch self {
    case .off: "off"
    case .exponent(let s): "\(Int(s))"
    }
  }

  var exponents: LinkExponents<Float>? {
    switch self {
    case .off: nil
    case .exponent(let s): LinkExponents(forward: s, backward: s)
    }
  }
}
