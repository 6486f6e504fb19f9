/// The shape of a Neural Turing Machine: memory, controller, heads, shifts and the widths of
/// its input and output. Defaults are the paper's copy-task setup.
///
/// ```swift
/// var configuration = Configuration(inputWidth: 9, outputWidth: 8)
/// configuration.controller = .lstm(layers: 1, size: 100)
/// try configuration.validate()
/// ```
public struct Configuration: Codable, Sendable, Equatable {
  /// N: the number of memory locations (rows).
  public var memoryLocations: Int = 128
  /// M: the width of each location (columns).
  public var memoryWidth: Int = 20
  /// The controller network: an LSTM of one layer of 100 units by default, as the paper trained
  /// copy.
  public var controller: Controller = .lstm(layers: 1, size: 100)
  /// R: the number of read heads.
  public var readHeads: Int = 1
  /// W: the number of write heads; they act before the read heads in each step.
  public var writeHeads: Int = 1
  /// The allowed integer shifts. Offset +1 moves the focus to the next location (i → i + 1),
  /// −1 to the previous one, circularly over N.
  public var shifts: ClosedRange<Int> = -1...1
  /// The width of each input vector xₜ, set by the task.
  public var inputWidth: Int
  /// The width of each output yₜ, set by the task.
  public var outputWidth: Int
  /// How each head's key k is activated.
  public var keyActivation: KeyActivation = .tanh
  /// What M₀ is: every cell one constant (by default 1e-6; Collier & Beel found a small constant
  /// trains best), or a learned N × M block of parameters (`memory.initial`).
  public var memoryInitialisation: MemoryInitialisation = .standard
  /// Whether w₀, r₀ and the LSTM's h₀, c₀ are learned parameters (true) or fixed at their
  /// initial values.
  public var learnsInitialState: Bool = true

  /// The paper's copy setup (LSTM 100, memory 128 × 20, one read and one write head, shifts −1…1)
  /// for the given input and output widths; call ``validate()`` after changing it.
  public init(inputWidth: Int, outputWidth: Int) {
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
  }

  /// The controller network.
  public enum Controller: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Stacked LSTM layers of `size` units each, without peepholes.
    case lstm(layers: Int, size: Int)
    /// One hidden layer of `size` units; no state between steps.
    case feedforward(size: Int, activation: HiddenActivation)

    /// The width of the controller's output hᵗ, which the heads and the output layer read.
    public var outputSize: Int {
      switch self {
      case .lstm(_, let size), .feedforward(let size, _): size
      }
    }

    /// Parses the command-line form: `lstm:100`, `lstm:2x100`, `feedforward:100`,
    /// `feedforward:100:relu` (`ff` is short for `feedforward`).
    public init(parsing text: String) throws(ValueError) {
      let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      let bad = ValueError(
        field: "controller", value: "'\(text)'",
        requirement: "is not of the form lstm:SIZE, lstm:LAYERSxSIZE or feedforward:SIZE[:tanh|relu]")
      guard parts.count >= 2 else { throw bad }
      switch parts[0] {
      case "lstm":
        guard parts.count == 2 else { throw bad }
        // Every piece must be a number: "lstm:2x", "lstm:x5" and "lstm:2xabc" are refused.
        let pieces = parts[1].split(separator: "x", omittingEmptySubsequences: false)
        let dims = pieces.compactMap { Int($0) }
        guard dims.count == pieces.count else { throw bad }
        if dims.count == 1 {
          self = .lstm(layers: 1, size: dims[0])
        } else if dims.count == 2 {
          self = .lstm(layers: dims[0], size: dims[1])
        } else {
          throw bad
        }
      case "feedforward", "ff":
        guard parts.count <= 3, let size = Int(parts[1]) else { throw bad }
        let activation = parts.count == 3 ? HiddenActivation(rawValue: parts[2]) : .tanh
        guard let activation else { throw bad }
        self = .feedforward(size: size, activation: activation)
      default:
        throw bad
      }
    }

    /// Refuses a layer count or size outside `Limits`, naming the controller.
    public func validate() throws(ValueError) {
      switch self {
      case .lstm(let layers, let size):
        try Limits.check(layers, in: Limits.controllerLayers, "controller \(self): layers")
        try Limits.check(size, in: Limits.controllerSize, "controller \(self): size")
      case .feedforward(let size, _):
        try Limits.check(size, in: Limits.controllerSize, "controller \(self): size")
      }
    }

