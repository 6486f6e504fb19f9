/// The shape of a Differentiable Neural Computer (docs/dnc.md): memory, R read heads and one write
/// head, the controller, the key activation and the three fixes of Csordás & Schmidhuber.
/// Defaults are the copy task's setup (N = 32, W = 16, one read head, an LSTM of 100).
///
/// ```swift
/// var configuration = DNCConfiguration(inputWidth: 9, outputWidth: 8)
/// configuration.memoryLocations = 16
/// configuration.deallocation = true
/// try configuration.validate()
/// ```
public struct DNCConfiguration: Codable, Sendable, Equatable {
  /// N: the number of memory locations. The link matrix is N × N per step.
  public var memoryLocations: Int = 32
  /// W: the width of each location.
  public var memoryWidth: Int = 16
  /// R: the number of read heads (there is always one write head).
  public var readHeads: Int = 1
  /// The controller, shared with the NTM: an LSTM (docs/dnc.md), or a feedforward network (the DNC
  /// paper's memory-allocation test used one).
  public var controller: Configuration.Controller = .lstm(layers: 1, size: 100)
  public var inputWidth: Int
  public var outputWidth: Int
  /// The activation of the read and write keys. Identity, as in DeepMind's implementation:
  /// memory holds write vectors, which are not squashed either, so a key can match any of them.
  public var keyActivation: Configuration.KeyActivation = .identity
  /// Csordás & Schmidhuber's memory masking: each lookup compares `k ∘ m` with `M[i] ∘ m` for a
  /// mask m the controller emits per key.
  public var masking = false
  /// Csordás & Schmidhuber's de-allocation: the retention ψₜ also wipes freed locations,
  /// `Mₜ = Mₜ₋₁ ∘ ψₜ 1ᵀ ∘ (E − wʷ eᵀ) + wʷ vᵀ`, so a freed location's old content no longer
  /// matches a key.
  public var deallocation = false
  /// Csordás & Schmidhuber's link distribution sharpness: each read head's forward and backward
  /// weightings are sharpened by learned exponents.
  public var linkSharpness = false
  /// Whether the LSTM's h₀ and c₀ are learned parameters (true) or fixed at zero. The rest of
  /// the initial state is fixed at zero: nothing written, nothing read, no usage, no links.
  public var learnsInitialState = true

  public init(inputWidth: Int, outputWidth: Int) {
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
  }

  /// The largest N: one step's link matrix is N² values, and backpropagation keeps one per step
  /// (4 MB a step at N = 1024).
  public static let maximumMemoryLocations = 1024

  /// Refuses a configuration that cannot be built, naming the field, its value and the limit.
  public func validate() throws(ConfigurationError) {
    func require(_ value: Int, _ field: String, _ valid: ClosedRange<Int>) throws(ConfigurationError) {
      guard !valid.contains(value) else { return }
      throw ConfigurationError(
        "DNC \(field) = \(value): must be between \(valid.lowerBound) and \(valid.upperBound)")
    }
    try require(memoryLocations, "memory locations N", 1...Self.maximumMemoryLocations)
    try require(memoryWidth, "memory width W", 1...4096)
    try require(readHeads, "read heads R", 1...64)
    try require(inputWidth, "input width", 1...1 << 20)
    try require(outputWidth, "output width", 1...1 << 20)
    switch controller {
    case .lstm(let layers, let size):
      try require(layers, "controller \(controller) layers", 1...64)
      try require(size, "controller \(controller) size", 1...16_384)
    case .feedforward(let size, _):
      try require(size, "controller \(controller) size", 1...16_384)
    }
    try Limits.checkParameterCount(ParameterLayout.checkedCount(self), "DNC configuration")
  }

  /// The width of the controller's input x̂ₜ = [xₜ; rₜ₋₁¹ … rₜ₋₁ᴿ].
  public var controllerInputWidth: Int { inputWidth + readHeads * memoryWidth }

