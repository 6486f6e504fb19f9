/// The kind of a memory-augmented machine, as `--machine` and a checkpoint's metadata name it.
public enum MachineKind: String, Sendable, CaseIterable, Codable {
  /// The Neural Turing Machine (Graves et al. 2014; docs/ntm.md).
  case ntm
  /// The Differentiable Neural Computer (Graves et al. 2016; docs/dnc.md, docs/dnc.md).
  case dnc

  /// "an" or "a", as the title is read aloud ("an NTM", "a DNC").
  public var article: String {
    switch self {
    case .ntm: "an"
    case .dnc: "a"
    }
  }

  /// The machine's name in a sentence.
  public var title: String {
    switch self {
    case .ntm: "NTM"
    case .dnc: "DNC"
    }
  }
}

/// The shape of either machine: the NTM's ``Configuration`` or the DNC's ``DNCConfiguration``.
///
/// What both have (the task's widths, memory, read heads, controller) is read here without
/// asking which machine it is; what differs stays in each case's own type.
public enum MachineConfiguration: Sendable, Equatable {
  case ntm(Configuration)
  case dnc(DNCConfiguration)

  /// Which machine.
  public var kind: MachineKind {
    switch self {
    case .ntm: .ntm
    case .dnc: .dnc
    }
  }

  /// The configuration held, as what both machines' configurations have.
  private var shape: any MachineShape {
    switch self {
    case .ntm(let c): c
    case .dnc(let c): c
    }
  }

  /// The width of each input vector xₜ.
  public var inputWidth: Int { shape.inputWidth }
  /// The width of each output vector yₜ.
  public var outputWidth: Int { shape.outputWidth }
  /// N: the number of memory locations.
  public var memoryLocations: Int { shape.memoryLocations }
  /// The width of each location (M for the NTM, W for the DNC).
  public var memoryWidth: Int { shape.memoryWidth }
  /// The number of read heads.
  public var readHeads: Int { shape.readHeads }
  /// The controller network.
  public var controller: Configuration.Controller { shape.controller }
  /// Whether the initial state's blocks are learned.
  public var learnsInitialState: Bool { shape.learnsInitialState }

  /// The number of write heads (always one for the DNC).
  public var writeHeads: Int {
    switch self {
    case .ntm(let c): c.writeHeads
    case .dnc: 1
    }
  }

  /// Refuses a configuration that cannot be built, naming the field, its value and the limit.
  public func validate() throws(ValueError) {
    switch self {
    case .ntm(let c): try c.validate()
    case .dnc(let c): try c.validate()
    }
  }

  /// The number of learned values, computed without building the layout, or nil if it does not
  /// fit in an `Int` (for a configuration read from a file).
  public var checkedParameterCount: Int? {
    switch self {
    case .ntm(let c): ParameterLayout.checkedCount(c)
    case .dnc(let c): ParameterLayout.checkedCount(c)
    }
  }

  /// Where each named block of the machine's parameters lies (nothing allocated).
  public var parameterLayout: ParameterLayout {
    switch self {
    case .ntm(let c): ParameterLayout(c)
    case .dnc(let c): ParameterLayout(blocks: DNCParameters<Float>.blocks(c, interface: c.interfaceLayout))
    }
  }

  /// One line for a person: machine, controller, memory and heads.
  public var summary: String {
    let memory = "memory \(memoryLocations)x\(memoryWidth)"
    return "\(kind.title), \(controller), \(memory), \(readHeads) read / \(writeHeads) write heads"
  }
}

/// What the NTM's and the DNC's configurations both have: the task's widths, the controller, the
/// memory's shape and the read heads. A new machine's request sets these the same way for either.
public protocol MachineShape: Sendable {
  var inputWidth: Int { get }
  var outputWidth: Int { get }
  var controller: Configuration.Controller { get set }
  var memoryLocations: Int { get set }
  var memoryWidth: Int { get set }
  var readHeads: Int { get set }
  var learnsInitialState: Bool { get set }
}

extension Configuration: MachineShape {}
extension DNCConfiguration: MachineShape {}