    /// Stored in its command-line form, e.g. "lstm:100", so checkpoints read naturally.
    public init(from decoder: any Decoder) throws {
      let text = try decoder.singleValueContainer().decode(String.self)
      do { self = try Controller(parsing: text) } catch {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: error.description))
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(description)
    }

    /// The command-line form, the inverse of `init(parsing:)`.
    public var description: String {
      switch self {
      case .lstm(let layers, let size): layers == 1 ? "lstm:\(size)" : "lstm:\(layers)x\(size)"
      case .feedforward(let size, let activation): "feedforward:\(size):\(activation.rawValue)"
      }
    }
  }

  /// How the memory M₀ that every sequence starts from is set.
  ///
  /// A constant memory has every row the same, so content addressing of a fresh memory can only
  /// give a uniform weighting: a head can reach a location chosen from a number it computes
  /// (the priority in priority sort) only by shifting from where it was. A learned M₀ gives the
  /// rows distinct contents that keys can address from the first step.
  public enum MemoryInitialisation: Sendable, Equatable, CustomStringConvertible {
    /// Every cell starts at this value.
    case constant(Float)
    /// M₀ is the parameter block `memory.initial` (N × M), trained with the rest.
    case learned

    /// Every cell 1e-6, Collier & Beel's choice: the default, and what `constant` means.
    public static var standard: Self { .constant(1e-6) }

    /// Parses the command-line form: `learned`, `constant` (the default 1e-6) or `constant:VALUE`.
    public init(parsing text: String) throws(ValueError) {
      let parts = text.lowercased().split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      if parts == ["learned"] {
        self = .learned
      } else if parts == ["constant"] {
        self = .standard
      } else if parts.count == 2, parts[0] == "constant", let value = Float(parts[1]), value.isFinite {
        self = .constant(value)
      } else {
        throw ValueError(
          field: "memory initialisation", value: "'\(text)'",
          requirement: "is not one of learned, constant or constant:VALUE (a finite number)")
      }
    }

    /// The command-line form, the inverse of `init(parsing:)`.
    public var description: String {
      switch self {
      case .constant(let value): "constant:\(value)"
      case .learned: "learned"
      }
    }
  }

  /// The activation of a feedforward controller's hidden layer.
  public enum HiddenActivation: String, Codable, Sendable {
    /// tanh, as the paper's feedforward controllers.
    case tanh
    /// max(x, 0).
    case relu
  }

  /// The activation of the key vector k (docs/ntm.md lets us choose; tanh keeps keys in −1…1 like
  /// the add vectors that fill memory).
  public enum KeyActivation: String, Codable, Sendable {
    /// tanh, keeping keys in −1…1 like the add vectors that fill memory.
    case tanh
    /// No activation.
    case identity
  }

  /// S: the width of the shift window.
  public var shiftCount: Int { shifts.count }

  /// Refuses a configuration that cannot be built or exceeds `Limits`, naming the field, the
  /// value and the limit. Sizes are multiplied in overflow-checked arithmetic, so a configuration
  /// read from a file can be checked before anything is allocated for it.
  public func validate() throws(ValueError) {
    try Limits.check(memoryLocations, in: Limits.memoryLocations, "memory locations N")
    try Limits.check(memoryWidth, in: Limits.memoryWidth, "memory width M")
    let cells = Checked.product(memoryLocations, memoryWidth)
    guard let cells, Limits.memoryCells.contains(cells) else {
      throw ValueError(
        field: "memory", value: "\(memoryLocations)x\(memoryWidth)",
        requirement: "has \(Checked.describe(cells)) cells; the limit is \(Limits.memoryCells.upperBound)")
    }
    try Limits.check(inputWidth, in: Limits.vectorWidth, "input width")
    try Limits.check(outputWidth, in: Limits.vectorWidth, "output width")
    try Limits.check(readHeads, in: Limits.heads, "read heads")
    try Limits.check(writeHeads, in: Limits.heads, "write heads")
    try validateShifts()
    if case .constant(let value) = memoryInitialisation, !value.isFinite {
      throw ValueError(field: "memory initial value", value: "\(value)", requirement: "must be finite")
    }
    try controller.validate()
    try Limits.checkParameterCount(ParameterLayout.checkedCount(self), "configuration")
  }

  /// The window must contain 0 and be no wider than the memory. Its width is computed without
  /// trapping: a window read from a file may span all of `Int`.
  private func validateShifts() throws(ValueError) {
    let window = "\(shifts.lowerBound)...\(shifts.upperBound)"
    guard shifts.contains(0) else {
      throw ValueError(field: "shift window", value: window, requirement: "must contain offset 0")
    }
    let (span, overflow) = shifts.upperBound.subtractingReportingOverflow(shifts.lowerBound)
    let offsets = overflow ? nil : Checked.sum(span, 1)
    guard let offsets, offsets <= memoryLocations else {
      throw ValueError(
        field: "shift window", value: window,
        requirement:
          "has \(Checked.describe(offsets)) offsets, more than the memory's \(memoryLocations) locations")
    }
  }

  /// The width of the controller's input x̂ₜ = [xₜ; rₜ₋₁¹ … rₜ₋₁ᴿ].
  public var controllerInputWidth: Int { inputWidth + readHeads * memoryWidth }
}