  /// The interface vector ξₜ, block by block: docs/dnc.md's table in its order, then the masks (when
  /// masking) and the sharpness exponents (when sharpening links).
  public var interfaceLayout: InterfaceLayout<DNCInterfaceField> {
    typealias F = DNCInterfaceField
    let w = memoryWidth
    let heads = 0..<readHeads
    let key: InterfaceActivation = keyActivation == .tanh ? .tanh : .identity
    var fields: [(F, InterfaceFieldSize, InterfaceActivation)] = heads.map {
      (F.readKey($0), .vector(w), key)
    }
    fields += heads.map { (F.readKeyStrength($0), .one, .oneplus) }
    fields += [
      (.writeKey, .vector(w), key), (.writeKeyStrength, .one, .oneplus), (.erase, .vector(w), .sigmoid),
      (.add, .vector(w), .identity),
    ]
    fields += heads.map { (F.freeGate($0), .one, .sigmoid) }
    fields += [(.allocationGate, .one, .sigmoid), (.writeGate, .one, .sigmoid)]
    fields += heads.map { (F.readMode($0), .vector(3), .softmax) }
    if masking {
      fields += heads.map { (F.readMask($0), .vector(w), .sigmoid) }
      fields.append((.writeMask, .vector(w), .sigmoid))
    }
    if linkSharpness {
      fields += heads.map { (F.forwardSharpness($0), .one, .oneplus) }
      fields += heads.map { (F.backwardSharpness($0), .one, .oneplus) }
    }
    return InterfaceLayout(fields)
  }
}

/// A field of the DNC's interface vector ξₜ, named as docs/dnc.md names it. Read-head fields carry
/// the head's index.
public enum DNCInterfaceField: Hashable, Sendable, CustomStringConvertible {
  /// kʳ'ⁱ (W values).
  case readKey(Int)
  /// βʳ'ⁱ = oneplus(…) ≥ 1.
  case readKeyStrength(Int)
  /// kʷ (W values).
  case writeKey
  /// βʷ ≥ 1.
  case writeKeyStrength
  /// e ∈ [0, 1]ᵂ.
  case erase
  /// v, the write vector (W values).
  case add
  /// fⁱ ∈ [0, 1]: may read head i's location of the last step be freed.
  case freeGate(Int)
  /// gᵃ ∈ [0, 1]: allocation (1) against content (0) for the write.
  case allocationGate
  /// gʷ ∈ [0, 1]: whether to write at all.
  case writeGate
  /// πⁱ: a distribution over (backward, content, forward).
  case readMode(Int)
  /// Masking only: the mask of read head i's lookup (W values in 0…1).
  case readMask(Int)
  /// Masking only: the mask of the write lookup.
  case writeMask
  /// Link sharpness only: the exponent of read head i's forward weighting, ≥ 1.
  case forwardSharpness(Int)
  /// Link sharpness only: the exponent of read head i's backward weighting, ≥ 1.
  case backwardSharpness(Int)

  /// The head the field belongs to: `write` or `read0`, `read1` …
  public var head: String {
    switch self {
    case .readKey(let i), .readKeyStrength(let i), .freeGate(let i), .readMode(let i), .readMask(let i),
      .forwardSharpness(let i), .backwardSharpness(let i):
      "read\(i)"
    case .writeKey, .writeKeyStrength, .erase, .add, .allocationGate, .writeGate, .writeMask: "write"
    }
  }

  /// The field's name within its head, as traces and step records spell it (docs/dnc.md).
  public var name: String {
    switch self {
    case .readKey, .writeKey: "key"
    case .readKeyStrength, .writeKeyStrength: "keyStrength"
    case .erase: "erase"
    case .add: "add"
    case .freeGate: "freeGate"
    case .allocationGate: "allocationGate"
    case .writeGate: "writeGate"
    case .readMode: "readMode"
    case .readMask, .writeMask: "mask"
    case .forwardSharpness: "forwardSharpness"
    case .backwardSharpness: "backwardSharpness"
    }
  }

  /// `head.name`, e.g. `read0.keyStrength`.
  public var description: String { "\(head).\(name)" }
}