/// Stored as the synthesised coding would store it, so that a constant M₀ keeps the key
/// `memoryInitialValue` every checkpoint and trace written before learned memory has; a learned
/// M₀ writes `"memoryInitialisation": "learned"` instead, a key older readers refuse rather than
/// misread (they find `memoryInitialValue` missing).
extension Configuration {
  private enum CodingKeys: String, CodingKey {
    case memoryLocations, memoryWidth, controller, readHeads, writeHeads, shifts, inputWidth, outputWidth
    case keyActivation, memoryInitialValue, memoryInitialisation, learnsInitialState
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    inputWidth = try container.decode(Int.self, forKey: .inputWidth)
    outputWidth = try container.decode(Int.self, forKey: .outputWidth)
    memoryLocations = try container.decode(Int.self, forKey: .memoryLocations)
    memoryWidth = try container.decode(Int.self, forKey: .memoryWidth)
    controller = try container.decode(Controller.self, forKey: .controller)
    readHeads = try container.decode(Int.self, forKey: .readHeads)
    writeHeads = try container.decode(Int.self, forKey: .writeHeads)
    shifts = try container.decode(ClosedRange<Int>.self, forKey: .shifts)
    keyActivation = try container.decode(KeyActivation.self, forKey: .keyActivation)
    learnsInitialState = try container.decode(Bool.self, forKey: .learnsInitialState)
    if let text = try container.decodeIfPresent(String.self, forKey: .memoryInitialisation) {
      // Only `learned` is written under this key; a constant is `memoryInitialValue`.
      func refuse(_ problem: String) -> DecodingError {
        .dataCorruptedError(forKey: .memoryInitialisation, in: container, debugDescription: problem)
      }
      guard text == MemoryInitialisation.learned.description else {
        throw refuse("memoryInitialisation is '\(text)'; the only value stored under it is 'learned'")
      }
      guard !container.contains(.memoryInitialValue) else {
        throw refuse(
          "memoryInitialisation 'learned' and memoryInitialValue both given; a learned M0 has no constant")
      }
      memoryInitialisation = .learned
    } else {
      memoryInitialisation = .constant(try container.decode(Float.self, forKey: .memoryInitialValue))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(inputWidth, forKey: .inputWidth)
    try container.encode(outputWidth, forKey: .outputWidth)
    try container.encode(memoryLocations, forKey: .memoryLocations)
    try container.encode(memoryWidth, forKey: .memoryWidth)
    try container.encode(controller, forKey: .controller)
    try container.encode(readHeads, forKey: .readHeads)
    try container.encode(writeHeads, forKey: .writeHeads)
    try container.encode(shifts, forKey: .shifts)
    try container.encode(keyActivation, forKey: .keyActivation)
    try container.encode(learnsInitialState, forKey: .learnsInitialState)
    switch memoryInitialisation {
    case .constant(let value): try container.encode(value, forKey: .memoryInitialValue)
    case .learned:
      try container.encode(MemoryInitialisation.learned.description, forKey: .memoryInitialisation)
    }
  }
}
